/**
 * A Mermaid Gantt chart (GitHub renders them in comments) of the traffic-blocking locks each table was under
 * while a file ran: one section per table, one bar per lock, from the statement that took it until its release.
 * Times are measured on the disposable database, laid end to end statement after statement.
 */
import { formatMs, isInternal, lockLabel, looksLikeIndex } from './execution-facts.js';
import type { FileReport } from './types.js';

/** Locks from SHARE up block writes (ACCESS EXCLUSIVE also reads): what a reader of the chart cares about. */
const SHOWN = new Set(['ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock']);
const MAX_BARS = 30;

interface Bar {
  relation: string;
  label: string;
  start: number;
  end: number;
  critical: boolean;
}

export function lockTimeline(file: FileReport): string | null {
  const bars: Bar[] = [];
  let clock = 0;
  for (const s of file.statements) {
    const e = s.execution;
    if (!e) continue;
    for (const lock of e.locks) {
      if (!SHOWN.has(lock.mode) || isInternal(lock.relation) || looksLikeIndex(lock.relation)) continue;
      bars.push({
        relation: lock.relation,
        label: `${lockLabel(lock.mode)} line ${s.line}`,
        start: clock,
        // At least 1 ms so a bar is visible.
        end: clock + Math.max(1, Math.round(lock.heldMs)),
        critical: lock.mode === 'AccessExclusiveLock',
      });
    }
    clock += Math.max(1, Math.round(e.durationMs));
  }
  if (!bars.length) return null;
  const shown = bars.slice(0, MAX_BARS);
  const sections = new Map<string, Bar[]>();
  for (const bar of shown) (sections.get(bar.relation) ?? sections.set(bar.relation, []).get(bar.relation)!).push(bar);
  const lines = ['```mermaid', 'gantt', `  title Locks held while the file ran (measured, ${formatMs(clock)} in all)`, '  dateFormat x', '  axisFormat %S.%L s'];
  for (const [relation, list] of sections) {
    lines.push(`  section ${mermaidText(relation)}`);
    for (const bar of list) lines.push(`  ${mermaidText(bar.label)} :${bar.critical ? 'crit, ' : ''}${bar.start}, ${bar.end}`);
  }
  lines.push('```');
  const more = bars.length > MAX_BARS ? `\n\n…and ${bars.length - MAX_BARS} more locks (see the JSON report).` : '';
  return lines.join('\n') + more;
}

/** Names come from the PR author: keep only characters that cannot end a Mermaid token, a line or the fence. */
function mermaidText(text: string): string {
  return text.replace(/[^A-Za-z0-9_. ()-]/g, '_').slice(0, 80);
}
