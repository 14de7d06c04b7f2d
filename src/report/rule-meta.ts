import type { Category, Severity } from './types.js';

/**
 * What a renderer needs to know about a rule, apart from the findings themselves (SARIF lists rules with their
 * descriptions). A projection of the rules' `meta`, so `report/` does not import `rules/`.
 */
export interface RuleMetaForReport {
  id: string;
  /** Imperative, one line: "Require CREATE INDEX CONCURRENTLY on existing tables". */
  description: string;
  category: Category;
  /** The rule's default severity (a finding may carry another one from config). */
  severity: Severity;
  /** The safe recipe, in one or two lines. */
  fix: string;
  docsUrl: string;
}
