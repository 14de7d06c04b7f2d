/** What seeding needs to know of the live schema, read from the system catalogs in a handful of queries. */
import type { Session } from '../session.js';

export interface SeedType {
  oid: number;
  /** format_type(oid, NULL): qualified where the search_path needs it. */
  sql: string;
  name: string;
  /** pg_type.typtype: b base, e enum, d domain, r range, c composite, p pseudo, m multirange. */
  kind: string;
  category: string;
  elem: number;
  base: number;
  baseTypmod: number;
  domainNotNull: boolean;
  domainChecks: Array<{ name: string; def: string }>;
  labels: string[];
  rangeSubtype: number;
}

export interface SeedColumn {
  attnum: number;
  name: string;
  type: number;
  /** format_type with the typmod: what a value is cast to. */
  typeSql: string;
  typmod: number;
  notNull: boolean;
  defaultExpr: string | null;
  /** '' | 'a' (ALWAYS) | 'd' (BY DEFAULT) */
  identity: string;
  generated: boolean;
  /** The owned sequence of a serial or identity column. */
  sequence: string | null;
}

export interface SeedConstraint {
  name: string;
  /** p, u, f, c, x, or i for a unique index that is not a constraint. */
  type: string;
  columns: number[];
  refTable: number;
  refColumns: number[];
  deferrable: boolean;
  def: string;
}

export interface SeedTable {
  oid: number;
  schema: string;
  name: string;
  /** "schema"."name" */
  sql: string;
  partitioned: boolean;
  isPartition: boolean;
  columns: SeedColumn[];
  constraints: SeedConstraint[];
}

export interface SeedCatalog {
  tables: SeedTable[];
  types: Map<number, SeedType>;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export async function readSeedCatalog(session: Session): Promise<SeedCatalog> {
  const tables = (
    await session.query<{ oid: string; schema: string; name: string; relkind: string; relispartition: boolean }>(`
      SELECT c.oid::int8 AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS relkind, c.relispartition
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
      ORDER BY n.nspname, c.relname`)
  ).rows;
  const byOid = new Map<number, SeedTable>();
  for (const t of tables) {
    byOid.set(Number(t.oid), {
      oid: Number(t.oid),
      schema: t.schema,
      name: t.name,
      sql: `${quoteIdent(t.schema)}.${quoteIdent(t.name)}`,
      partitioned: t.relkind === 'p',
      isPartition: t.relispartition,
      columns: [],
      constraints: [],
    });
  }
  const oids = [...byOid.keys()];
  const columns = (
    await session.query(
      `SELECT a.attrelid::int8 AS rel, a.attnum, a.attname, a.atttypid::int8 AS typ, format_type(a.atttypid, a.atttypmod) AS type_sql,
         a.atttypmod, a.attnotnull, a.attidentity::text AS identity, a.attgenerated::text AS generated,
         pg_get_expr(d.adbin, d.adrelid) AS default_expr,
         pg_get_serial_sequence(a.attrelid::regclass::text, a.attname) AS seq
       FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
       ORDER BY a.attrelid, a.attnum`,
      [oids],
    )
  ).rows;
  for (const c of columns) {
    byOid.get(Number(c.rel))?.columns.push({
      attnum: c.attnum,
      name: c.attname,
      type: Number(c.typ),
      typeSql: c.type_sql,
      typmod: c.atttypmod,
      notNull: c.attnotnull,
      defaultExpr: c.default_expr,
      identity: c.identity ?? '',
      generated: (c.generated ?? '') !== '',
      sequence: c.seq,
    });
  }
  const constraints = (
    await session.query(
      `SELECT conrelid::int8 AS rel, conname, contype::text AS contype, conkey::int2[] AS conkey, confrelid::int8 AS frel,
         confkey::int2[] AS confkey, condeferrable, pg_get_constraintdef(oid) AS def
       FROM pg_constraint WHERE conrelid = ANY($1::oid[]) AND contype IN ('p', 'u', 'f', 'c', 'x')
       UNION ALL
       SELECT i.indrelid::int8, ic.relname, 'i', ARRAY(
           SELECT x FROM unnest(i.indkey::int2[]) x WHERE x > 0
           UNION SELECT d.refobjsubid::int2 FROM pg_depend d
           WHERE d.classid = 'pg_class'::regclass AND d.objid = i.indexrelid AND d.refobjid = i.indrelid AND d.refobjsubid > 0),
         0, NULL, false, pg_get_indexdef(i.indexrelid)
       FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
       WHERE i.indisunique AND i.indrelid = ANY($1::oid[])
         AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))
       ORDER BY 1, 2`,
      [oids],
    )
  ).rows;
  for (const k of constraints) {
    byOid.get(Number(k.rel))?.constraints.push({
      name: k.conname,
      type: k.contype,
      columns: (k.conkey ?? []).map(Number),
      refTable: Number(k.frel ?? 0),
      refColumns: (k.confkey ?? []).map(Number),
      deferrable: k.condeferrable,
      def: k.def,
    });
  }
  const types = new Map<number, SeedType>();
  const typeRows = (
    await session.query(`
      SELECT t.oid::int8 AS oid, format_type(t.oid, NULL) AS sql, t.typname, t.typtype::text AS typtype, t.typcategory::text AS typcategory,
        t.typelem::int8 AS elem, t.typbasetype::int8 AS base, t.typtypmod, t.typnotnull, COALESCE(r.rngsubtype, 0)::int8 AS rangesub,
        ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels,
        ARRAY(SELECT k.conname::text FROM pg_constraint k WHERE k.contypid = t.oid AND k.contype = 'c' ORDER BY k.conname) AS check_names,
        ARRAY(SELECT pg_get_constraintdef(k.oid) FROM pg_constraint k WHERE k.contypid = t.oid AND k.contype = 'c' ORDER BY k.conname) AS check_defs
      FROM pg_type t LEFT JOIN pg_range r ON r.rngtypid = t.oid
      WHERE t.typtype <> 'c' OR t.typrelid = 0`)
  ).rows;
  for (const t of typeRows) {
    types.set(Number(t.oid), {
      oid: Number(t.oid),
      sql: t.sql,
      name: t.typname,
      kind: t.typtype,
      category: t.typcategory,
      elem: Number(t.elem),
      base: Number(t.base),
      baseTypmod: t.typtypmod,
      domainNotNull: t.typnotnull,
      domainChecks: (t.check_names as string[]).map((name, i) => ({ name, def: (t.check_defs as string[])[i] })),
      labels: t.labels,
      rangeSubtype: Number(t.rangesub),
    });
  }
  return { tables: [...byOid.values()], types };
}
