import { migrationFile } from '../migration-file.js';
import { digits } from '../order.js';
import { baseName, joinPath } from '../paths.js';
import { type Candidate, wantsDown, type LoadSet } from '../set.js';
import { strayCandidate } from './plain.js';

export const GOLANG_MIGRATE_NAME = /^(\d+)_(.*)\.(up|down)\.sql$/;

/** golang-migrate sends each file as one multi-statement query: Postgres runs it as one implicit transaction. */
export const loadGolangMigrate: LoadSet = async (set, ctx) => {
  const out: Candidate[] = [];
  for (const rel of set.files) {
    const m = GOLANG_MIGRATE_NAME.exec(baseName(rel));
    if (!m) {
      out.push(await strayCandidate(set, rel, ctx, 'golang-migrate', '<version>_<name>.up.sql / .down.sql'));
      continue;
    }
    const isDown = m[3] === 'down';
    if (isDown && !wantsDown(set, rel, ctx)) continue;
    const path = joinPath(set.dir, rel);
    const source = await ctx.read(path);
    out.push({
      key: [0n, digits(m[1]!), isDown ? 1n : 0n],
      file: migrationFile({ path, format: 'golang-migrate', source, transaction: 'implicit', version: m[1]!, isDown }),
    });
  }
  return out;
};
