/**
 * A statement's production-size estimate, in the words both the text and the markdown renderer print beside the
 * measured figures: the time with its basis, the lock hold and the traffic that would wait.
 */
import { formatMs } from './execution-facts.js';
import { formatEstimate } from './format-estimate.js';
import type { StatementEstimate } from './types.js';

export interface EstimateFacts {
  /** `≈ 4.1 min at 80M rows (measured 0.9 s at 300k)`. */
  time: string;
  /** `linear in public.users`, `n·log n in public.orders`. Holds a table name: author-controlled. */
  basis: string;
  /** `≈ 4.1 min`; null when the statement locks no existing table. */
  held: string | null;
  /** `reads ≈ 0.4 ms / writes ≈ 4.1 min`; null when not probed or nothing would wait. */
  blocked: string | null;
}

const METHOD: Record<StatementEstimate['method'], string> = { linear: 'linear', 'n-log-n': 'n·log n' };

export function estimateFacts(e: StatementEstimate): EstimateFacts {
  const waits = e.blocked && (e.blocked.readsMs > 0 || e.blocked.writesMs > 0);
  return {
    time: formatEstimate(e),
    basis: `${METHOD[e.method]} in ${e.table}`,
    held: e.lockHeldMs === null ? null : `≈ ${formatMs(e.lockHeldMs)}`,
    blocked: waits ? `reads ≈ ${formatMs(e.blocked!.readsMs)} / writes ≈ ${formatMs(e.blocked!.writesMs)}` : null,
  };
}

/** Everything on one line: `≈ 4.1 min at 80M rows (measured 0.9 s at 300k), linear in public.users · lock held ≈ … · blocked reads ≈ … / writes ≈ …`. */
export function estimateLine(e: StatementEstimate): string {
  const f = estimateFacts(e);
  return [`${f.time}, ${f.basis}`, ...(f.held ? [`lock held ${f.held}`] : []), ...(f.blocked ? [`blocked ${f.blocked}`] : [])].join(' · ');
}
