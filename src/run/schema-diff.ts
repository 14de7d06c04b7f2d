/** Before/after schema diff (STUB — being implemented): the objects the checked migrations added, dropped or changed. */
import type { SchemaChange } from '../report/types.js';
import type { Session } from './session.js';

export type SchemaShape = Map<string, { kind: string; definition: string | null }>;

/** The user-visible schema as the server sees it now (tables, columns, types, indexes, constraints …). */
export async function readSchemaShape(session: Session): Promise<SchemaShape> {
  void session;
  return new Map();
}

export function diffSchema(before: SchemaShape, after: SchemaShape): SchemaChange[] {
  void before, after;
  return [];
}
