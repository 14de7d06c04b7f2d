import type { RenderOptions } from './render-options.js';
import type { FileReport, Finding, QueryPlanSummary, QueryReport, Report, SchemaChange, StatementEstimate, StatementReport } from './types.js';

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
      productionRowsFrom: report.run.productionRowsFrom ?? null,
      error: report.run.error,
    },
    // `?? []` / `?? null`: reports built before these fields existed (a cached report, a caller's own) still render.
    queries: (report.queries ?? []).map(canonicalQuery),
    schemaDiff: report.schemaDiff ? report.schemaDiff.map(canonicalSchemaChange) : null,
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
      error: s.execution.error && {
        sqlstate: s.execution.error.sqlstate,
        message: s.execution.error.message,
        line: s.execution.error.line,
        column: s.execution.error.column,
      },
      locks: s.execution.locks.map((l) => ({ relation: l.relation, mode: l.mode, heldMs: l.heldMs })),
      rewrites: [...s.execution.rewrites],
      blocked: s.execution.blocked && { readsMs: s.execution.blocked.readsMs, writesMs: s.execution.blocked.writesMs },
      plan: s.execution.plan ?? null,
      estimate: s.execution.estimate ? canonicalEstimate(s.execution.estimate) : null,
    },
  };
}

function canonicalEstimate(e: StatementEstimate): StatementEstimate {
  return {
    table: e.table,
    rows: e.rows,
    measuredRows: e.measuredRows,
    measuredMs: e.measuredMs,
    durationMs: e.durationMs,
    lockHeldMs: e.lockHeldMs,
    blocked: e.blocked && { readsMs: e.blocked.readsMs, writesMs: e.blocked.writesMs },
    method: e.method,
  };
}

function canonicalQuery(q: QueryReport): QueryReport {
  return {
    name: q.name,
    file: q.file,
    line: q.line,
    sql: q.sql,
    before: q.before && canonicalPlan(q.before),
    after: q.after && canonicalPlan(q.after),
    change: q.change,
    verdict: q.verdict,
  };
}

function canonicalPlan(p: QueryPlanSummary): QueryPlanSummary {
  return {
    shape: p.shape,
    indexes: p.indexes,
    cost: p.cost,
    ms: p.ms,
    // EXPLAIN's own JSON, passed through as Postgres wrote it.
    plan: p.plan ?? null,
    error: p.error && { sqlstate: p.error.sqlstate, message: p.error.message },
  };
}

function canonicalSchemaChange(c: SchemaChange): SchemaChange {
  return { kind: c.kind, name: c.name, change: c.change, before: c.before, after: c.after };
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
