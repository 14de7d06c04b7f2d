/**
 * Lint SQL text directly: the building block of the pipeline and what rule tests and docs examples use.
 * Pure: no disk, no database. Call `await loadParser()` once before.
 */
import { applyStatement } from '../catalog/apply.js';
import { emptyCatalog, type Catalog } from '../catalog/types.js';
import { parseSql } from '../parse/parse-sql.js';
import type { FormatName, TransactionMode } from '../report/types.js';
import { lintFile, type ConfiguredRule, type LintFileResult } from './lint-file.js';

export interface LintSqlOptions {
  path?: string;
  format?: FormatName;
  transaction?: TransactionMode;
  pgVersion?: number;
  rules: readonly ConfiguredRule[];
  /** SQL that ran before (builds the catalog; not reported). */
  baseSql?: string[];
  catalog?: Catalog;
  substituteTemplates?: boolean;
}

export function lintSql(sql: string, options: LintSqlOptions): LintFileResult {
  const catalog = options.catalog ?? emptyCatalog();
  for (const base of options.baseSql ?? []) replayIntoCatalog(catalog, base);
  return lintFile({
    path: options.path ?? 'migration.sql',
    format: options.format ?? 'plain',
    transaction: options.transaction ?? 'none',
    parsed: parseSql(sql, { substituteTemplates: options.substituteTemplates }),
    catalog,
    pgVersion: options.pgVersion ?? 17,
    rules: options.rules,
  });
}

/** Apply already-run SQL to the catalog; statements that do not parse are skipped (they ran elsewhere). */
export function replayIntoCatalog(catalog: Catalog, sql: string, substituteTemplates = false): void {
  for (const stmt of parseSql(sql, { substituteTemplates }).statements) applyStatement(catalog, stmt, false);
}
