/**
 * The schema before and after the checked migrations, as the server sees it, and what changed between the two.
 *
 * Objects are keyed by their oid (columns by table oid and attnum), so a rename is one `changed` entry that shows
 * both names rather than a drop and an add. An object dropped and created again under the same name gets a new
 * oid; for indexes, constraints, views, sequences, types, functions and triggers that pair is folded into one
 * `changed` entry (or nothing, when the definition is the same again: an index rebuilt by ALTER COLUMN TYPE).
 * Tables and columns are the exception: dropping one loses its rows, so that stays a drop and an add.
 *
 * One catalog query per reading; it runs twice per run. System schemas and objects that belong to an extension
 * are left out (the extension itself is listed).
 */
import type { SchemaChange } from '../report/types.js';
import type { Session } from './session.js';

export interface SchemaObject {
  kind: string;
  /** Qualified name: `public.users`, `public.users.email`, `public.f(integer)`. */
  name: string;
  /** The object's own name, without what it belongs to (`email` of `public.users.email`). */
  own: string;
  /** What the report shows (whitespace collapsed); null for objects that are only a name (a plain table, a schema). */
  definition: string | null;
  /** What is compared: the definition exactly as the server printed it. */
  fingerprint: string | null;
}

/** Keyed by identity: `rel:<oid>`, `col:<table oid>:<attnum>`, `con:<oid>` … */
export type SchemaShape = Map<string, SchemaObject>;

/** Kinds whose definition starts with the object's own name, so a rename shows in the definition itself. */
const NAMED_DEFINITIONS = new Set(['index', 'function', 'procedure', 'trigger']);
/** Kinds whose drop loses data: dropped and re-added under the same name stays two entries. */
const DATA_KINDS = new Set(['table', 'partitioned table', 'materialized view', 'column', 'foreign table']);

const previousNames = new WeakMap<SchemaChange, string>();

/** For a `changed` entry of a renamed object, the name it had before; null otherwise. */
export function previousName(change: SchemaChange): string | null {
  return previousNames.get(change) ?? null;
}

function schemaSql(major: number): string {
  const userSchema = `nspname NOT IN ('pg_catalog', 'information_schema') AND nspname !~ '^pg_(toast|temp_|toast_temp_)'`;
  const ownedByExtension = (catalog: string, oid: string) =>
    `EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = '${catalog}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`;
  const generated = major >= 12 ? `a.attgenerated` : `''`;
  const prokind = major >= 11 ? `p.prokind` : `CASE WHEN p.proisagg THEN 'a' WHEN p.proiswindow THEN 'w' ELSE 'f' END`;
  return `WITH nsp AS (SELECT oid, nspname FROM pg_catalog.pg_namespace WHERE ${userSchema})
SELECT 'schema:' || n.oid AS key, 'schema' AS kind, n.nspname AS name, n.nspname AS own, NULL AS definition
  FROM nsp n WHERE n.oid >= 16384 AND NOT ${ownedByExtension('pg_namespace', 'n.oid')}
UNION ALL
SELECT 'ext:' || e.oid, 'extension', e.extname, e.extname, 'version ' || e.extversion || ' in schema ' || en.nspname
  FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace en ON en.oid = e.extnamespace WHERE e.oid >= 16384
UNION ALL
SELECT 'rel:' || c.oid,
  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'partitioned table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'
    WHEN 'f' THEN 'foreign table' WHEN 'S' THEN 'sequence' ELSE 'index' END,
  n.nspname || '.' || c.relname, c.relname,
  CASE
    WHEN c.relkind IN ('i', 'I') THEN pg_catalog.pg_get_indexdef(c.oid) || CASE WHEN i.indisvalid THEN '' ELSE ' (INVALID)' END
    WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid)
    WHEN c.relkind = 'S' THEN pg_catalog.format_type(s.seqtypid, NULL) || ' START ' || s.seqstart || ' INCREMENT ' || s.seqincrement
      || ' MINVALUE ' || s.seqmin || ' MAXVALUE ' || s.seqmax || ' CACHE ' || s.seqcache || CASE WHEN s.seqcycle THEN ' CYCLE' ELSE '' END
    ELSE NULLIF(concat_ws(' ',
      CASE WHEN c.relpersistence = 'u' THEN 'UNLOGGED' END,
      CASE WHEN c.relispartition THEN (SELECT 'PARTITION OF ' || pn.nspname || '.' || pc.relname FROM pg_catalog.pg_inherits h
        JOIN pg_catalog.pg_class pc ON pc.oid = h.inhparent JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
        WHERE h.inhrelid = c.oid) || ' ' || pg_catalog.pg_get_expr(c.relpartbound, c.oid) END,
      CASE WHEN c.relkind = 'p' THEN 'PARTITION BY ' || pg_catalog.pg_get_partkeydef(c.oid) END), '')
  END
  FROM pg_catalog.pg_class c JOIN nsp n ON n.oid = c.relnamespace
  LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid
  LEFT JOIN pg_catalog.pg_sequence s ON s.seqrelid = c.oid
  WHERE c.oid >= 16384 AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S', 'i', 'I') AND NOT ${ownedByExtension('pg_class', 'c.oid')}
UNION ALL
SELECT 'col:' || a.attrelid || ':' || a.attnum, 'column', n.nspname || '.' || c.relname || '.' || a.attname, a.attname,
  concat_ws(' ', pg_catalog.format_type(a.atttypid, a.atttypmod),
    CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
      THEN 'COLLATE ' || (SELECT quote_ident(co.collname) FROM pg_catalog.pg_collation co WHERE co.oid = a.attcollation) END,
    CASE a.attidentity WHEN 'a' THEN 'GENERATED ALWAYS AS IDENTITY' WHEN 'd' THEN 'GENERATED BY DEFAULT AS IDENTITY' END,
    CASE WHEN ${generated} IN ('s', 'v') THEN 'GENERATED ALWAYS AS (' || pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) || ')'
        || CASE ${generated} WHEN 's' THEN ' STORED' ELSE ' VIRTUAL' END
      WHEN ad.adbin IS NOT NULL THEN 'DEFAULT ' || pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) END,
    CASE WHEN a.attnotnull THEN 'NOT NULL' END)
  FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid JOIN nsp n ON n.oid = c.relnamespace
  JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
  WHERE c.oid >= 16384 AND c.relkind IN ('r', 'p', 'f') AND a.attnum > 0 AND NOT a.attisdropped AND NOT ${ownedByExtension('pg_class', 'c.oid')}
UNION ALL
SELECT 'con:' || co.oid, 'constraint', n.nspname || '.' || COALESCE(c.relname, ty.typname) || '.' || co.conname, co.conname,
  pg_catalog.pg_get_constraintdef(co.oid)
  FROM pg_catalog.pg_constraint co JOIN nsp n ON n.oid = co.connamespace
  LEFT JOIN pg_catalog.pg_class c ON c.oid = co.conrelid LEFT JOIN pg_catalog.pg_type ty ON ty.oid = co.contypid
  WHERE co.oid >= 16384 AND co.contype <> 'n' AND (c.oid IS NOT NULL OR ty.oid IS NOT NULL)
    AND NOT ${ownedByExtension('pg_class', 'co.conrelid')} AND NOT ${ownedByExtension('pg_type', 'co.contypid')}
UNION ALL
SELECT 'type:' || t.oid, 'type', n.nspname || '.' || t.typname, t.typname,
  CASE t.typtype
    WHEN 'e' THEN 'ENUM (' || COALESCE((SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid), '') || ')'
    WHEN 'd' THEN 'DOMAIN ' || pg_catalog.format_type(t.typbasetype, t.typtypmod) || CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END
      || COALESCE(' DEFAULT ' || t.typdefault, '')
    WHEN 'r' THEN 'RANGE (' || (SELECT pg_catalog.format_type(r.rngsubtype, NULL) FROM pg_catalog.pg_range r WHERE r.rngtypid = t.oid) || ')'
    ELSE 'AS (' || COALESCE((SELECT string_agg(quote_ident(ca.attname) || ' ' || pg_catalog.format_type(ca.atttypid, ca.atttypmod), ', ' ORDER BY ca.attnum)
      FROM pg_catalog.pg_attribute ca WHERE ca.attrelid = t.typrelid AND ca.attnum > 0 AND NOT ca.attisdropped), '') || ')'
  END
  FROM pg_catalog.pg_type t JOIN nsp n ON n.oid = t.typnamespace
  WHERE t.oid >= 16384 AND NOT ${ownedByExtension('pg_type', 't.oid')}
    AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_catalog.pg_class tc WHERE tc.oid = t.typrelid AND tc.relkind = 'c')))
UNION ALL
SELECT 'fn:' || p.oid, CASE ${prokind} WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END,
  n.nspname || '.' || p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')',
  p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')',
  CASE WHEN ${prokind} <> 'a' THEN pg_catalog.pg_get_functiondef(p.oid) END
  FROM pg_catalog.pg_proc p JOIN nsp n ON n.oid = p.pronamespace
  WHERE p.oid >= 16384 AND NOT ${ownedByExtension('pg_proc', 'p.oid')}
UNION ALL
SELECT 'trg:' || tg.oid, 'trigger', n.nspname || '.' || c.relname || '.' || tg.tgname, tg.tgname, pg_catalog.pg_get_triggerdef(tg.oid)
  FROM pg_catalog.pg_trigger tg JOIN pg_catalog.pg_class c ON c.oid = tg.tgrelid JOIN nsp n ON n.oid = c.relnamespace
  WHERE tg.oid >= 16384 AND NOT tg.tgisinternal AND NOT ${ownedByExtension('pg_class', 'c.oid')}`;
}

/** The user-visible schema as the server sees it now (tables, columns, types, indexes, constraints …). */
export async function readSchemaShape(session: Session): Promise<SchemaShape> {
  const version = await session.query<{ num: number }>(`SELECT current_setting('server_version_num')::int AS num`);
  const major = Math.floor(version.rows[0].num / 10000);
  const rows = await session.query<{ key: string; kind: string; name: string; own: string; definition: string | null }>(schemaSql(major));
  const shape: SchemaShape = new Map();
  for (const row of rows.rows) {
    shape.set(row.key, { kind: row.kind, name: row.name, own: row.own, definition: row.definition === null ? null : row.definition.replace(/\s+/g, ' ').trim(), fingerprint: row.definition });
  }
  return shape;
}

/** What the migrations added, dropped and changed; sorted by name (a table, then its columns), then kind. */
export function diffSchema(before: SchemaShape, after: SchemaShape): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const dropped: SchemaObject[] = [];
  const added: SchemaObject[] = [];
  for (const [key, old] of before) {
    const now = after.get(key);
    if (!now) dropped.push(old);
    else if (now.own !== old.own) changes.push(renamed(old, now));
    // Otherwise a new name is only what it belongs to being renamed (a table's columns): that rename is reported once.
    else if (now.fingerprint !== old.fingerprint) changes.push({ kind: now.kind, name: now.name, change: 'changed', before: old.definition, after: now.definition });
  }
  for (const [key, now] of after) if (!before.has(key)) added.push(now);

  // The same name dropped and created again: one change, or none when it came back as it was.
  const addedByName = new Map(added.map((o) => [`${o.kind}\0${o.name}`, o]));
  const recreated = new Set<SchemaObject>();
  for (const old of dropped) {
    const now = addedByName.get(`${old.kind}\0${old.name}`);
    if (!now || DATA_KINDS.has(old.kind) || recreated.has(now)) {
      changes.push({ kind: old.kind, name: old.name, change: 'dropped', before: old.definition, after: null });
      continue;
    }
    recreated.add(now);
    if (now.fingerprint !== old.fingerprint) changes.push({ kind: now.kind, name: now.name, change: 'changed', before: old.definition, after: now.definition });
  }
  for (const now of added) if (!recreated.has(now)) changes.push({ kind: now.kind, name: now.name, change: 'added', before: null, after: now.definition });
  return changes.sort(compareChanges);
}

/** A rename: both sides carry the name unless the definition already starts with it (CREATE INDEX name …). */
function renamed(old: SchemaObject, now: SchemaObject): SchemaChange {
  const side = (o: SchemaObject) => (NAMED_DEFINITIONS.has(o.kind) && o.definition ? o.definition : [o.name, o.definition].filter(Boolean).join(' '));
  const change: SchemaChange = { kind: now.kind, name: now.name, change: 'changed', before: side(old), after: side(now) };
  previousNames.set(change, old.name);
  return change;
}

const CHANGE_ORDER = { dropped: 0, changed: 1, added: 2 } as const;

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareChanges(a: SchemaChange, b: SchemaChange): number {
  return byCodePoint(a.name, b.name) || byCodePoint(a.kind, b.kind) || CHANGE_ORDER[a.change] - CHANGE_ORDER[b.change] || byCodePoint(a.before ?? '', b.before ?? '') || byCodePoint(a.after ?? '', b.after ?? '');
}
