/**
 * The load order: a table after the tables its foreign keys reference. A cycle is broken at a foreign key whose
 * columns are all nullable (loaded NULL, filled by an UPDATE once both sides hold rows); a cycle of NOT NULL keys
 * cannot be loaded row by row, and its key is reported.
 */
import type { SeedConstraint, SeedTable } from './catalog.js';

export interface DeferredKey {
  table: SeedTable;
  fk: SeedConstraint;
}

export interface LoadOrder {
  order: SeedTable[];
  /** Foreign keys loaded NULL and filled afterwards (cycles, nullable self-references). */
  deferred: DeferredKey[];
  /** NOT NULL foreign keys inside a cycle. */
  unbreakable: DeferredKey[];
  /** Per table oid: the tables it waits for. */
  parents: Map<number, number[]>;
}

export function loadOrder(tables: SeedTable[]): LoadOrder {
  const byOid = new Map(tables.map((t) => [t.oid, t]));
  const nullable = (t: SeedTable, fk: SeedConstraint) => fk.columns.every((a) => !t.columns.find((c) => c.attnum === a)?.notNull);
  const deferred: DeferredKey[] = [];
  const unbreakable: DeferredKey[] = [];
  const edges = new Map<number, Array<{ fk: SeedConstraint; parent: number }>>();
  for (const t of tables) {
    const list: Array<{ fk: SeedConstraint; parent: number }> = [];
    for (const fk of t.constraints) {
      if (fk.type !== 'f') continue;
      if (fk.refTable === t.oid) {
        if (nullable(t, fk)) deferred.push({ table: t, fk });
        continue;
      }
      if (byOid.has(fk.refTable)) list.push({ fk, parent: fk.refTable });
    }
    edges.set(t.oid, list);
  }
  const done = new Set<number>();
  const order: SeedTable[] = [];
  const pending = [...tables];
  while (pending.length) {
    const readyIndex = pending.findIndex((t) => edges.get(t.oid)!.every((e) => done.has(e.parent)));
    if (readyIndex >= 0) {
      const [t] = pending.splice(readyIndex, 1);
      done.add(t.oid);
      order.push(t);
      continue;
    }
    // A cycle: defer one nullable edge between pending tables, else give up on one NOT NULL edge.
    let broken = false;
    for (const t of pending) {
      const list = edges.get(t.oid)!;
      const i = list.findIndex((e) => !done.has(e.parent) && nullable(t, e.fk));
      if (i >= 0) {
        deferred.push({ table: t, fk: list[i].fk });
        list.splice(i, 1);
        broken = true;
        break;
      }
    }
    if (!broken) {
      const t = pending[0];
      const list = edges.get(t.oid)!;
      const i = list.findIndex((e) => !done.has(e.parent));
      unbreakable.push({ table: t, fk: list[i].fk });
      list.splice(i, 1);
    }
  }
  const parents = new Map(tables.map((t) => [t.oid, edges.get(t.oid)!.map((e) => e.parent)]));
  return { order, deferred, unbreakable, parents };
}
