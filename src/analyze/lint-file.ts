/**
 * Runs the configured rules over one parsed migration file, statement by statement, advancing the catalog
 * as it goes so every rule sees the schema exactly as it is before the statement it looks at.
 */
import { applyStatement } from '../catalog/apply.js';
import type { Catalog } from '../catalog/types.js';
import type { ParsedSql } from '../parse/parse-sql.js';
import { spanOf } from '../parse/parse-sql.js';
import { severityRank, type Finding, type FormatName, type Severity, type StatementReport, type TransactionMode } from '../report/types.js';
import { docsUrl, type NodeHandler, type Rule, type RuleContext, type StatementContext } from '../rules/define.js';
import { keyOf } from '../sql/names.js';
import { walkNode, type AncestorEntry } from '../sql/walk.js';
import { applyIgnores, readIgnores } from './ignores.js';
import { transactionStates } from './transactions.js';
import { builtinFinding } from './builtin-findings.js';

export interface ConfiguredRule {
  rule: Rule;
  severity: Severity;
  options: Record<string, unknown>;
}

export interface LintFileInput {
  path: string;
  format: FormatName;
  transaction: TransactionMode;
  parsed: ParsedSql;
  /** Advanced in place: after the call it describes the schema after this file. */
  catalog: Catalog;
  pgVersion: number;
  rules: readonly ConfiguredRule[];
}

export interface LintFileResult {
  statements: StatementReport[];
  findings: Finding[];
}

export function lintFile(input: LintFileInput): LintFileResult {
  const { parsed, catalog } = input;
  const states = transactionStates(parsed.statements, input.transaction, input.format);
  const statements: StatementContext[] = parsed.statements.map((s, i) => ({ ...s, transaction: states[i] }));
  const findings: Finding[] = [];
  const fileInfo = { path: input.path, format: input.format, transaction: input.transaction };
  let current: StatementContext | undefined;

  const active = input.rules.filter(
    ({ rule }) =>
      (rule.meta.minPgVersion === undefined || input.pgVersion >= rule.meta.minPgVersion) &&
      (rule.meta.maxPgVersion === undefined || input.pgVersion <= rule.meta.maxPgVersion),
  );

  const instances = active.flatMap((configured) => {
    const { rule } = configured;
    const ctx: RuleContext<string> = {
      file: fileInfo,
      pgVersion: input.pgVersion,
      catalog,
      get statement() {
        return current as StatementContext;
      },
      statements,
      options: { ...rule.meta.defaultOptions, ...configured.options },
      report(d) {
        const target = d.statementIndex !== undefined ? statements[d.statementIndex] : current;
        if (!target) return;
        const span =
          d.location !== undefined && d.location >= target.startByte && d.location <= target.endByte
            ? spanOf(parsed.lines, d.location, target.endByte)
            : target;
        findings.push({
          ruleId: rule.meta.id,
          category: rule.meta.category,
          severity: d.severity && severityRank(d.severity) < severityRank(configured.severity) ? d.severity : configured.severity,
          message: fillTemplate(rule.meta.messages[d.messageId] ?? d.messageId, d.data),
          fix: d.fix ?? rule.meta.fix,
          file: input.path,
          line: span.line,
          column: span.column,
          endLine: span.endLine,
          endColumn: span.endColumn,
          statementIndex: target.index,
          origin: 'lint',
          docsUrl: docsUrl(rule.meta.id),
        });
      },
      table: (name) => catalog.tables.get(keyOf(name)),
      isExistingTable: (name) => !catalog.tables.get(keyOf(name))?.createdInChange,
    };
    try {
      return [{ rule, visitors: rule.create(ctx) }];
    } catch (error) {
      findings.push(internalError(input.path, rule, error, null));
      return [];
    }
  });

  const byType = new Map<string, Array<{ rule: Rule; handler: NodeHandler }>>();
  for (const { rule, visitors } of instances) {
    for (const [type, handler] of Object.entries(visitors)) {
      if (type === 'Statement' || type === 'File:exit' || !handler) continue;
      if (!byType.has(type)) byType.set(type, []);
      byType.get(type)!.push({ rule, handler: handler as NodeHandler });
    }
  }

  // Hot loop (every statement × every rule): plain loops and try/catch, no closures per call.
  const statementHooks = instances.filter((i) => i.visitors.Statement);
  let stmt: StatementContext;
  const visit = (type: string, node: any, ancestors: readonly AncestorEntry[]) => {
    const handlers = byType.get(type);
    if (!handlers) return;
    for (const { rule, handler } of handlers) {
      try {
        handler(node, ancestors);
      } catch (error) {
        findings.push(internalError(input.path, rule, error, stmt));
      }
    }
  };
  for (stmt of statements) {
    current = stmt;
    for (const { rule, visitors } of statementHooks) {
      try {
        visitors.Statement!(stmt);
      } catch (error) {
        findings.push(internalError(input.path, rule, error, stmt));
      }
    }
    if (byType.size > 0) walkNode(stmt.stmt, visit);
    try {
      applyStatement(catalog, stmt, true);
    } catch (error) {
      findings.push(builtinFinding('internal-error', input.path, stmt, `Could not record this statement in the schema model: ${describe(error)}`, stmt.index));
    }
  }
  current = undefined;
  for (const { rule, visitors } of instances) {
    try {
      visitors['File:exit']?.();
    } catch (error) {
      findings.push(internalError(input.path, rule, error, null));
    }
  }

  for (const error of parsed.syntaxErrors) {
    const templated = parsed.placeholders.length > 0 || /\$\{|\{\{/.test(error.sql) ? ' (the file contains template placeholders, which are not SQL)' : '';
    findings.push(builtinFinding('syntax-error', input.path, error, `${error.message}${templated}`, null));
  }
  for (const p of parsed.placeholders) {
    const span = spanOf(parsed.lines, p.startByte, p.endByte);
    findings.push(builtinFinding('template-placeholder', input.path, span, `Template placeholder ${p.text} is not SQL; it was replaced by an identifier to lint the rest of the statement.`, null));
  }

  const directives = readIgnores(parsed);
  const kept = applyIgnores(findings, directives);
  for (const d of directives) {
    const unused = d.rules.filter((r) => !d.used.has(r));
    if (unused.length === 0) continue;
    const scope = d.statementIndex === null ? 'this file' : 'the statement after it';
    kept.push(builtinFinding('unused-ignore', input.path, d.comment, `migrascope-ignore for ${unused.join(', ')} suppresses nothing in ${scope}; remove it or fix the rule id.`, d.statementIndex ?? null));
  }

  kept.sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
  return {
    statements: statements.map((s) => ({
      index: s.index,
      line: s.line,
      column: s.column,
      endLine: s.endLine,
      endColumn: s.endColumn,
      kind: s.kind,
      sql: s.sql,
      execution: null,
    })),
    findings: kept,
  };
}

function internalError(path: string, rule: Rule, error: unknown, stmt: StatementContext | null): Finding {
  const where = stmt ?? { line: 1, column: 1, endLine: 1, endColumn: 1 };
  return builtinFinding('internal-error', path, where, `Rule ${rule.meta.id} failed here and was skipped for this statement: ${describe(error)}`, stmt?.index ?? null);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function fillTemplate(template: string, data: Record<string, string | number> | undefined): string {
  if (!data) return template;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, key: string) => (key in data ? String(data[key]) : m));
}
