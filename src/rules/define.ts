/**
 * The rule contract, ESLint's shape typed: `defineRule({ meta, create })`. `create` returns visitors keyed by
 * libpg-query node type (called for every such node inside each statement) plus `Statement` and `File:exit`
 * hooks for rules that keep state across statements.
 */
import type { Catalog, Table } from '../catalog/types.js';
import type { ParsedStatement } from '../parse/parse-sql.js';
import type { Category, FormatName, Severity, TransactionMode } from '../report/types.js';
import type { AncestorEntry } from '../sql/walk.js';
import type { QualifiedName } from '../sql/names.js';

export interface RuleMeta<M extends string> {
  id: string;
  /** Imperative: "Require CREATE INDEX CONCURRENTLY on existing tables". */
  description: string;
  category: Category;
  severity: Severity;
  /** Enabled without configuration. */
  recommended: boolean;
  messages: Record<M, string>;
  /** The safe recipe, one or two lines. */
  fix: string;
  /** The rule applies only from/to these Postgres major versions (inclusive). */
  minPgVersion?: number;
  maxPgVersion?: number;
  /** Documented options with their defaults. */
  defaultOptions?: Record<string, unknown>;
}

/** Where the statement runs, as the framework and the file's own BEGIN/COMMIT decide. */
export interface TransactionState {
  inTransaction: boolean;
  /** `framework`: the migration tool wraps it; `explicit`: the file's own BEGIN; `implicit`: one multi-statement query. */
  source: 'framework' | 'explicit' | 'implicit' | null;
  /** Statements that share a transaction share this id; null outside transactions. */
  id: number | null;
}

export interface StatementContext extends ParsedStatement {
  transaction: TransactionState;
}

export interface ReportDescriptor<M extends string> {
  messageId: M;
  data?: Record<string, string | number>;
  /** A byte offset in the file (a node's `location`) to point at; default: the whole statement. */
  location?: number;
  /** Report on another statement than the current one (for `File:exit`). */
  statementIndex?: number;
  /** Override the fix text for this finding (e.g. with names filled in). */
  fix?: string;
  /**
   * A milder severity for this finding (e.g. a caveat rather than a certainty). The finding gets the milder of
   * this and the configured severity, so a user's config can still only lower it.
   */
  severity?: Severity;
}

export interface RuleContext<M extends string> {
  readonly file: { path: string; format: FormatName; transaction: TransactionMode };
  readonly pgVersion: number;
  /** The schema just before the current statement. */
  readonly catalog: Catalog;
  /** The current statement; undefined only inside `File:exit`. */
  readonly statement: StatementContext;
  readonly statements: readonly StatementContext[];
  readonly options: Readonly<Record<string, unknown>>;
  report(descriptor: ReportDescriptor<M>): void;
  /** The table as the catalog knows it, or undefined. */
  table(name: QualifiedName): Table | undefined;
  /**
   * True when the table may hold data in production: it was not created by the migrations being checked.
   * A table the catalog has never seen counts as existing (we cannot prove it is new).
   */
  isExistingTable(name: QualifiedName): boolean;
}

export type NodeHandler = (node: any, ancestors: readonly AncestorEntry[]) => void;

export interface RuleVisitors {
  /** Called once per top-level statement, before its nodes are visited. */
  Statement?: (statement: StatementContext) => void;
  /** Called after the last statement; report with `statementIndex`. */
  'File:exit'?: () => void;
  [nodeType: string]: NodeHandler | undefined;
}

export interface Rule<M extends string = string> {
  meta: RuleMeta<M>;
  create(ctx: RuleContext<M>): RuleVisitors;
}

export function defineRule<M extends string>(rule: Rule<M>): Rule<M> {
  return rule;
}

/** Where rule documentation is published; findings link to `${DOCS_BASE}/<rule-id>.md`. */
export const DOCS_BASE = 'https://github.com/migrascope/migrascope/blob/main/docs/rules';

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE}/${ruleId}.md`;
}
