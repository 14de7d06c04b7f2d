import type { RenderOptions } from './render-options.js';
import type { FileReport, Finding, Report, StatementReport } from './types.js';

/**
 * The public JSON contract (schemaVersion 1, described by schema/report.schema.json). Objects are rebuilt field by
 * field so key order is the documented one whatever order the pipeline built them in, and stray fields never leak
 * into the contract.
 */
export function renderJson(report: Report, _options: RenderOptions = {}): string {
  return `${JSON.stringify(toCanonicalReport(report), null, 2)}\n`;
}

export function toCanonicalReport(report: Report): Report {
  return {
    schemaVersion: report.schemaVersion,
    tool: { name: report.tool.name, version: report.tool.version },
    pgVersion: report.pgVersion,
    files: report.files.map(canonicalFile),
    notes: report.notes.map(canonicalFinding),
    summary: { errors: report.summary.errors, warnings: report.summary.warnings, infos: report.summary.infos },
    run: report.run && {
      server: report.run.server,
      database: report.run.database,
      baseFiles: report.run.baseFiles,
      durationMs: report.run.durationMs,
      timeToFirstStatementMs: report.run.timeToFirstStatementMs,
      status: report.run.status,
      seed: report.run.seed && {
        tables: report.run.seed.tables,
        rows: report.run.seed.rows,
        durationMs: report.run.seed.durationMs,
        notes: report.run.seed.notes.map((n) => ({ table: n.table, message: n.message })),
      },
      error: report.run.error,
    },
    queries: report.queries ?? [],
    schemaDiff: report.schemaDiff ?? null,
  };
}

function canonicalFile(file: FileReport): FileReport {
  return {
    path: file.path,
    format: file.format,
    transaction: file.transaction,
    statements: file.statements.map(canonicalStatement),
    findings: file.findings.map(canonicalFinding),
  };
}

function canonicalStatement(s: StatementReport): StatementReport {
  return {
    index: s.index,
    line: s.line,
    column: s.column,
    endLine: s.endLine,
    endColumn: s.endColumn,
    kind: s.kind,
    sql: s.sql,
    execution: s.execution && {
      durationMs: s.execution.durationMs,
      rowsAffected: s.execution.rowsAffected,
      error: s.execution.error,
      locks: s.execution.locks.map((l) => ({ relation: l.relation, mode: l.mode, heldMs: l.heldMs })),
      rewrites: s.execution.rewrites,
      blocked: s.execution.blocked,
      plan: s.execution.plan,
    },
  };
}

function canonicalFinding(f: Finding): Finding {
  return {
    ruleId: f.ruleId,
    category: f.category,
    severity: f.severity,
    origin: f.origin,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    statementIndex: f.statementIndex,
    file: f.file,
    message: f.message,
    fix: f.fix,
    docsUrl: f.docsUrl,
    confirmedByRun: f.confirmedByRun ?? null,
  };
}
