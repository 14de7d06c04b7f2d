/** How the tracer has to run a statement, decided from its parse tree. */
import type { ParsedStatement } from '../parse/parse-sql.js';
import type { RelationKind } from '../catalog/types.js';
import { keyOf, type QualifiedName } from '../sql/names.js';
import { refusedInTransaction } from '../sql/transaction-rules.js';
import { qualifiedName, type Snapshot } from './trace-catalog.js';

/** Statements that touch no relation: no catalog snapshot or lock reading around them. */
const UNTRACED = new Set(['TransactionStmt', 'VariableSetStmt', 'VariableShowStmt']);

export function isUntraced(stmt: Pick<ParsedStatement, 'kind'>): boolean {
  return UNTRACED.has(stmt.kind);
}

const KINDS: Record<string, RelationKind> = { r: 'table', p: 'partitioned-table', v: 'view', m: 'materialized-view', f: 'foreign-table' };

/**
 * True when the statement cannot be wrapped in BEGIN … COMMIT without changing what it does: Postgres refuses it
 * in a transaction block, or it may commit by itself (a procedure, a DO block that says COMMIT or ROLLBACK).
 */
export function needsOwnTransaction(stmt: Pick<ParsedStatement, 'kind' | 'node'>, snapshot: Snapshot, pgVersion: number): boolean {
  if (stmt.kind === 'CallStmt') return true;
  if (stmt.kind === 'DoStmt') return /\b(commit|rollback)\b/i.test(doBody(stmt.node));
  const byName = new Map<string, RelationKind>();
  const indexTable = new Map<string, RelationKind>();
  const relationKind = (q: QualifiedName) => {
    if (byName.size === 0) for (const rel of snapshot.values()) if (KINDS[rel.kind]) byName.set(qualifiedName(rel), KINDS[rel.kind]);
    return byName.get(keyOf(q));
  };
  const indexRelationKind = (q: QualifiedName) => {
    // Partitioned indexes (relkind I) belong to partitioned tables.
    if (indexTable.size === 0) for (const rel of snapshot.values()) if (rel.kind === 'I') indexTable.set(qualifiedName(rel), 'partitioned-table');
    return indexTable.get(keyOf(q)) ?? (findRelation(snapshot, q) ? 'table' : undefined);
  };
  return refusedInTransaction(stmt.kind, stmt.node, { pgVersion, relationKind, indexRelationKind }) !== null;
}

function findRelation(snapshot: Snapshot, q: QualifiedName): boolean {
  for (const rel of snapshot.values()) if (rel.schema === q.schema && rel.name === q.name) return true;
  return false;
}

function doBody(node: any): string {
  const body = (node?.args ?? []).map((a: any) => a?.DefElem).find((d: any) => d?.defname === 'as');
  return body?.arg?.String?.sval ?? '';
}
