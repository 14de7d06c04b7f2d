/**
 * Runs one checked migration statement by statement, exactly as its framework would (the framework's transaction,
 * the one implicit block of a multi-statement query, or autocommit; the file's own BEGIN/COMMIT honoured), and
 * records what each statement did: time, rows, locks and how long they were held, rewrites, plans, blocking.
 *
 * Within a transaction the migration's session reads its own pg_locks after each statement (one round trip with
 * the catalog snapshot). A statement that runs on its own in autocommit is wrapped in BEGIN … COMMIT so its locks
 * can be read before they go, unless that would change it (CONCURRENTLY, VACUUM, procedures…): those are watched
 * from a second session while they run.
 */
import type { ParsedStatement, SyntaxError } from '../parse/parse-sql.js';
import { transactionKind, transactionStates } from '../analyze/transactions.js';
import { blocksReads, blocksWrites, lockStrength, statementLocks, type LockMode } from '../sql/locks.js';
import { errorLocation, messageOf, sqlstateOf, type PgError } from './error-position.js';
import { isUntraced, needsOwnTransaction } from './statement-class.js';
import { qualifiedName, rewrittenRelations, type CatalogTracker, type HeldLock, type Relation, type Snapshot } from './trace-catalog.js';
import { pollLocks } from './trace-lock-poller.js';
import { EXPLAIN_PREFIX, planOf, rowsFromPlan, wantsPlan } from './trace-plan.js';
import { startProbe, type Probe, type ProbeKind, type ProbePool } from './trace-probe.js';
import { elapsed, type Session } from './session.js';
import type { RunFile, StatementExecution } from './types.js';

export interface TraceEnv {
  main: Session;
  mainPid: number;
  observer(): Promise<Session>;
  /** null: no blocking probes. */
  probes: ProbePool | null;
  serverMajor: number;
  /** Tables and materialized views that existed before the checked files, by oid. */
  existing: Set<number>;
  /** The migration session's view of the catalog, kept current between statements. */
  catalog: { tracker: CatalogTracker; stale: boolean };
  /** The run's time limit has passed (its statement was cancelled). */
  timedOut(): boolean;
}

export interface LockRecord {
  oid: number;
  relation: string;
  mode: LockMode;
  heldMs: number;
  /** On a table or materialized view that existed before the checked files. */
  existingTable: boolean;
}

export interface ProbeRecord {
  table: string;
  kind: ProbeKind;
  waitedMs: number;
}

export interface TracedStatement {
  index: number;
  execution: StatementExecution;
  /** Transaction the statement ran in (a counter of this run), shared by the statements of one transaction. */
  transaction: number;
  /** Ran in a transaction with other statements (not alone in autocommit). */
  shared: boolean;
  locks: LockRecord[];
  probes: ProbeRecord[];
  rewritten: Relation[];
}

export interface TraceFailure {
  statementIndex: number | null;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  sqlstate: string;
  message: string;
  /** The run's time limit ended it. */
  timeout: boolean;
}

export interface FileTrace {
  executions: Array<StatementExecution | null>;
  traced: TracedStatement[];
  failure: TraceFailure | null;
}

interface OpenTransaction {
  id: number;
  shared: boolean;
  locks: Map<string, { lock: HeldLock; relation: string; existingTable: boolean; stmt: TracedStatement; startedAt: number }>;
  probes: Map<string, { probe: Probe; stmt: TracedStatement }>;
}

class StatementFailed extends Error {
  constructor(readonly failure: TraceFailure) {
    super(failure.message);
  }
}

let transactionCounter = 0;

type Unit = { stmt: ParsedStatement; index: number } | { syntaxError: SyntaxError };

export async function traceFile(env: TraceEnv, file: RunFile, perFileSql: string | null): Promise<FileTrace> {
  const statements = file.parsed.statements;
  const trace: FileTrace = { executions: statements.map(() => null), traced: [], failure: null };
  if (file.isDown) return trace;
  const syntaxErrors = file.parsed.syntaxErrors;
  // Postgres runs a lone statement sent as one query outside any transaction block.
  const mode = file.transaction === 'implicit' && statements.length === 1 && syntaxErrors.length === 0 ? 'none' : file.transaction;
  if (mode === 'implicit' && syntaxErrors.length > 0) {
    // A multi-statement query that does not parse runs nothing.
    trace.failure = syntaxFailure(syntaxErrors[0]);
    return trace;
  }
  const states = transactionStates(statements, mode, file.format);
  const tracer = new FileTracer(env, file, trace);
  try {
    for (const unit of unitsOf(statements, syntaxErrors)) {
      if ('syntaxError' in unit) {
        await tracer.abort();
        trace.failure = syntaxFailure(unit.syntaxError);
        return trace;
      }
      if (env.timedOut()) {
        await tracer.abort();
        const s = unit.stmt;
        trace.failure = { statementIndex: unit.index, ...span(s), sqlstate: '57014', message: 'the run reached its time limit before this statement', timeout: true };
        return trace;
      }
      await tracer.run(unit.stmt, unit.index, states[unit.index]);
    }
    await tracer.finish(states.at(-1)?.source ?? null, perFileSql);
  } catch (error) {
    await tracer.abort();
    if (!(error instanceof StatementFailed)) throw error;
    trace.failure = error.failure;
  }
  return trace;
}

class FileTracer {
  private txn: OpenTransaction | null = null;

  constructor(
    private readonly env: TraceEnv,
    private readonly file: RunFile,
    private readonly trace: FileTrace,
  ) {}

  private get status() {
    return this.env.main.getTransactionStatus();
  }

  async run(stmt: ParsedStatement, index: number, state: { inTransaction: boolean; source: string | null }): Promise<void> {
    const { main } = this.env;
    if (state.inTransaction && state.source !== 'explicit' && this.status === 'I') {
      await main.query('BEGIN');
      this.txn = openTransaction(true);
    }
    const control = transactionKind(stmt);
    if (control || isUntraced(stmt)) {
      const started = performance.now();
      await this.execute(stmt, index, stmt.sql, 0);
      this.trace.executions[index] = { ...emptyExecution(elapsed(started)), blocked: null };
      if (control === 'begin' && !this.txn && this.status === 'T') this.txn = openTransaction(true);
      if ((control === 'commit' || control === 'rollback') && this.txn) {
        await this.close(this.txn);
        this.txn = this.status === 'T' ? openTransaction(true) : null;
      }
      // ROLLBACK (TO SAVEPOINT) undoes catalog changes, and leaves no trace the incremental reading could see.
      if (stmt.kind === 'TransactionStmt' && control !== 'begin' && control !== 'commit') this.env.catalog.stale = true;
      return;
    }
    if (this.status !== 'I') {
      this.txn ??= openTransaction(true);
      return this.traceInTransaction(stmt, index, this.txn);
    }
    if (needsOwnTransaction(stmt, await this.currentSnapshot(), this.env.serverMajor)) return this.tracePolled(stmt, index);
    // Alone in autocommit: BEGIN … COMMIT around it changes nothing but lets us read its locks before they go.
    await main.query('BEGIN');
    const own = openTransaction(false);
    this.txn = own;
    await this.traceInTransaction(stmt, index, own);
    try {
      await main.query('COMMIT');
    } catch (error) {
      // A deferred constraint fails at COMMIT: in autocommit that is the statement failing.
      throw this.failed(stmt, index, error as PgError, 0);
    }
    this.txn = null;
    await this.close(own);
  }

  private async traceInTransaction(stmt: ParsedStatement, index: number, txn: OpenTransaction): Promise<void> {
    const env = this.env;
    const before = await this.currentSnapshot();
    const traced = this.newTraced(index, txn);
    const predicted = this.predictProbes(stmt, before, txn, traced);
    const plan = wantsPlan(stmt);
    const started = performance.now();
    const sql = plan ? EXPLAIN_PREFIX + stmt.sql : stmt.sql;
    let results: Array<{ rows: Array<Record<string, unknown>>; rowCount: number | null }>;
    try {
      // Inside a transaction block, the catalog and lock reading can ride along in the same round trip: the
      // statement comes first, so error positions do not move, and an error skips the rest.
      results = (await this.execute(stmt, index, `${sql}\n;\n${env.catalog.tracker.followUpSql()}`, plan ? EXPLAIN_PREFIX.length : 0)) as unknown as typeof results;
    } finally {
      traced.execution.durationMs = elapsed(started);
    }
    const result = results[0];
    const { snapshot: after, locks, elapsedMs } = await env.catalog.tracker.afterStatement(env.main, results);
    traced.execution.durationMs = elapsedMs;
    env.catalog.stale = false;
    traced.rewritten = rewrittenRelations(before, after);
    traced.execution.rewrites = traced.rewritten.map(qualifiedName);
    if (plan) {
      traced.execution.plan = planOf(result.rows);
      traced.execution.rowsAffected = rowsFromPlan(traced.execution.plan);
    } else {
      traced.execution.rowsAffected = result.rowCount ?? null;
    }
    for (const lock of locks) {
      const key = `${lock.oid}:${lock.mode}`;
      const rel = before.get(lock.oid);
      // Relations the statement itself created (or made and dropped on the way, as a rewrite does) block nobody.
      if (txn.locks.has(key) || !rel) continue;
      txn.locks.set(key, { lock, relation: qualifiedName(rel), existingTable: env.existing.has(lock.oid), stmt: traced, startedAt: started });
      if (env.existing.has(lock.oid)) this.probeConflicts(rel, lock.mode, txn, traced);
    }
    // A probe started on a guess that the statement did not bear out would charge a later statement's lock to it.
    for (const key of predicted) {
      const entry = txn.probes.get(key);
      if (!entry) continue;
      const [oid, kind] = key.split(':');
      const held = locks.some((l) => String(l.oid) === oid && (kind === 'read' ? blocksReads(l.mode) : blocksWrites(l.mode)));
      if (held) continue;
      txn.probes.delete(key);
      await entry.probe.stop();
    }
  }

  private async tracePolled(stmt: ParsedStatement, index: number): Promise<void> {
    const env = this.env;
    const before = await this.currentSnapshot();
    const traced = this.newTraced(index, openTransaction(false));
    const observer = await env.observer();
    const probes = new Map<string, Probe>();
    const poller = pollLocks(observer, env.mainPid, (lock) => {
      const table = before.get(lock.oid);
      if (!table || !env.existing.has(lock.oid) || !env.probes) return;
      for (const kind of conflictingKinds(lock.mode, table)) {
        const key = `${lock.oid}:${kind}`;
        if (!probes.has(key) && !probes.has(`${lock.oid}:read`)) probes.set(key, startProbe(env.probes, table, kind));
      }
    });
    const started = performance.now();
    let result: { rowCount: number | null } | null = null;
    let failure: unknown = null;
    try {
      result = await this.execute(stmt, index, stmt.sql, 0);
    } catch (error) {
      failure = error;
    }
    traced.execution.durationMs = elapsed(started);
    const observed = await poller.stop();
    for (const probe of probes.values()) traced.probes.push({ table: qualifiedName(probe.table), kind: probe.kind, waitedMs: await probe.stop() });
    // It committed on its own, so this session's write counters know nothing of it: read the catalog afresh.
    const after = failure ? before : await env.catalog.tracker.refresh(env.main);
    traced.locks = observed
      .filter((o) => before.has(o.oid))
      .map((o) => ({ oid: o.oid, relation: qualifiedName(before.get(o.oid)!), mode: o.mode, heldMs: o.heldMs, existingTable: env.existing.has(o.oid) }));
    finalize(traced, env.probes !== null);
    if (failure) throw failure;
    traced.rewritten = rewrittenRelations(before, after);
    traced.execution.rewrites = traced.rewritten.map(qualifiedName);
    traced.execution.rowsAffected = result?.rowCount ?? null;
  }

  /** Starts probes for the locks the documentation says the statement takes, so its own run time is measured too. */
  private predictProbes(stmt: ParsedStatement, before: Snapshot, txn: OpenTransaction, traced: TracedStatement): string[] {
    if (!this.env.probes) return [];
    const started: string[] = [];
    for (const { table, mode } of statementLocks(stmt.kind, stmt.node)) {
      const rel = findTable(before, table.schema, table.name);
      if (!rel || !this.env.existing.has(rel.oid)) continue;
      for (const key of this.probeConflicts(rel, mode, txn, traced)) started.push(key);
    }
    return started;
  }

  /** Starts the probes a lock of `mode` on `table` calls for, unless running; returns the keys it started. */
  private probeConflicts(table: Relation, mode: LockMode, txn: OpenTransaction, traced: TracedStatement): string[] {
    const pool = this.env.probes;
    if (!pool) return [];
    const started: string[] = [];
    for (const kind of conflictingKinds(mode, table)) {
      const key = `${table.oid}:${kind}`;
      // Writes already wait wherever reads do.
      if (txn.probes.has(key) || txn.probes.has(`${table.oid}:read`)) continue;
      txn.probes.set(key, { probe: startProbe(pool, table, kind), stmt: traced });
      started.push(key);
    }
    return started;
  }

  /** The transaction ended now: its locks are released; stop its probes and give each statement its numbers. */
  private async close(txn: OpenTransaction): Promise<void> {
    const releasedAt = performance.now();
    for (const { lock, relation, existingTable, stmt, startedAt } of txn.locks.values()) {
      stmt.locks.push({ oid: lock.oid, relation, mode: lock.mode, heldMs: Math.round((releasedAt - startedAt) * 100) / 100, existingTable });
    }
    const stopped = await Promise.all(
      [...txn.probes.values()].map(async ({ probe, stmt }) => ({ stmt, record: { table: qualifiedName(probe.table), kind: probe.kind, waitedMs: await probe.stop() } })),
    );
    for (const { stmt, record } of stopped) stmt.probes.push(record);
    txn.locks.clear();
    txn.probes.clear();
    for (const stmt of this.trace.traced) if (stmt.transaction === txn.id) finalize(stmt, this.env.probes !== null);
  }

  async finish(lastSource: string | null, perFileSql: string | null): Promise<void> {
    const { main } = this.env;
    if (this.status !== 'I') {
      // A BEGIN of the file's own never committed is rolled back when the tool's session ends.
      const commit = lastSource !== 'explicit';
      if (commit && perFileSql) await this.untraced(perFileSql, 'the per-file SQL');
      await this.untraced(commit ? 'COMMIT' : 'ROLLBACK', `${commit ? 'COMMIT' : 'ROLLBACK'} at the end of the file`);
      if (this.txn) await this.close(this.txn);
      this.txn = null;
      if (!commit) this.env.catalog.stale = true;
      return;
    }
    if (perFileSql) await this.untraced(perFileSql, 'the per-file SQL');
    this.env.catalog.stale = true;
  }

  /** SQL of the framework's, not the file's: a failure is the file's (line 1), as the tool would report it. */
  private async untraced(sql: string, what: string): Promise<void> {
    try {
      await this.env.main.query(sql);
    } catch (error) {
      const message = `${what} failed: ${messageOf(error)}`;
      throw new StatementFailed({ statementIndex: null, line: 1, column: 1, endLine: 1, endColumn: 1, sqlstate: sqlstateOf(error), message, timeout: false });
    }
  }

  /** After a failure: roll back what is open, as the framework (or the server) does. */
  async abort(): Promise<void> {
    if (this.status !== 'I') await this.env.main.query('ROLLBACK').catch(() => undefined);
    if (this.txn) await this.close(this.txn);
    this.txn = null;
    this.env.catalog.stale = true;
  }

  private async currentSnapshot(): Promise<Snapshot> {
    const catalog = this.env.catalog;
    if (catalog.stale) await catalog.tracker.refresh(this.env.main);
    catalog.stale = false;
    return catalog.tracker.snapshot;
  }

  private newTraced(index: number, txn: OpenTransaction): TracedStatement {
    const traced: TracedStatement = {
      index,
      execution: emptyExecution(0),
      transaction: txn.id,
      shared: txn.shared,
      locks: [],
      probes: [],
      rewritten: [],
    };
    this.trace.traced.push(traced);
    this.trace.executions[index] = traced.execution;
    return traced;
  }

  private async execute(stmt: ParsedStatement, index: number, sql: string, prefixChars: number) {
    try {
      return await this.env.main.query(sql);
    } catch (error) {
      throw this.failed(stmt, index, error as PgError, prefixChars);
    }
  }

  private failed(stmt: ParsedStatement, index: number, error: PgError, prefixChars: number): StatementFailed {
    const at = errorLocation(error, { text: stmt.sql, startByte: stmt.startByte, prefixChars }, this.file.parsed.lines);
    const sqlstate = sqlstateOf(error);
    const failure: TraceFailure = {
      statementIndex: index,
      line: at.line,
      column: at.column,
      endLine: stmt.endLine,
      endColumn: stmt.endColumn,
      sqlstate,
      message: messageOf(error),
      timeout: sqlstate === '57014' || this.env.timedOut(),
    };
    // The statement ran (and failed): its execution says so, with what is known.
    const execution = this.trace.executions[index] ?? emptyExecution(0);
    execution.error = { sqlstate, message: failure.message, line: at.line, column: at.column };
    this.trace.executions[index] = execution;
    return new StatementFailed(failure);
  }
}

function openTransaction(shared: boolean): OpenTransaction {
  return { id: ++transactionCounter, shared, locks: new Map(), probes: new Map() };
}

function emptyExecution(durationMs: number): StatementExecution {
  return { durationMs, rowsAffected: null, error: null, locks: [], rewrites: [], blocked: { readsMs: 0, writesMs: 0 }, plan: null };
}

/**
 * The probe a lock calls for. A read waits only behind ACCESS EXCLUSIVE, which holds writes up just as long, so
 * one read probe measures both; SHARE up to EXCLUSIVE hold up writes only.
 */
function conflictingKinds(mode: LockMode, table: Relation): ProbeKind[] {
  if (blocksReads(mode)) return ['read'];
  // Nobody writes to a materialized view.
  if (blocksWrites(mode) && table.kind !== 'm') return ['write'];
  return [];
}

/** The public fields from the detailed records: the strongest lock per relation, the longest waits. */
function finalize(stmt: TracedStatement, probing: boolean): void {
  const strongest = new Map<number, LockRecord>();
  for (const lock of stmt.locks) {
    const prev = strongest.get(lock.oid);
    if (!prev || lockStrength(lock.mode) > lockStrength(prev.mode)) strongest.set(lock.oid, lock);
  }
  stmt.execution.locks = [...strongest.values()]
    .sort((a, b) => lockStrength(b.mode) - lockStrength(a.mode) || a.relation.localeCompare(b.relation))
    .map(({ relation, mode, heldMs }) => ({ relation, mode, heldMs }));
  const longest = (kinds: ProbeKind[]) => Math.max(0, ...stmt.probes.filter((p) => kinds.includes(p.kind)).map((p) => p.waitedMs));
  stmt.execution.blocked = probing ? { readsMs: longest(['read']), writesMs: longest(['read', 'write']) } : null;
}

function findTable(snapshot: Snapshot, schema: string, name: string): Relation | undefined {
  for (const rel of snapshot.values()) if (rel.schema === schema && rel.name === name && ['r', 'p', 'm'].includes(rel.kind)) return rel;
  return undefined;
}

function span(s: ParsedStatement) {
  return { line: s.line, column: s.column, endLine: s.endLine, endColumn: s.endColumn };
}

function syntaxFailure(e: SyntaxError): TraceFailure {
  return { statementIndex: null, line: e.line, column: e.column, endLine: e.endLine, endColumn: e.endColumn, sqlstate: '42601', message: e.message, timeout: false };
}

/** Statements and unparseable chunks in file order: Postgres stops at the first chunk it cannot parse. */
function unitsOf(statements: ParsedStatement[], syntaxErrors: SyntaxError[]): Unit[] {
  const units: Unit[] = statements.map((stmt, index) => ({ stmt, index }));
  for (const syntaxError of syntaxErrors) {
    const at = units.findIndex((u) => 'stmt' in u && (u.stmt.line > syntaxError.line || (u.stmt.line === syntaxError.line && u.stmt.column > syntaxError.column)));
    units.splice(at < 0 ? units.length : at, 0, { syntaxError });
  }
  return units;
}
