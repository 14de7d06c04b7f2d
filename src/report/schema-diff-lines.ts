/** The before/after schema diff as compact lines: `+ column public.users.email text NOT NULL`, `- index …`, `~ … : a → b`. */
import type { SchemaChange } from './types.js';

const SIGN: Record<SchemaChange['change'], string> = { added: '+', dropped: '-', changed: '~' };

/** Index and constraint definitions can be long: a line stays readable. */
const MAX_DEFINITION = 120;

function cut(text: string): string {
  return text.length <= MAX_DEFINITION ? text : `${text.slice(0, MAX_DEFINITION - 1)}…`;
}

/** One change on one line (not yet made safe for any output: names and definitions come from the migrations). */
export function schemaChangeLine(c: SchemaChange): string {
  const what = `${SIGN[c.change]} ${c.kind} ${c.name}`;
  if (c.change === 'added') return c.after ? `${what} ${cut(c.after)}` : what;
  if (c.change === 'dropped') return what;
  return `${what}: ${cut(c.before ?? '—')} → ${cut(c.after ?? '—')}`;
}

/** `2 added, 1 dropped, 1 changed` (kinds of change with none left out). */
export function schemaChangeCounts(changes: readonly SchemaChange[]): string {
  return (['added', 'dropped', 'changed'] as const)
    .map((k) => [k, changes.filter((c) => c.change === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
}
