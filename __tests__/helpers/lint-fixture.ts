import { lintSql } from '../../src/analyze/lint-sql.js';
import type { Rule } from '../../src/rules/define.js';
import type { Finding, TransactionMode } from '../../src/report/types.js';

/**
 * Lints a fixture with one rule enabled. A first line `-- fixture: transaction=per-file pg=11` sets the
 * transaction mode and target Postgres version; `baseSql` is schema that existed before.
 */
export function lintFixture(sql: string, rule: Rule, baseSql: string[] = []): Finding[] {
  const header = /^--\s*fixture:(.*)$/m.exec(sql.split('\n')[0] ?? '');
  const settings = Object.fromEntries((header?.[1] ?? '').trim().split(/\s+/).filter(Boolean).map((kv) => kv.split('=')));
  const result = lintSql(sql, {
    rules: [{ rule, severity: rule.meta.severity, options: settings.options ? JSON.parse(settings.options) : {} }],
    transaction: (settings.transaction as TransactionMode) ?? 'none',
    pgVersion: settings.pg ? Number(settings.pg) : 17,
    baseSql,
  });
  return result.findings.filter((f) => f.ruleId === rule.meta.id);
}

export function describeFinding(f: Finding): string {
  return `${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.severity} ${f.message}`;
}
