import type { TypeRef } from '../sql/type-name.js';

/**
 * The schema as it is before the statement being checked. Filled statically by replaying migrations
 * (catalog/apply.ts) or, once the database run lands, read from a live database together with sizes.
 */
export interface Catalog {
  /** Keyed `schema.name`. */
  tables: Map<string, Table>;
  /** Keyed `schema.name` (indexes live in their table's schema). */
  indexes: Map<string, Index>;
  /** Enums, domains and composite types, keyed `schema.name`. */
  types: Map<string, UserType>;
  /** Declared volatility of user functions, keyed by name as written and `public.name` for unqualified ones. */
  functions: Map<string, 'immutable' | 'stable' | 'volatile'>;
  schemas: Set<string>;
  /** Schemas created by the migrations being checked. */
  schemasCreatedInChange: Set<string>;
  extensions: Set<string>;
  /** In a fork (see forkCatalog): the objects it has copied and may change; every other one may be shared. */
  owned?: Set<object>;
}

export type RelationKind = 'table' | 'partitioned-table' | 'view' | 'materialized-view' | 'foreign-table';

export interface Table {
  schema: string;
  name: string;
  kind: RelationKind;
  columns: Map<string, Column>;
  constraints: Constraint[];
  /** Created by the migrations being checked (so it is new and empty in production). */
  createdInChange: boolean;
  unlogged: boolean;
  /** `schema.name` of the partitioned parent, for partitions. */
  partitionOf: string | null;
  /** Partition key columns of a partitioned table (`(expr)` for expressions). */
  partitionKey: string[] | null;
  /** This partition is its parent's DEFAULT partition. */
  defaultPartition: boolean;
  /** Sizes when known (read from a database or a stats file); null when only the shape is known. */
  stats: { rows: number | null; bytes: number | null };
}

export interface Column {
  name: string;
  type: TypeRef;
  notNull: boolean;
  hasDefault: boolean;
  identity: boolean;
  generated: boolean;
  /** Added by the migrations being checked (so it holds no production data yet). */
  createdInChange: boolean;
}

export type ConstraintKind = 'check' | 'foreign-key' | 'unique' | 'primary-key' | 'exclusion';

export interface Constraint {
  name: string;
  kind: ConstraintKind;
  /** Key columns; for CHECK constraints, the columns the expression mentions. */
  columns: string[];
  validated: boolean;
  /** For foreign keys: the referenced table (`schema.name`) and columns (empty = its primary key). */
  references: { table: string; columns: string[] } | null;
  /** For `CHECK (col IS NOT NULL)`: the column it proves non-null. */
  provesNotNull: string | null;
  createdInChange: boolean;
}

export interface Index {
  schema: string;
  name: string;
  /** `schema.name` of the indexed table. */
  table: string;
  /** Column names; expressions appear as `(expr)`. */
  columns: string[];
  unique: boolean;
  primary: boolean;
  partial: boolean;
  createdInChange: boolean;
}

export interface UserType {
  schema: string;
  name: string;
  kind: 'enum' | 'domain' | 'composite' | 'range';
  values: string[];
  /** Domains: has CHECK / NOT NULL constraints (adding a column of it then rewrites the table). */
  hasConstraints?: boolean;
}

export function emptyCatalog(): Catalog {
  return {
    tables: new Map(),
    indexes: new Map(),
    types: new Map(),
    functions: new Map(),
    schemas: new Set(['public']),
    schemasCreatedInChange: new Set(),
    extensions: new Set(),
  };
}

/**
 * A copy-on-write fork, for checking a file without changing the schema the next files see (down
 * migrations). The fork shares every table, index and type with the original until apply.ts changes one,
 * which copies it first (ownTable / ownIndex / ownType); forking is therefore as cheap as copying three maps.
 */
export function forkCatalog(catalog: Catalog): Catalog {
  return {
    tables: new Map(catalog.tables),
    indexes: new Map(catalog.indexes),
    types: new Map(catalog.types),
    functions: new Map(catalog.functions),
    schemas: new Set(catalog.schemas),
    schemasCreatedInChange: new Set(catalog.schemasCreatedInChange),
    extensions: new Set(catalog.extensions),
    owned: new Set(),
  };
}

/** The table at `key`, safe to change: copied first when it is still shared with the catalog this was forked from. */
export function ownTable(catalog: Catalog, key: string): Table | undefined {
  const t = catalog.tables.get(key);
  if (!t || !catalog.owned || catalog.owned.has(t)) return t;
  const columns = new Map<string, Column>();
  for (const [name, c] of t.columns) columns.set(name, { ...c });
  const copy: Table = { ...t, columns, constraints: t.constraints.map((k) => ({ ...k })), stats: { ...t.stats } };
  catalog.tables.set(key, copy);
  catalog.owned.add(copy);
  return copy;
}

export function ownIndex(catalog: Catalog, key: string): Index | undefined {
  const i = catalog.indexes.get(key);
  if (!i || !catalog.owned || catalog.owned.has(i)) return i;
  const copy = { ...i };
  catalog.indexes.set(key, copy);
  catalog.owned.add(copy);
  return copy;
}

export function ownType(catalog: Catalog, key: string): UserType | undefined {
  const u = catalog.types.get(key);
  if (!u || !catalog.owned || catalog.owned.has(u)) return u;
  const copy = { ...u };
  catalog.types.set(key, copy);
  catalog.owned.add(copy);
  return copy;
}
