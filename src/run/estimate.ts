/**
 * Production-scale estimates: each traced statement whose work grows with an existing table (estimate-work.ts) has
 * its measured time scaled from the rows the table held when it ran to the table's production row count
 * (estimate-model.ts), and so do the time its locks are held and the time traffic waits behind them. Thresholds turn
 * the estimates into findings: "blocks writes for more than 2 s at production size" can gate a merge.
 */
import { formatEstimate, formatRows } from '../report/format-estimate.js';
import type { Finding, Span, StatementEstimate } from '../report/types.js';
import { blocksReads, blocksWrites, lockLabel, lockStrength } from '../sql/locks.js';
import type { StatsFile } from '../stats/types.js';
import { extrapolateMs, roundMs } from './estimate-model.js';
import { scalingWork } from './estimate-work.js';
import { formatMs, runFinding } from './findings.js';
import type { Thresholds } from './run-findings.js';
import type { Session } from './session.js';
import { quoteIdent } from './seed/catalog.js';
import type { FileTrace, LockRecord, ProbeRecord, TracedStatement } from './trace-file.js';
import type { RunFile, RunOptions } from './types.js';

/** Row counts keyed `schema.table`. */
export type RowCounts = Map<string, number>;

/**
 * Production row counts from the stats file and `production-rows`; null when neither gives any. Per table,
 * `production-rows` naming it (`schema.table`, then bare `table`) wins over the stats file, which wins over the
 * `production-rows` default.
 */
export function productionRowCounts(options: RunOptions): { counts: (table: string) => number | null; from: string } | null {
  const configured = options.productionRows;
  const perTable = configured?.perTable ?? {};
  const fallback = configured?.default ?? null;
  const stats = options.stats;
  // A table the export found never analyzed has rows -1: its size is unknown, not zero.
  const statsRows = (table: string) => {
    const rows = stats?.tables[table]?.rows;
    return rows !== undefined && rows >= 0 ? rows : null;
  };
  const fromConfig = fallback !== null || Object.keys(perTable).length > 0;
  const fromStats = !!stats && Object.keys(stats.tables).some((table) => statsRows(table) !== null);
  if (!fromConfig && !fromStats) return null;
  const sources = [...(fromConfig ? ['production-rows'] : []), ...(fromStats ? [describeStats(stats!)] : [])];
  return {
    counts: (table) => perTable[table] ?? perTable[bareName(table)] ?? statsRows(table) ?? fallback,
    from: sources.join(' and '),
  };
}

function describeStats(stats: StatsFile): string {
  const exported = /^\d{4}-\d{2}-\d{2}/.exec(stats.exportedAt)?.[0];
  const details = [...(exported ? [`exported ${exported}`] : []), ...(stats.server ? [stats.server] : [])];
  return `stats file${details.length ? ` (${details.join(', ')})` : ''}`;
}

function bareName(table: string): string {
  const dot = table.indexOf('.');
  return dot < 0 ? table : table.slice(dot + 1);
}

/**
 * A table never analyzed (reltuples -1, or 0 with pages on disk before PostgreSQL 14) is counted when it is at
 * most this big: filled by the base migrations without seeding, it is small, and count(*) over 64 MB takes well
 * under a second. A bigger one is left out (its statements get no estimate) rather than guessed.
 */
const COUNT_LIMIT_BYTES = 64 * 1024 * 1024;

const TABLES_SQL = `
SELECT n.nspname AS schema, c.relname AS name, c.relkind AS kind,
  CASE WHEN c.relkind = 'p' THEN (
    -- A partitioned table holds its leaves' rows; unknown (-1) when any leaf is.
    SELECT CASE WHEN bool_or(l.reltuples < 0) THEN -1 ELSE coalesce(sum(l.reltuples), 0) END
    FROM pg_catalog.pg_partition_tree(c.oid) p JOIN pg_catalog.pg_class l ON l.oid = p.relid
    WHERE p.isleaf
  ) ELSE c.reltuples END::float8 AS reltuples,
  CASE WHEN c.relkind = 'p' THEN (
    SELECT coalesce(sum(pg_catalog.pg_relation_size(p.relid)), 0) FROM pg_catalog.pg_partition_tree(c.oid) p WHERE p.isleaf
  ) ELSE pg_catalog.pg_relation_size(c.oid) END::int8 AS bytes
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'm') AND c.oid >= 16384
  AND n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'`;

/** Rows each existing table holds now (after seeding), keyed `schema.table`. */
export async function readMeasuredRows(session: Session): Promise<RowCounts> {
  const { rows } = await session.query<{ schema: string; name: string; kind: string; reltuples: number; bytes: string }>(TABLES_SQL);
  const counts: RowCounts = new Map();
  for (const r of rows) {
    const key = `${r.schema}.${r.name}`;
    const bytes = Number(r.bytes);
    const analyzed = r.reltuples > 0 || (r.reltuples === 0 && bytes === 0);
    if (analyzed) {
      counts.set(key, Math.round(r.reltuples));
    } else if (bytes <= COUNT_LIMIT_BYTES) {
      // A partitioned table counts its partitions' rows; anything else its own, as reltuples does.
      const only = r.kind === 'p' ? '' : 'ONLY ';
      const counted = await session.query<{ n: string }>(`SELECT count(*) AS n FROM ${only}${quoteIdent(r.schema)}.${quoteIdent(r.name)}`).catch(() => null);
      // A materialized view created WITH NO DATA cannot be read: no count, no estimate.
      if (counted) counts.set(key, Number(counted.rows[0].n));
    }
  }
  return counts;
}

/** Sets `execution.estimate` on the file's traced statements and returns the findings the thresholds call for. */
export function estimateFile(
  file: RunFile,
  trace: FileTrace,
  measured: RowCounts,
  production: (table: string) => number | null,
  thresholds: Thresholds,
): Finding[] {
  const statements = file.parsed.statements;
  const estimates = new Map<TracedStatement, StatementEstimate>();
  for (const t of trace.traced) {
    t.execution.estimate = null;
    if (t.execution.error) continue;
    const work = scalingWork(statements[t.index], t, measured);
    if (!work) continue;
    const measuredRows = measured.get(work.table) ?? 0;
    const rows = production(work.table);
    // Nothing to extrapolate from (an empty table), or nowhere to extrapolate to.
    if (measuredRows <= 0 || rows === null) continue;
    const measuredMs = t.execution.durationMs;
    estimates.set(t, {
      table: work.table,
      rows,
      measuredRows,
      measuredMs,
      durationMs: extrapolateMs(measuredMs, measuredRows, rows, work.method),
      lockHeldMs: null,
      blocked: null,
      method: work.method,
    });
  }

  const findings: Finding[] = [];
  for (const [position, t] of trace.traced.entries()) {
    // A lock is held from its statement until the transaction ends: every statement from there on counts, at its
    // estimated time where it has one.
    const drivers = trace.traced.slice(position).filter((o) => o.transaction === t.transaction && estimates.has(o));
    if (drivers.length === 0) continue;
    const growthOf = (o: TracedStatement) => estimates.get(o)!.durationMs - o.execution.durationMs;
    const growth = drivers.reduce((sum, o) => sum + growthOf(o), 0);
    const held = (lock: LockRecord) => roundMs(Math.max(0, lock.heldMs + growth));
    const locks = t.locks.filter((l) => l.existingTable);
    const waits = probeWaits(t, locks, held, growth);
    const blocked = blockedEstimate(t, waits);
    const own = estimates.get(t);
    if (own) {
      const strongest = [...locks].sort((a, b) => lockStrength(b.mode) - lockStrength(a.mode) || held(b) - held(a))[0];
      own.lockHeldMs = strongest ? held(strongest) : null;
      own.blocked = blocked;
      t.execution.estimate = own;
    }
    // The findings quote the statement whose estimate adds the most time: this one, or a later one of its transaction.
    const main = drivers.reduce((a, b) => (growthOf(b) > growthOf(a) ? b : a));
    const basis: Basis = { estimate: estimates.get(main)!, line: main === t ? null : statements[main.index].line };
    const where = spanOf(statements[t.index]);
    // A table an earlier statement of the transaction already holds at least as tightly is that statement's finding.
    const earlier = trace.traced.slice(0, position).filter((o) => o.transaction === t.transaction).flatMap((o) => o.locks);
    const covered = (l: LockRecord) => earlier.some((e) => e.relation === l.relation && blocksWrites(e.mode) && (blocksReads(e.mode) || !blocksReads(l.mode)));
    const lockMessage = lockHeldMessage(t, locks.filter((l) => !covered(l)), held, basis, thresholds);
    if (lockMessage) findings.push(runFinding('run-estimated-lock-held', file.path, where, lockMessage, t.index));
    const blockedMessage = blocked && trafficBlockedMessage(t, waits, blocked, basis, thresholds);
    if (blockedMessage) findings.push(runFinding('run-estimated-traffic-blocked', file.path, where, blockedMessage, t.index));
  }
  return findings;
}

/** The estimate a finding quotes, and the line of its statement when that is a later one of the transaction. */
interface Basis {
  estimate: StatementEstimate;
  line: number | null;
}

/**
 * Traffic waits as long as the lock that blocks it is held: reads behind ACCESS EXCLUSIVE, writes behind SHARE and
 * stronger. Only the waits this statement's probes measured count: where an earlier statement of the transaction
 * already blocked that traffic on that table, the wait is that statement's (as in the measured figures).
 */
function probeWaits(t: TracedStatement, locks: LockRecord[], held: (l: LockRecord) => number, growth: number): Array<ProbeRecord & { estimatedMs: number }> {
  return t.probes.map((p) => {
    const lock = locks.find((l) => l.relation === p.table && (p.kind === 'read' ? blocksReads(l.mode) : blocksWrites(l.mode)));
    return { ...p, estimatedMs: lock ? held(lock) : roundMs(Math.max(0, p.waitedMs + growth)) };
  });
}

/** The longest estimated waits, as `execution.blocked` has the measured ones; null when the run did not probe. */
function blockedEstimate(t: TracedStatement, waits: Array<ProbeRecord & { estimatedMs: number }>): StatementEstimate['blocked'] {
  if (!t.execution.blocked) return null;
  // A read probe stands for writes too: they wait wherever reads do.
  const longest = (kinds: Array<ProbeRecord['kind']>) => Math.max(0, ...waits.filter((w) => kinds.includes(w.kind)).map((w) => w.estimatedMs));
  return { readsMs: longest(['read']), writesMs: longest(['read', 'write']) };
}

function lockHeldMessage(t: TracedStatement, locks: LockRecord[], held: (l: LockRecord) => number, basis: Basis, thresholds: Thresholds): string | null {
  const over = locks.filter((l) => blocksWrites(l.mode) && held(l) > thresholds.maxLockMs);
  if (over.length === 0) return null;
  const lock = over.sort((a, b) => held(b) - held(a) || lockStrength(b.mode) - lockStrength(a.mode))[0];
  const e = basis.estimate;
  const on = lock.relation === e.table ? 'it' : lock.relation;
  const until = t.shared ? ' until its transaction ends' : '';
  const blocking = `blocking ${blocksReads(lock.mode) ? 'reads and writes' : 'writes'} the whole time (threshold ${formatMs(thresholds.maxLockMs)})`;
  const lead = `At production size (${formatRows(e.rows)} rows in ${e.table}) this statement would hold ${lockLabel(lock.mode)} on ${on} for ≈ ${formatMs(held(lock))}${until}`;
  if (basis.line === null) return `${lead} (measured ${formatMs(lock.heldMs)} at ${formatRows(e.measuredRows)} rows, ${methodOf(e)}), ${blocking}.`;
  return `${lead}, ${blocking}: ${laterWork(basis)}; the run held it ${formatMs(lock.heldMs)}.`;
}

function trafficBlockedMessage(
  t: TracedStatement,
  waits: Array<ProbeRecord & { estimatedMs: number }>,
  blocked: NonNullable<StatementEstimate['blocked']>,
  basis: Basis,
  thresholds: Thresholds,
): string | null {
  if (Math.max(blocked.readsMs, blocked.writesMs) <= thresholds.maxBlockedMs) return null;
  const e = basis.estimate;
  const tables = [...new Set(waits.filter((w) => w.estimatedMs > thresholds.maxBlockedMs).map((w) => w.table))].join(', ');
  const measured = t.execution.blocked!;
  const what = blocked.readsMs > 0 ? `reads would wait ≈ ${formatMs(blocked.readsMs)} and writes ≈ ${formatMs(blocked.writesMs)}` : `writes would wait ≈ ${formatMs(blocked.writesMs)}, reads not at all`;
  const lead = `At production size (${formatRows(e.rows)} rows in ${e.table}), behind this statement's locks on ${tables}, ${what}`;
  const inRun = `reads ${formatMs(measured.readsMs)}, writes ${formatMs(measured.writesMs)}`;
  if (basis.line === null) return `${lead} (measured: ${inRun} at ${formatRows(e.measuredRows)} rows, ${methodOf(e)}; threshold ${formatMs(thresholds.maxBlockedMs)}).`;
  return `${lead} (threshold ${formatMs(thresholds.maxBlockedMs)}): ${laterWork(basis)}; in the run they waited: ${inRun}.`;
}

/** `the statement at line 7 would take ≈ 4.1 min at 80M rows (measured 0.9 s at 300k), scaled linearly`. */
function laterWork({ estimate, line }: Basis): string {
  return `the statement at line ${line} would take ${formatEstimate(estimate)}, ${methodOf(estimate)}`;
}

function methodOf(e: StatementEstimate): string {
  return e.method === 'linear' ? 'scaled linearly' : 'scaled n·log n';
}

function spanOf(s: { line: number; column: number; endLine: number; endColumn: number }): Span {
  return { line: s.line, column: s.column, endLine: s.endLine, endColumn: s.endColumn };
}
