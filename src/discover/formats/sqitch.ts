import { migrationFile } from '../migration-file.js';
import { joinPath } from '../paths.js';
import { type Candidate, wantsDown, type LoadSet } from '../set.js';
import type { DiscoverNote } from '../types.js';
import { parseSqitchPlan } from './sqitch-plan.js';

const SCRIPT = /^(deploy|revert|verify)\/(.+)\.sql$/;

/**
 * sqitch deploys through psql: no transaction of its own (scripts usually hold their own BEGIN/COMMIT). Order is
 * the plan's; verify scripts check a deploy and are not migrations.
 */
export const loadSqitch: LoadSet = async (set, ctx) => {
  const plan = parseSqitchPlan((await ctx.readOptional(joinPath(set.dir, 'sqitch.plan'))) ?? '');
  const position = new Map(plan.map((c, i) => [c.script, i]));
  const out: Candidate[] = [];
  for (const rel of set.files) {
    const m = SCRIPT.exec(rel);
    if (!m) continue;
    const kind = m[1] as 'deploy' | 'revert' | 'verify';
    const script = m[2]!;
    const isDown = kind === 'revert';
    if (isDown && !wantsDown(set, rel, ctx)) continue;
    const notes: DiscoverNote[] = [...(set.fileNotes?.[rel] ?? [])];
    const index = position.get(script);
    if (kind === 'verify') {
      notes.push({ line: 1, kind: 'format', message: 'sqitch verify script: sqitch runs it to check a deployed change; it is not a migration' });
    } else if (index === undefined) {
      notes.push({ line: 1, kind: 'order', message: `change "${script}" is not in sqitch.plan, so sqitch does not deploy it; placed after the planned changes` });
    }
    const path = joinPath(set.dir, rel);
    out.push({
      key: index === undefined || kind === 'verify' ? [1n, { natural: script }, rel] : [0n, BigInt(index), isDown ? 1n : 0n],
      file: migrationFile({
        path,
        format: 'sqitch',
        source: await ctx.read(path),
        transaction: 'none',
        version: script,
        isDown,
        notes,
      }),
    });
  }
  return out;
};
