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
  schemas: Set<string>;
  extensions: Set<string>;
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
}

export type ConstraintKind = 'check' | 'foreign-key' | 'unique' | 'primary-key' | 'exclusion';

export interface Constraint {
  name: string;
  kind: ConstraintKind;
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
}

export function emptyCatalog(): Catalog {
  return {
    tables: new Map(),
    indexes: new Map(),
    types: new Map(),
    schemas: new Set(['public']),
    extensions: new Set(),
  };
}
