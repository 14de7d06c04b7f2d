/**
 * Which existing table's size a statement's work grows with, and how: decided from the statement (libpg-query
 * JSON) and from what the run saw it do (rewrites, locks, the plan of DML). A statement whose work does not grow
 * with any existing table (catalog-only changes, CREATE TABLE, a constant-default ADD COLUMN, a batch that reads a
 * key range through an index) has none, and gets no estimate.
 */
import type { ParsedStatement } from '../parse/parse-sql.js';
import type { EstimateMethod } from './estimate-model.js';
import { TABLE_KINDS, qualifiedName } from './trace-catalog.js';
import type { TracedStatement } from './trace-file.js';

export interface ScalingWork {
  /** `schema.table`, a key of the measured row counts. */
  table: string;
  method: EstimateMethod;
}

/**
 * A DML scan that read at least this share of a table's rows read all of it (a full scan, or an index scan over a
 * range that covers most of it): its time grows with the table. Below it, the statement read a batch or a
 * selection, whose size the table's growth says nothing about.
 */
const FULL_SCAN_SHARE = 0.5;

interface RangeVar {
  schemaname?: string;
  relname?: string;
}

interface Candidate {
  method: EstimateMethod;
  rel: RangeVar | undefined;
}

export function scalingWork(stmt: Pick<ParsedStatement, 'kind' | 'node'>, t: TracedStatement, measured: ReadonlyMap<string, number>): ScalingWork | null {
  const resolve = (rel: RangeVar | undefined) => resolveTable(rel, t, measured);
  const node = stmt.node;
  switch (stmt.kind) {
    case 'IndexStmt':
      return at(resolve(node.relation), 'n-log-n');
    case 'ReindexStmt': {
      if (node.kind === 'REINDEX_OBJECT_TABLE') return at(resolve(node.relation), 'n-log-n');
      // REINDEX INDEX names the index: the table it belongs to is the one existing table the statement locked.
      if (node.kind === 'REINDEX_OBJECT_INDEX') return at(lockedTable(t, measured), 'n-log-n');
      return null;
    }
    case 'ClusterStmt':
      // CLUSTER sorts the table (or walks an index) into a new copy.
      return node.relation ? at(resolve(node.relation), 'n-log-n') : null;
    case 'AlterTableStmt':
      return alterTableWork(node, t, measured);
    case 'UpdateStmt':
    case 'DeleteStmt':
    case 'MergeStmt':
    case 'InsertStmt':
      return dmlWork(t, measured, node.relation);
    case 'TruncateStmt':
      // New, empty storage: no row is copied.
      return null;
    default:
      // Anything else that rewrote an existing table (VACUUM FULL, REFRESH MATERIALIZED VIEW) copied every row.
      return at(largestRewritten(t, measured), 'linear');
  }
}

function alterTableWork(node: any, t: TracedStatement, measured: ReadonlyMap<string, number>): ScalingWork | null {
  const candidates: Candidate[] = [];
  for (const wrapped of node.cmds ?? []) {
    const cmd = wrapped.AlterTableCmd;
    if (!cmd) continue;
    const constraint = cmd.def?.Constraint;
    switch (cmd.subtype) {
      case 'AT_AddConstraint':
      case 'AT_AddIndex':
        if (constraint && buildsIndex(constraint)) candidates.push({ method: 'n-log-n', rel: node.relation });
        else if (constraint && validatesRows(constraint)) candidates.push({ method: 'linear', rel: node.relation });
        break;
      case 'AT_AddColumn': {
        // `ADD COLUMN id bigserial PRIMARY KEY` builds an index on the new column over every row.
        const inline: any[] = (cmd.def?.ColumnDef?.constraints ?? []).map((c: any) => c.Constraint).filter(Boolean);
        if (inline.some(buildsIndex)) candidates.push({ method: 'n-log-n', rel: node.relation });
        break;
      }
      case 'AT_ValidateConstraint':
      case 'AT_SetNotNull':
        candidates.push({ method: 'linear', rel: node.relation });
        break;
      case 'AT_AttachPartition':
        // The partition is scanned to prove its rows fit the bound (unless a valid CHECK already proves it,
        // which the measured time then shows).
        candidates.push({ method: 'linear', rel: cmd.def?.PartitionCmd?.name });
        break;
    }
  }
  const rewritten = largestRewritten(t, measured);
  const indexBuild = candidates.find((c) => c.method === 'n-log-n');
  // A rewrite copies every row and rebuilds the table's indexes: linear in the copy, unless the statement also
  // builds an index of its own, whose sort then dominates.
  if (indexBuild) return at(resolveTable(indexBuild.rel, t, measured) ?? rewritten, 'n-log-n');
  if (rewritten) return at(rewritten, 'linear');
  for (const c of candidates) {
    const table = resolveTable(c.rel, t, measured);
    if (table) return at(table, 'linear');
  }
  return null;
}

/** PRIMARY KEY, UNIQUE and EXCLUDE build an index, unless `USING INDEX` adopts an existing one. */
function buildsIndex(constraint: any): boolean {
  return ['CONSTR_PRIMARY', 'CONSTR_UNIQUE', 'CONSTR_EXCLUSION'].includes(constraint.contype) && !constraint.indexname;
}

/** CHECK, FOREIGN KEY and NOT NULL constraints added without NOT VALID check every row. */
function validatesRows(constraint: any): boolean {
  return ['CONSTR_CHECK', 'CONSTR_FOREIGN', 'CONSTR_NOTNULL'].includes(constraint.contype) && !constraint.skip_validation;
}

interface PlanNode {
  'Node Type'?: string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

/** The existing table the DML read in full (by its plan), the largest if several; null without such a scan. */
function dmlWork(t: TracedStatement, measured: ReadonlyMap<string, number>, target: RangeVar | undefined): ScalingWork | null {
  const root = (t.execution.plan as { Plan?: PlanNode } | null)?.Plan;
  if (!root) return null;
  const read = new Map<string, number>();
  const visit = (n: PlanNode) => {
    const name = n['Relation Name'];
    if (name && n['Node Type'] !== 'ModifyTable' && /Scan$/.test(n['Node Type'] ?? '')) {
      const rows = ((n['Actual Rows'] ?? 0) + (n['Rows Removed by Filter'] ?? 0)) * (n['Actual Loops'] ?? 1);
      read.set(name, (read.get(name) ?? 0) + rows);
    }
    for (const child of n.Plans ?? []) visit(child);
  };
  visit(root);
  let best: string | null = null;
  for (const [name, rows] of read) {
    // Plans name relations without their schema (no VERBOSE): the statement's target, if it has that name, is meant.
    const table = resolveTable(target?.relname === name ? target : { relname: name }, t, measured);
    const total = table ? measured.get(table)! : 0;
    if (!table || total <= 0 || rows < FULL_SCAN_SHARE * total) continue;
    if (!best || total > measured.get(best)!) best = table;
  }
  return at(best, 'linear');
}

/** The largest existing table the statement rewrote (new relfilenode), or null. */
function largestRewritten(t: TracedStatement, measured: ReadonlyMap<string, number>): string | null {
  let best: string | null = null;
  for (const rel of t.rewritten) {
    const name = qualifiedName(rel);
    if (!TABLE_KINDS.has(rel.kind) || !measured.has(name)) continue;
    if (!best || measured.get(name)! > measured.get(best)!) best = name;
  }
  return best;
}

/** The existing table the statement locked (REINDEX INDEX locks the index's table and the index alone). */
function lockedTable(t: TracedStatement, measured: ReadonlyMap<string, number>): string | null {
  return t.locks.find((l) => l.existingTable && measured.has(l.relation))?.relation ?? null;
}

/**
 * A table named in the statement, as a key of the measured row counts. An unqualified name is the existing
 * table of that name the statement locked (Postgres resolved the search_path for us), else `public.<name>`, else
 * the only measured table of that name.
 */
function resolveTable(rel: RangeVar | undefined, t: TracedStatement, measured: ReadonlyMap<string, number>): string | null {
  if (!rel?.relname) return null;
  if (rel.schemaname) {
    const key = `${rel.schemaname}.${rel.relname}`;
    return measured.has(key) ? key : null;
  }
  const suffix = `.${rel.relname}`;
  const locked = t.locks.find((l) => l.existingTable && l.relation.endsWith(suffix) && measured.has(l.relation));
  if (locked) return locked.relation;
  if (measured.has(`public${suffix}`)) return `public${suffix}`;
  const named = [...measured.keys()].filter((k) => k.endsWith(suffix));
  return named.length === 1 ? named[0] : null;
}

function at(table: string | null, method: EstimateMethod): ScalingWork | null {
  return table ? { table, method } : null;
}
