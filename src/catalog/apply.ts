/**
 * Replays DDL into the in-memory catalog, one statement at a time. It only needs to be as exact as the rules
 * need: which relations exist and whether they are new, columns and their types, NOT NULL, defaults,
 * constraints and their validation state, indexes. Anything it does not understand leaves the catalog as is.
 * Arrays and type references are replaced, never changed in place, and every object is changed only after
 * ownTable/ownIndex/ownType, so a forked catalog never changes the one it was forked from.
 */
import { fromNameList, fromRangeVar, keyOf, stringList, DEFAULT_SCHEMA } from '../sql/names.js';
import { typeRefFrom } from '../sql/type-name.js';
import { declaredVolatility } from '../sql/volatility.js';
import { walkNode } from '../sql/walk.js';
import { ownIndex, ownTable, ownType, type Catalog, type Index, type Column, type Constraint, type ConstraintKind, type Table } from './types.js';

export interface CatalogStatement {
  kind: string;
  node: any;
}

/** `inChange`: the statement belongs to the migrations being checked (so what it creates is new). */
export function applyStatement(catalog: Catalog, stmt: CatalogStatement, inChange: boolean): void {
  const handler = HANDLERS[stmt.kind];
  if (handler) handler(catalog, stmt.node, inChange);
}

type Handler = (catalog: Catalog, node: any, inChange: boolean) => void;

const HANDLERS: Record<string, Handler> = {
  CreateStmt: createTable,
  CreateTableAsStmt(catalog, node, inChange) {
    const q = fromRangeVar(node.into?.rel);
    if (catalog.tables.has(keyOf(q)) && node.if_not_exists) return;
    const table = newTable(q.schema, q.name, node.objtype === 'OBJECT_MATVIEW' ? 'materialized-view' : 'table', inChange);
    const named = stringList(node.into?.colNames);
    const names = named.length ? named : targetListNames(node.query);
    for (const c of names) table.columns.set(c, unknownColumn(c, inChange));
    catalog.tables.set(keyOf(q), table);
  },
  ViewStmt(catalog, node, inChange) {
    const q = fromRangeVar(node.view);
    const existing = catalog.tables.get(keyOf(q));
    if (existing && node.replace) return;
    catalog.tables.set(keyOf(q), newTable(q.schema, q.name, 'view', inChange));
  },
  AlterTableStmt: alterTable,
  RenameStmt: rename,
  DropStmt: drop,
  IndexStmt(catalog, node, inChange) {
    const table = fromRangeVar(node.relation);
    const columns = (node.indexParams ?? []).map((p: any) => p.IndexElem?.name ?? '(expr)');
    const name = node.idxname ?? defaultName(table.name, columns, node.unique ? 'key' : 'idx');
    const key = keyOf({ schema: table.schema, name });
    if (catalog.indexes.has(key) && node.if_not_exists) return;
    catalog.indexes.set(key, {
      schema: table.schema,
      name,
      table: keyOf(table),
      columns,
      unique: !!node.unique,
      primary: !!node.primary,
      partial: !!node.whereClause,
      createdInChange: inChange,
    });
  },
  CreateSchemaStmt(catalog, node, inChange) {
    if (!node.schemaname || (node.if_not_exists && catalog.schemas.has(node.schemaname))) return;
    catalog.schemas.add(node.schemaname);
    if (inChange) catalog.schemasCreatedInChange.add(node.schemaname);
  },
  CreateExtensionStmt(catalog, node) {
    if (node.extname) catalog.extensions.add(node.extname);
  },
  CreateEnumStmt(catalog, node) {
    const q = fromNameList(stringList(node.typeName));
    catalog.types.set(keyOf(q), { ...q, kind: 'enum', values: stringList(node.vals) });
  },
  AlterEnumStmt(catalog, node) {
    const type = ownType(catalog, keyOf(fromNameList(stringList(node.typeName))));
    if (!type) return;
    if (node.oldVal) type.values = type.values.map((v) => (v === node.oldVal ? node.newVal : v));
    else if (node.newVal && !type.values.includes(node.newVal)) type.values = [...type.values, node.newVal];
  },
  CreateDomainStmt(catalog, node) {
    const q = fromNameList(stringList(node.domainname));
    const hasConstraints = (node.constraints ?? []).some((c: any) => c.Constraint && c.Constraint.contype !== 'CONSTR_NULL');
    catalog.types.set(keyOf(q), { ...q, kind: 'domain', values: [], hasConstraints });
  },
  AlterDomainStmt(catalog, node) {
    // 'C' adds a constraint, 'O' sets NOT NULL.
    if (node.subtype !== 'C' && node.subtype !== 'O') return;
    const type = ownType(catalog, keyOf(fromNameList(stringList(node.typeName))));
    if (type) type.hasConstraints = true;
  },
  CreateFunctionStmt(catalog, node) {
    const declared = declaredVolatility(node);
    if (!declared || declared.volatility === 'unknown') return;
    catalog.functions.set(declared.names.join('.'), declared.volatility);
    if (declared.names.length === 1) catalog.functions.set(`${DEFAULT_SCHEMA}.${declared.names[0]}`, declared.volatility);
  },
  CompositeTypeStmt(catalog, node) {
    const q = fromRangeVar(node.typevar);
    catalog.types.set(keyOf(q), { ...q, kind: 'composite', values: [] });
  },
};

/** Output column names of `SELECT a, b AS c, t.d` (expressions without an alias are left out). */
function targetListNames(query: any): string[] {
  const targets = query?.SelectStmt?.targetList ?? [];
  return targets.flatMap((t: any) => {
    const r = t.ResTarget;
    if (r?.name) return [r.name];
    const fields = stringList(r?.val?.ColumnRef?.fields);
    return fields.length && fields[fields.length - 1] ? [fields[fields.length - 1]] : [];
  });
}

function newTable(schema: string, name: string, kind: Table['kind'], inChange: boolean): Table {
  return {
    schema,
    name,
    kind,
    columns: new Map(),
    constraints: [],
    createdInChange: inChange,
    unlogged: false,
    partitionOf: null,
    partitionKey: null,
    defaultPartition: false,
    stats: { rows: null, bytes: null },
  };
}

function unknownColumn(name: string, inChange: boolean): Column {
  const type = { name: 'unknown', mods: [], arrayDims: 0, serial: false };
  return { name, type, notNull: false, hasDefault: false, identity: false, generated: false, createdInChange: inChange };
}

function createTable(catalog: Catalog, node: any, inChange: boolean): void {
  const q = fromRangeVar(node.relation);
  const key = keyOf(q);
  if (catalog.tables.has(key) && node.if_not_exists) return;
  const kind = node.partspec ? 'partitioned-table' : 'table';
  const table = newTable(q.schema, q.name, kind, inChange);
  if (node.partspec) table.partitionKey = (node.partspec.partParams ?? []).map((p: any) => p.PartitionElem?.name ?? '(expr)');
  table.defaultPartition = !!node.partbound?.is_default;
  table.unlogged = node.relation?.relpersistence === 'u';
  const parents = (node.inhRelations ?? []).map((r: any) => keyOf(fromRangeVar(r.RangeVar)));
  for (const parentKey of parents) {
    const parent = catalog.tables.get(parentKey);
    if (!parent) continue;
    for (const [name, col] of parent.columns) table.columns.set(name, { ...col });
    if (node.partbound) table.partitionOf = parentKey;
  }
  catalog.tables.set(key, table);
  for (const element of node.tableElts ?? []) {
    if (element.ColumnDef) addColumn(catalog, table, element.ColumnDef, inChange);
    else if (element.Constraint) addConstraint(catalog, table, element.Constraint, inChange, true);
  }
}

function addColumn(catalog: Catalog, table: Table, def: any, inChange: boolean): void {
  const type = typeRefFrom(def.typeName);
  const column: Column = {
    name: def.colname,
    type,
    notNull: !!def.is_not_null || type.serial,
    hasDefault: type.serial || !!def.raw_default,
    identity: !!def.identity,
    generated: !!def.generated,
    createdInChange: inChange,
  };
  table.columns.set(column.name, column);
  for (const wrapped of def.constraints ?? []) {
    const c = wrapped.Constraint;
    if (!c) continue;
    switch (c.contype) {
      case 'CONSTR_NOTNULL':
        column.notNull = true;
        break;
      case 'CONSTR_NULL':
        column.notNull = false;
        break;
      case 'CONSTR_DEFAULT':
        column.hasDefault = true;
        break;
      case 'CONSTR_IDENTITY':
        column.identity = true;
        column.notNull = true;
        column.hasDefault = true;
        break;
      case 'CONSTR_GENERATED':
        column.generated = true;
        column.hasDefault = true;
        break;
      default:
        addConstraint(catalog, table, { ...c, keys: c.keys ?? [{ String: { sval: column.name } }], fk_attrs: c.fk_attrs ?? [{ String: { sval: column.name } }] }, inChange, true);
    }
  }
}

const CONSTRAINT_KINDS: Record<string, ConstraintKind> = {
  CONSTR_CHECK: 'check',
  CONSTR_FOREIGN: 'foreign-key',
  CONSTR_UNIQUE: 'unique',
  CONSTR_PRIMARY: 'primary-key',
  CONSTR_EXCLUSION: 'exclusion',
};

const SUFFIX: Record<ConstraintKind, string> = {
  check: 'check',
  'foreign-key': 'fkey',
  unique: 'key',
  'primary-key': 'pkey',
  exclusion: 'excl',
};

/** `inCreate`: part of CREATE TABLE, where constraints are always valid (the table is empty). */
export function addConstraint(catalog: Catalog, table: Table, c: any, inChange: boolean, inCreate: boolean): void {
  const kind = CONSTRAINT_KINDS[c.contype];
  if (!kind) return;
  const columns = constraintColumns(c, kind);
  // Postgres names an unnamed CHECK after its first column only (`t_a_check`), other kinds after all of them.
  const nameColumns = kind === 'check' ? columns.slice(0, 1) : columns;
  const name = c.conname ?? (kind === 'primary-key' ? `${table.name}_pkey` : defaultName(table.name, nameColumns, SUFFIX[kind]));
  const constraint: Constraint = {
    name,
    kind,
    columns,
    validated: inCreate || !c.skip_validation,
    references: kind === 'foreign-key' ? { table: keyOf(fromRangeVar(c.pktable)), columns: stringList(c.pk_attrs) } : null,
    provesNotNull: kind === 'check' ? notNullCheckColumn(c.raw_expr) : null,
    createdInChange: inChange,
  };
  table.constraints = table.constraints.filter((existing) => existing.name !== name);
  table.constraints.push(constraint);
  if (kind === 'primary-key') for (const col of columns) markNotNull(table, col);
  if (kind === 'primary-key' || kind === 'unique') {
    const indexName = c.indexname ?? name;
    const key = keyOf({ schema: table.schema, name: indexName });
    const existing = catalog.indexes.get(key);
    catalog.indexes.delete(key);
    catalog.indexes.set(keyOf({ schema: table.schema, name }), {
      schema: table.schema,
      name,
      table: keyOf(table),
      columns: existing?.columns ?? columns,
      unique: true,
      primary: kind === 'primary-key',
      partial: false,
      createdInChange: existing?.createdInChange ?? inChange,
    });
  }
}

function constraintColumns(c: any, kind: ConstraintKind): string[] {
  if (kind === 'foreign-key') return stringList(c.fk_attrs);
  if (kind === 'check') return referencedColumns(c.raw_expr);
  // `ADD … USING INDEX idx` names no columns: they are the index's (filled in by addConstraint).
  return stringList(c.keys);
}

/** Columns an expression mentions, in order of first mention (what Postgres names a CHECK after). */
function referencedColumns(expr: unknown): string[] {
  const names: string[] = [];
  walkNode(expr, (type, node) => {
    if (type !== 'ColumnRef') return;
    const fields = stringList(node.fields);
    const name = fields[fields.length - 1];
    if (name && !names.includes(name)) names.push(name);
  });
  return names;
}

/** `CHECK (col IS NOT NULL)` → `col`. */
export function notNullCheckColumn(expr: any): string | null {
  const test = expr?.NullTest;
  if (!test || test.nulltesttype !== 'IS_NOT_NULL') return null;
  const fields = test.arg?.ColumnRef?.fields ?? [];
  const names = stringList(fields);
  return names.length ? names[names.length - 1] : null;
}

function markNotNull(table: Table, column: string): void {
  const col = table.columns.get(column);
  if (col) col.notNull = true;
}

/** Postgres' default names, e.g. `users_email_key`, `orders_user_id_fkey` (truncated to 63 bytes). */
export function defaultName(table: string, columns: string[], suffix: string): string {
  const cols = columns.filter((c) => c !== '(expr)');
  const parts = [table, cols.length ? cols.join('_') : suffix === 'idx' ? 'expr' : ''].filter(Boolean);
  return `${parts.join('_')}_${suffix}`.slice(0, 63);
}

function alterTable(catalog: Catalog, node: any, inChange: boolean): void {
  if (node.objtype && node.objtype !== 'OBJECT_TABLE' && node.objtype !== 'OBJECT_FOREIGN_TABLE') return;
  const q = fromRangeVar(node.relation);
  // A table altered but never created here existed before (its CREATE ran elsewhere): keep what we learn of it.
  if (!catalog.tables.has(keyOf(q))) catalog.tables.set(keyOf(q), newTable(q.schema, q.name, 'table', false));
  const table = ownTable(catalog, keyOf(q));
  if (!table) return;
  for (const wrapped of node.cmds ?? []) {
    const cmd = wrapped.AlterTableCmd;
    if (!cmd) continue;
    const column = cmd.name ? table.columns.get(cmd.name) : undefined;
    switch (cmd.subtype) {
      case 'AT_AddColumn':
        if (cmd.def?.ColumnDef && !(cmd.missing_ok && table.columns.has(cmd.def.ColumnDef.colname))) {
          addColumn(catalog, table, cmd.def.ColumnDef, inChange);
        }
        break;
      case 'AT_DropColumn':
        table.columns.delete(cmd.name);
        table.constraints = table.constraints.filter((c) => !c.columns.includes(cmd.name));
        for (const [key, index] of catalog.indexes) {
          if (index.table === keyOf(table) && index.columns.includes(cmd.name)) catalog.indexes.delete(key);
        }
        break;
      case 'AT_AlterColumnType':
        if (column && cmd.def?.ColumnDef?.typeName) column.type = typeRefFrom(cmd.def.ColumnDef.typeName);
        break;
      case 'AT_SetNotNull':
        if (column) column.notNull = true;
        break;
      case 'AT_DropNotNull':
        if (column) column.notNull = false;
        break;
      case 'AT_ColumnDefault':
        if (column) column.hasDefault = !!cmd.def;
        break;
      case 'AT_AddIdentity':
        if (column) Object.assign(column, { identity: true, notNull: true, hasDefault: true });
        break;
      case 'AT_DropIdentity':
        if (column) Object.assign(column, { identity: false, hasDefault: false });
        break;
      case 'AT_AddConstraint':
        if (cmd.def?.Constraint) addConstraint(catalog, table, cmd.def.Constraint, inChange, false);
        break;
      case 'AT_ValidateConstraint':
        for (const c of table.constraints) if (c.name === cmd.name) c.validated = true;
        break;
      case 'AT_DropConstraint':
        table.constraints = table.constraints.filter((c) => c.name !== cmd.name);
        catalog.indexes.delete(keyOf({ schema: table.schema, name: cmd.name }));
        break;
      case 'AT_SetLogged':
        table.unlogged = false;
        break;
      case 'AT_SetUnLogged':
        table.unlogged = true;
        break;
      case 'AT_AttachPartition': {
        const part = ownTable(catalog, keyOf(fromRangeVar(cmd.def?.PartitionCmd?.name)));
        if (part) {
          part.partitionOf = keyOf(table);
          part.defaultPartition = !!cmd.def?.PartitionCmd?.bound?.is_default;
        }
        break;
      }
      case 'AT_DetachPartition': {
        const part = ownTable(catalog, keyOf(fromRangeVar(cmd.def?.PartitionCmd?.name)));
        if (part) {
          part.partitionOf = null;
          part.defaultPartition = false;
        }
        break;
      }
    }
  }
}

function rename(catalog: Catalog, node: any): void {
  switch (node.renameType) {
    case 'OBJECT_TABLE':
    case 'OBJECT_VIEW':
    case 'OBJECT_MATVIEW':
    case 'OBJECT_FOREIGN_TABLE': {
      const from = fromRangeVar(node.relation);
      const table = ownTable(catalog, keyOf(from));
      if (!table) return;
      catalog.tables.delete(keyOf(from));
      table.name = node.newname;
      const newKey = keyOf(table);
      catalog.tables.set(newKey, table);
      forEachIndexOf(catalog, keyOf(from), (index) => {
        index.table = newKey;
      });
      return;
    }
    case 'OBJECT_COLUMN': {
      const table = ownTable(catalog, keyOf(fromRangeVar(node.relation)));
      const column = table?.columns.get(node.subname);
      if (!table || !column) return;
      table.columns.delete(node.subname);
      column.name = node.newname;
      table.columns.set(node.newname, column);
      const swap = (c: string) => (c === node.subname ? node.newname : c);
      for (const c of table.constraints) c.columns = c.columns.map(swap);
      forEachIndexOf(catalog, keyOf(table), (index) => {
        index.columns = index.columns.map(swap);
      });
      return;
    }
    case 'OBJECT_TABCONSTRAINT': {
      const table = ownTable(catalog, keyOf(fromRangeVar(node.relation)));
      for (const c of table?.constraints ?? []) if (c.name === node.subname) c.name = node.newname;
      return;
    }
    case 'OBJECT_TYPE':
    case 'OBJECT_DOMAIN': {
      const from = fromNameList(stringList(node.object?.List?.items));
      const type = ownType(catalog, keyOf(from));
      if (!type) return;
      catalog.types.delete(keyOf(from));
      type.name = node.newname;
      catalog.types.set(keyOf(type), type);
      // Columns of that type now carry its new name.
      const oldNames = new Set([from.name, keyOf(from)]);
      const newName = from.schema === DEFAULT_SCHEMA ? node.newname : keyOf(type);
      for (const [key, t] of catalog.tables) {
        if (![...t.columns.values()].some((c) => oldNames.has(c.type.name))) continue;
        for (const c of ownTable(catalog, key)!.columns.values()) if (oldNames.has(c.type.name)) c.type = { ...c.type, name: newName };
      }
      return;
    }
    case 'OBJECT_INDEX': {
      const from = fromRangeVar(node.relation);
      const index = ownIndex(catalog, keyOf(from));
      if (!index) return;
      catalog.indexes.delete(keyOf(from));
      index.name = node.newname;
      catalog.indexes.set(keyOf({ schema: index.schema, name: index.name }), index);
      return;
    }
  }
}

function drop(catalog: Catalog, node: any): void {
  const names = (node.objects ?? []).map((o: any) => (o.List ? stringList(o.List.items) : o.String ? [o.String.sval] : []));
  for (const parts of names as string[][]) {
    const q = fromNameList(parts);
    const key = keyOf(q);
    switch (node.removeType) {
      case 'OBJECT_TABLE':
      case 'OBJECT_VIEW':
      case 'OBJECT_MATVIEW':
      case 'OBJECT_FOREIGN_TABLE':
        catalog.tables.delete(key);
        for (const [k, index] of catalog.indexes) if (index.table === key) catalog.indexes.delete(k);
        break;
      case 'OBJECT_INDEX':
        catalog.indexes.delete(key);
        break;
      case 'OBJECT_TYPE':
      case 'OBJECT_DOMAIN':
        catalog.types.delete(key);
        break;
      case 'OBJECT_SCHEMA': {
        const schema = parts[0] ?? DEFAULT_SCHEMA;
        catalog.schemas.delete(schema);
        catalog.schemasCreatedInChange.delete(schema);
        for (const [k, t] of catalog.tables) if (t.schema === schema) catalog.tables.delete(k);
        for (const [k, i] of catalog.indexes) if (i.schema === schema) catalog.indexes.delete(k);
        break;
      }
      case 'OBJECT_EXTENSION':
        catalog.extensions.delete(parts[0]);
        break;
    }
  }
}

/** Changes each index of a table, owning it first (see forkCatalog). */
function forEachIndexOf(catalog: Catalog, tableKey: string, change: (index: Index) => void): void {
  for (const [key, index] of catalog.indexes) {
    if (index.table === tableKey) change(ownIndex(catalog, key)!);
  }
}
