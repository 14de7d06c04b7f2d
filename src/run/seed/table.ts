/**
 * Seeding one table: one `INSERT … SELECT … FROM generate_series` built from the catalog, then repaired when
 * Postgres rejects it (a CHECK the generator could not read: NULL the columns it names, let exactly one of them be
 * set, or keep only the generated rows that pass it).
 */
import type { ColumnStats, TableStats } from '../../stats/types.js';
import type { Session } from '../session.js';
import { quoteIdent, type SeedColumn, type SeedConstraint, type SeedTable, type SeedType } from './catalog.js';
import { mergeChecks, parseCheck, type ColumnCheck } from './checks.js';
import { generateValue } from './values.js';

export interface TableContext {
  types: Map<number, SeedType>;
  tables: Map<number, SeedTable>;
  /** Foreign keys loaded NULL now (filled later, or never). */
  nullKeys: Set<SeedConstraint>;
  /** The table's production statistics (stats file): its columns' null fractions, distinct counts and widths. */
  stats?: TableStats;
}

export interface TableOutcome {
  rows: number;
  notes: string[];
}

/** Rows per statement; more rows are loaded in several statements. */
const BATCH = 500_000;
/** Candidate rows generated per row wanted when rows are filtered by a CHECK. */
const OVERSAMPLE = 20;
const MAX_ATTEMPTS = 12;

const UNIQUE_DEFAULT = /nextval\(|uuid|random|cuid|gen_random/i;

interface Repair {
  kind: 'null' | 'rotate' | 'filter';
  columns: number[];
  expr: string;
}

interface Dimension {
  key: string;
  cap: number;
}

export async function seedTable(session: Session, table: SeedTable, wanted: number, ctx: TableContext): Promise<TableOutcome> {
  const notes: string[] = [];
  const byAttnum = new Map(table.columns.map((c) => [c.attnum, c]));
  const colName = (a: number) => byAttnum.get(a)?.name ?? `#${a}`;

  // Foreign keys: a column belongs to the widest key it is part of.
  const fks = table.constraints.filter((k) => k.type === 'f' && k.refTable !== 0).sort((a, b) => b.columns.length - a.columns.length);
  const fkOf = new Map<number, { fk: SeedConstraint; index: number }>();
  const activeFks: SeedConstraint[] = [];
  const selfKey = new Map<number, number>();
  for (const fk of fks) {
    if (ctx.nullKeys.has(fk)) continue;
    if (fk.refTable === table.oid) {
      // A NOT NULL self-reference: each row references its own key, which the same statement inserts.
      fk.columns.forEach((a, i) => selfKey.set(a, fk.refColumns[i]));
      continue;
    }
    if (fk.columns.some((a) => fkOf.has(a))) continue;
    const index = activeFks.length;
    activeFks.push(fk);
    fk.columns.forEach((a) => fkOf.set(a, { fk, index }));
  }
  const nullColumns = new Set<number>();
  for (const fk of fks) if (ctx.nullKeys.has(fk)) fk.columns.forEach((a) => !fkOf.has(a) && nullColumns.add(a));

  // Parent keys available, per active foreign key.
  const parentCounts: number[] = [];
  for (const fk of activeFks) {
    const parent = ctx.tables.get(fk.refTable);
    if (!parent) {
      parentCounts.push(0);
      continue;
    }
    const keyCols = fk.refColumns.map((a) => quoteIdent(parent.columns.find((c) => c.attnum === a)!.name));
    const { rows } = await session.query<{ n: string }>(`SELECT count(*) AS n FROM ${parent.sql} WHERE ${keyCols.map((k) => `${k} IS NOT NULL`).join(' AND ')}`);
    const count = Number(rows[0].n);
    parentCounts.push(count);
    if (count === 0) {
      const required = fk.columns.some((a) => byAttnum.get(a)?.notNull);
      if (required) {
        return { rows: 0, notes: [`not seeded: foreign key ${fk.name} needs rows in ${parent.schema}.${parent.name}, which is empty`] };
      }
      fk.columns.forEach((a) => nullColumns.add(a));
    }
  }

  // Checks: per-column shapes we can satisfy by construction.
  const checks = new Map<string, ColumnCheck>();
  for (const k of table.constraints) {
    if (k.type !== 'c') continue;
    for (const [name, check] of parseCheck(k.def).columns) checks.set(name, mergeChecks(checks.get(name), check)!);
  }
  const domainCheck = (c: SeedColumn): ColumnCheck | undefined => {
    let out: ColumnCheck | undefined;
    for (let t = ctx.types.get(c.type); t && t.kind === 'd'; t = ctx.types.get(t.base)) {
      for (const dc of t.domainChecks) out = mergeChecks(out, parseCheck(dc.def).columns.get('VALUE'));
    }
    return out;
  };
  const checkOf = (c: SeedColumn) => mergeChecks(checks.get(c.name), domainCheck(c));

  // Production distributions apply to columns whose values nothing else ties down. A CHECK the generator cannot
  // read (several columns, an opaque expression) keeps its columns as they are without statistics: correlated
  // through g, and repaired the usual way.
  const opaque = new Set<number>();
  for (const k of table.constraints) if (k.type === 'c' && !parseCheck(k.def).complete) k.columns.forEach((a) => opaque.add(a));
  const domainNotNull = new Set<number>();
  for (const c of table.columns) {
    for (let t = ctx.types.get(c.type); t && t.kind === 'd'; t = ctx.types.get(t.base)) {
      if (t.domainNotNull) domainNotNull.add(c.attnum);
      if (t.domainChecks.some((dc) => !parseCheck(dc.def).complete)) opaque.add(c.attnum);
    }
  }
  const statsOf = (c: SeedColumn): ColumnStats | undefined => (opaque.has(c.attnum) ? undefined : ctx.stats?.columns[c.name]);
  const hintOf = (c: SeedColumn, withStats: boolean) => ({ column: c.name, attnum: c.attnum, check: checkOf(c), width: withStats ? statsOf(c)?.avgWidth : undefined });

  // Which columns get values.
  const uniqueSets = table.constraints.filter((k) => ['p', 'u', 'i', 'x'].includes(k.type));
  const inUnique = new Set(uniqueSets.flatMap((k) => k.columns));
  const selfReferenced = new Set(selfKey.values());
  const explicit = new Set<number>();
  let overriding = false;
  for (const c of table.columns) {
    if (c.generated) continue;
    if (fkOf.has(c.attnum) || nullColumns.has(c.attnum) || selfKey.has(c.attnum)) {
      explicit.add(c.attnum);
      continue;
    }
    if (c.identity || c.sequence || (c.defaultExpr && UNIQUE_DEFAULT.test(c.defaultExpr))) {
      if (selfReferenced.has(c.attnum)) {
        explicit.add(c.attnum);
        if (c.identity === 'a') overriding = true;
      }
      continue;
    }
    const probe = generateValue(ctx.types, c.type, c.typmod, 'g', hintOf(c, false));
    // A default fills every row with one value. Where production holds many, generate them instead; where it holds
    // one, that is most likely the default itself.
    const many = (statsOf(c)?.nDistinct ?? 0) < 0 || (statsOf(c)?.nDistinct ?? 0) > 1;
    if (c.defaultExpr !== null && !inUnique.has(c.attnum) && !selfReferenced.has(c.attnum) && !(probe && many)) continue;
    if (probe) explicit.add(c.attnum);
    else if (c.notNull && c.defaultExpr === null) {
      return { rows: 0, notes: [`not seeded: no value generator for column ${c.name} of type ${c.typeSql}, which is NOT NULL without a default`] };
    } else if (c.notNull) continue;
    else nullColumns.add(c.attnum);
  }

  // Distinctness: each UNIQUE/PRIMARY KEY gets a member that is injective in g, or a mixed radix over its members.
  const caps = new Map<string, number>();
  for (const c of table.columns) {
    if (!explicit.has(c.attnum) || fkOf.has(c.attnum) || nullColumns.has(c.attnum) || selfKey.has(c.attnum)) continue;
    const gen = generateValue(ctx.types, c.type, c.typmod, 'g', hintOf(c, false));
    caps.set(`c${c.attnum}`, gen?.cap ?? 1);
  }
  activeFks.forEach((_, i) => caps.set(`f${i}`, parentCounts[i]));
  const variable = new Map<string, string>();
  let rows = wanted;
  // The fewest distinct keys any UNIQUE allows: generating more candidate rows than that only repeats keys.
  let capacity = Infinity;
  for (const set of uniqueSets) {
    if (set.columns.length === 0) continue;
    const members = set.columns.map((a) => byAttnum.get(a)!).filter(Boolean);
    if (members.some((c) => nullColumns.has(c.attnum))) continue;
    if (members.some((c) => !explicit.has(c.attnum) && (c.identity || c.sequence || (c.defaultExpr && UNIQUE_DEFAULT.test(c.defaultExpr))))) continue;
    const dims: Dimension[] = [];
    for (const c of members) {
      const key = fkOf.has(c.attnum) ? `f${fkOf.get(c.attnum)!.index}` : `c${c.attnum}`;
      if (!caps.has(key) || dims.some((d) => d.key === key)) continue;
      dims.push({ key, cap: caps.get(key)! });
    }
    if (!dims.length) continue;
    const free = dims.filter((d) => d.key.startsWith('c') && !variable.has(d.key)).sort((a, b) => b.cap - a.cap)[0];
    if (free && free.cap >= rows) {
      capacity = Math.min(capacity, free.cap);
      continue;
    }
    dims.sort((a, b) => b.cap - a.cap);
    let stride = 1;
    for (const d of dims) {
      if (!variable.has(d.key)) variable.set(d.key, stride === 1 ? 'g' : `(((g - 1) / ${stride}) + 1)`);
      stride *= Math.max(1, d.cap);
      if (stride > 1e15) break;
    }
    capacity = Math.min(capacity, stride);
    if (stride < rows) {
      notes.push(`${rows} rows asked for, at most ${stride} possible: ${set.type === 'i' ? 'unique index' : 'constraint'} ${set.name} on (${members.map((c) => c.name).join(', ')}) allows no more distinct values`);
      rows = stride;
    }
  }

  // NULL fractions, in nullable columns no key, foreign key or NOT NULL CHECK needs: the same rows every time (a
  // multiplicative hash of g, exact per 10,000 rows), different rows per column.
  const fkColumns = new Set(fks.flatMap((k) => k.columns));
  const nullShare = new Map<number, number>();
  for (const c of table.columns) {
    const cs = statsOf(c);
    if (!cs || !(cs.nullFrac > 0) || !explicit.has(c.attnum) || c.notNull || domainNotNull.has(c.attnum) || checkOf(c)?.notNull) continue;
    if (inUnique.has(c.attnum) || fkColumns.has(c.attnum) || selfKey.has(c.attnum) || selfReferenced.has(c.attnum) || nullColumns.has(c.attnum)) continue;
    const share = Math.round(Math.min(1, cs.nullFrac) * 10_000);
    if (share > 0) nullShare.set(c.attnum, share);
  }

  // Distinct counts: a column outside every UNIQUE cycles through that many values, a foreign key through that many
  // parent rows. Postgres' n_distinct: > 0 a count, < 0 minus a fraction of all rows (NULLs included). As many
  // distinct values as rows that are not NULL: every row its own value, no cycling.
  const distinctOf = (cs: ColumnStats | undefined, nulls = 0): number | null => {
    if (!cs || cs.nDistinct === 0) return null;
    const d = Math.max(1, Math.round(cs.nDistinct > 0 ? cs.nDistinct : -cs.nDistinct * rows));
    return d < Math.round(rows * (1 - nulls)) ? d : null;
  };
  const cycled = (d: number) => `(((g - 1) % ${d}) + 1)`;
  const distinctVar = new Map<string, string>();
  for (const c of table.columns) {
    if (!explicit.has(c.attnum) || inUnique.has(c.attnum) || fkColumns.has(c.attnum) || nullColumns.has(c.attnum) || selfKey.has(c.attnum) || selfReferenced.has(c.attnum)) continue;
    const d = distinctOf(statsOf(c), (nullShare.get(c.attnum) ?? 0) / 10_000);
    if (d !== null) distinctVar.set(`c${c.attnum}`, cycled(d));
  }
  activeFks.forEach((fk, i) => {
    if (variable.has(`f${i}`) || fk.columns.some((a) => inUnique.has(a))) return;
    const ds = fk.columns.map((a) => distinctOf(statsOf(byAttnum.get(a)!))).filter((d): d is number => d !== null);
    if (ds.length) distinctVar.set(`f${i}`, cycled(Math.min(...ds)));
  });

  // Existing rows (a migration's own inserts): start past them.
  let offset = 0;
  const existing = Number((await session.query<{ n: string }>(`SELECT count(*) AS n FROM ${table.sql}`)).rows[0].n);
  if (existing > 0) {
    offset = existing;
    for (const c of table.columns) {
      const t = ctx.types.get(c.type);
      if (explicit.has(c.attnum) && inUnique.has(c.attnum) && t && ['int2', 'int4', 'int8', 'numeric'].includes(t.name) && !fkOf.has(c.attnum)) {
        const max = Number((await session.query(`SELECT COALESCE(max(${quoteIdent(c.name)}), 0)::float8 AS m FROM ${table.sql}`)).rows[0].m);
        offset = Math.max(offset, Math.ceil(max));
      }
    }
  }

  const fkValue = (a: number) => {
    const { fk, index } = fkOf.get(a)!;
    const parent = ctx.tables.get(fk.refTable)!;
    const ref = parent.columns.find((c) => c.attnum === fk.refColumns[fk.columns.indexOf(a)])!;
    return `f${index}.${quoteIdent(ref.name)}`;
  };
  const baseExpr = (c: SeedColumn): string => {
    if (nullColumns.has(c.attnum)) return 'NULL';
    if (fkOf.has(c.attnum)) return fkValue(c.attnum);
    if (selfKey.has(c.attnum)) return baseExpr(byAttnum.get(selfKey.get(c.attnum)!)!);
    const v = variable.get(`c${c.attnum}`) ?? distinctVar.get(`c${c.attnum}`) ?? 'g';
    const gen = generateValue(ctx.types, c.type, c.typmod, v, hintOf(c, true));
    return gen ? gen.expr : 'NULL';
  };

  const buildSql = (repairs: Repair[], from: number, to: number, limit: number | null): string => {
    const cols = table.columns.filter((c) => explicit.has(c.attnum));
    const nulled = new Set(repairs.filter((r) => r.kind === 'null').flatMap((r) => r.columns));
    const rotated = new Map<number, { i: number; k: number }>();
    for (const r of repairs) if (r.kind === 'rotate') r.columns.forEach((a, i) => rotated.set(a, { i, k: r.columns.length }));
    const select = cols.map((c) => {
      let expr = nulled.has(c.attnum) ? 'NULL' : `(${baseExpr(c)})::${c.typeSql}`;
      const share = nullShare.get(c.attnum);
      if (share !== undefined && expr !== 'NULL') expr = `CASE WHEN (g * 7919 + ${c.attnum * 104729}) % 10000 < ${share} THEN NULL ELSE ${expr} END`;
      const rot = rotated.get(c.attnum);
      if (rot && expr !== 'NULL') expr = `CASE WHEN g % ${rot.k} = ${rot.i} THEN ${expr} END`;
      return `${expr} AS ${quoteIdent(c.name)}`;
    });
    const joins = activeFks.map((fk, i) => {
      if (fk.columns.some((a) => nullColumns.has(a))) return '';
      const parent = ctx.tables.get(fk.refTable)!;
      const keys = fk.refColumns.map((a) => quoteIdent(parent.columns.find((c) => c.attnum === a)!.name));
      const v = variable.get(`f${i}`) ?? distinctVar.get(`f${i}`) ?? 'g';
      return ` LEFT JOIN (SELECT ${keys.join(', ')}, row_number() OVER () AS rn FROM ${parent.sql} WHERE ${keys.map((k) => `${k} IS NOT NULL`).join(' AND ')}) f${i} ON f${i}.rn = (((${v}) - 1) % ${parentCounts[i]}) + 1`;
    });
    const filters = repairs.filter((r) => r.kind === 'filter').map((r) => `(${r.expr})`);
    const list = cols.map((c) => quoteIdent(c.name)).join(', ');
    const inner = `SELECT ${select.length ? select.join(', ') : '1 AS x'} FROM generate_series(${from}::int8, ${to}::int8) AS s(g)${joins.join('')}`;
    const outer = `SELECT ${list} FROM (${inner}) x${filters.length ? ` WHERE ${filters.join(' AND ')}` : ''}${limit !== null ? ` LIMIT ${limit}` : ''}`;
    // Keys of rows a migration inserted itself may coincide with generated ones: those generated rows are skipped.
    return `INSERT INTO ${table.sql} (${list})${overriding ? ' OVERRIDING SYSTEM VALUE' : ''} ${outer}${skipConflicts ? ' ON CONFLICT DO NOTHING' : ''}`;
  };

  if (table.columns.every((c) => !explicit.has(c.attnum))) {
    // Nothing to generate: every column has a default. One column's default, evaluated per row.
    const c = table.columns.find((c) => c.defaultExpr !== null && !c.generated) ?? table.columns.find((c) => c.identity);
    if (!c) return { rows: 0, notes: ['not seeded: the table has no column a value can be given for'] };
    const expr = c.identity ? 'g' : c.defaultExpr!;
    const list = quoteIdent(c.name);
    const sql = `INSERT INTO ${table.sql} (${list})${c.identity === 'a' ? ' OVERRIDING SYSTEM VALUE' : ''} SELECT ${expr} FROM generate_series(${offset + 1}::int8, ${offset + rows}::int8) AS s(g) ON CONFLICT DO NOTHING`;
    try {
      const r = await session.query(sql);
      return { rows: r.rowCount ?? 0, notes };
    } catch (error) {
      return { rows: 0, notes: [...notes, `not seeded: ${(error as Error).message}`] };
    }
  }

  // ON CONFLICT DO NOTHING costs a speculative insertion per row (6.4 s instead of 3.6 s for 2M rows of the bench
  // table): into an empty table, whose generated keys are distinct by construction, insert plainly, and only if a
  // key collides after all (a cycling generator, a unique expression index) load again skipping conflicts.
  let skipConflicts = existing > 0;
  // Repairs per constraint name: the option index tried so far.
  const tried = new Map<string, number>();
  const repairsOf = new Map<string, Repair[]>();
  let last: string | null = null;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const repairs = [...repairsOf.values()].flat();
    const filtered = repairs.some((r) => r.kind === 'filter');
    try {
      let inserted = 0;
      await session.query('BEGIN');
      if (filtered) {
        const r = await session.query(buildSql(repairs, offset + 1, offset + Math.max(rows, Math.min(rows * OVERSAMPLE, capacity)), rows));
        inserted = r.rowCount ?? 0;
      } else {
        for (let from = 1; from <= rows; from += BATCH) {
          const to = Math.min(rows, from + BATCH - 1);
          const r = await session.query(buildSql(repairs, offset + from, offset + to, null));
          inserted += r.rowCount ?? 0;
        }
      }
      if (inserted === 0 && rows > 0 && last) {
        await session.query('ROLLBACK');
        const next = nextRepair(table, last, tried, repairsOf, byAttnum);
        if (!next) {
          notes.push(`not seeded: no generated row satisfies constraint ${last}`);
          return { rows: 0, notes };
        }
        continue;
      }
      await session.query('COMMIT');
      for (const [name, list] of repairsOf) notes.push(describeRepair(name, list, colName));
      if (inserted < rows) {
        const why = filtered ? 'only these generated rows satisfy the repaired constraints' : 'the other generated rows had the keys of rows already in the table';
        notes.push(`${inserted} of ${rows} rows seeded: ${why}`);
      }
      await resetSequences(session, table, explicit);
      return { rows: inserted, notes };
    } catch (error) {
      await session.query('ROLLBACK').catch(() => undefined);
      const e = error as { code?: string; constraint?: string; message: string };
      if ((e.code === '23505' || e.code === '23P01') && !skipConflicts) {
        skipConflicts = true;
        continue;
      }
      const name = e.code === '23514' ? (e.constraint ?? null) : null;
      if (!name) {
        notes.push(`not seeded: ${e.message}${e.constraint ? ` (constraint ${e.constraint})` : ''}`);
        return { rows: 0, notes };
      }
      last = name;
      const next = nextRepair(table, name, tried, repairsOf, byAttnum, ctx.types);
      if (!next) {
        notes.push(`not seeded: constraint ${name} cannot be satisfied by generated values (${e.message})`);
        return { rows: 0, notes };
      }
    }
  }
  notes.push('not seeded: too many constraints needed repairs');
  return { rows: 0, notes };
}

function describeRepair(name: string, repairs: Repair[], colName: (a: number) => string): string {
  const r = repairs[0];
  const cols = r.columns.map(colName).join(', ');
  if (r.kind === 'null') return `constraint ${name} could not be satisfied by generated values: ${cols} left NULL`;
  if (r.kind === 'rotate') return `constraint ${name}: one of ${cols} set per row, the others NULL`;
  return `constraint ${name} could not be satisfied by construction: only generated rows that pass it were kept`;
}

/** The next way to satisfy a rejected CHECK; false when none is left. */
function nextRepair(
  table: SeedTable,
  name: string,
  tried: Map<string, number>,
  repairsOf: Map<string, Repair[]>,
  byAttnum: Map<number, SeedColumn>,
  types?: Map<number, SeedType>,
): boolean {
  let columns: number[];
  let expr: string | null = null;
  const k = table.constraints.find((c) => c.type === 'c' && c.name === name);
  if (k) {
    columns = k.columns;
    expr = checkExpression(k.def);
  } else {
    // A domain's CHECK: the columns of that domain.
    columns = table.columns
      .filter((c) => {
        for (let t = types?.get(c.type); t; t = t.kind === 'd' ? types?.get(t.base) : t.category === 'A' ? types?.get(t.elem) : undefined) {
          if (t.domainChecks.some((d) => d.name === name)) return true;
        }
        return false;
      })
      .map((c) => c.attnum);
  }
  const nullable = columns.filter((a) => !byAttnum.get(a)?.notNull);
  const options: Repair[][] = [];
  if (nullable.length >= 2) {
    options.push([{ kind: 'rotate', columns: nullable, expr: '' }, ...(expr ? [{ kind: 'filter' as const, columns, expr }] : [])]);
  }
  if (nullable.length) options.push([{ kind: 'null', columns: nullable, expr: '' }]);
  if (nullable.length && expr) options.push([{ kind: 'null', columns: nullable, expr: '' }, { kind: 'filter', columns, expr }]);
  if (expr) options.push([{ kind: 'filter', columns, expr }]);
  const index = (tried.get(name) ?? -1) + 1;
  if (index >= options.length) return false;
  tried.set(name, index);
  repairsOf.set(name, options[index]);
  return true;
}

function checkExpression(def: string): string | null {
  const m = /^CHECK\s*(\(.*\))(?:\s+NOT VALID)?(?:\s+NO INHERIT)?$/is.exec(def.trim());
  return m ? m[1] : null;
}

async function resetSequences(session: Session, table: SeedTable, explicit: Set<number>): Promise<void> {
  for (const c of table.columns) {
    if (!c.sequence || !explicit.has(c.attnum)) continue;
    await session.query(`SELECT setval($1, GREATEST((SELECT max(${quoteIdent(c.name)}) FROM ${table.sql}), 1)::int8)`, [c.sequence]).catch(() => undefined);
  }
}
