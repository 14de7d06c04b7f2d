import type { RuleMetaForReport } from '../report/rule-meta.js';
import { docsUrl, type Rule } from '../rules/define.js';
import { RUN_FINDINGS } from '../run/findings.js';
import { BUILTIN_FINDINGS } from './builtin-findings.js';

/** Rules and built-in findings as renderers see them (SARIF lists them with their help). */
export function ruleMetaForReport(rules: readonly Rule[]): RuleMetaForReport[] {
  const fromRules = rules.map(({ meta }) => ({ id: meta.id, description: meta.description, category: meta.category, severity: meta.severity, fix: meta.fix, docsUrl: docsUrl(meta.id) }));
  const builtins = [...Object.values(BUILTIN_FINDINGS), ...Object.values(RUN_FINDINGS)].map((b) => ({ id: b.id, description: b.description, category: b.category, severity: b.severity, fix: b.fix, docsUrl: docsUrl(b.id) }));
  return [...fromRules, ...builtins];
}
