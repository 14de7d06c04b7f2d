/**
 * Seeding progress for people: in a terminal, one line redrawn in place
 * (`seeding ████████░░░░ 62%  3.1M/5.0M rows  14/23 tables  41 s`) at most ~10 times a second and cleared at the
 * end; in CI logs and pipes, plain lines — at most one every few seconds, plus one per large table finished.
 * What is shown is a pure function of (state, now); the writer only decides when to write it.
 */
import { formatRows } from '../../report/format-estimate.js';
import type { SeedCounts, TableFinished } from './index.js';

export interface SeedProgressState {
  done: SeedCounts;
  total: SeedCounts;
  /** On the writer's clock (ms). */
  startedAt: number;
}

export const BAR_WIDTH = 12;
/** Redraws of the terminal line at most this often. */
export const TTY_INTERVAL_MS = 100;
/** Status lines in a log at most this often. */
export const LINE_INTERVAL_MS = 5_000;
/** A log that has said nothing this long gets a status line even when nothing finished. */
export const HEARTBEAT_MS = 30_000;
/** A finished table with at least this many rows gets its own log line. */
export const LARGE_TABLE_ROWS = 100_000;

/** `seeding ████████░░░░ 62%  3.1M/5.0M rows  14/23 tables  41 s` */
export function renderSeedBar(state: SeedProgressState, now: number): string {
  const f = fraction(state);
  const filled = Math.round(f * BAR_WIDTH);
  const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
  return `seeding ${bar} ${percent(f)}%  ${counts(state, '  ')}  ${formatElapsed(now - state.startedAt)}`;
}

/** `seeding: 62%, 3.1M/5.0M rows, 14/23 tables, 41 s` */
export function renderSeedLine(state: SeedProgressState, now: number): string {
  return `seeding: ${percent(fraction(state))}%, ${counts(state, ', ')}, ${formatElapsed(now - state.startedAt)}`;
}

/** `seeded public.orders: 2.0M rows in 8.3 s (14/23 tables, 62%)` */
export function renderTableLine(finished: TableFinished, state: SeedProgressState): string {
  return `seeded ${finished.table}: ${formatRows(finished.rows)} rows in ${(finished.durationMs / 1000).toFixed(1)} s (${state.done.tables}/${state.total.tables} tables, ${percent(fraction(state))}%)`;
}

/** A bar only where someone watches a terminal: CI logs keep every carriage return as a new line. */
export function wantsBar(out: { isTTY?: boolean }, env: Record<string, string | undefined> = process.env): boolean {
  return !!out.isTTY && !env.CI;
}

export interface ProgressOut {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface SeedProgressWriter {
  /** Pass as SeedOptions.onTableProgress. The last table finished ends the display (finish). */
  update(done: SeedCounts, total: SeedCounts, finished?: TableFinished): void;
  /** Another progress line (`running …`): in a terminal the bar is cleared, the line written, the bar redrawn. */
  message(line: string): void;
  /** The clock moved: redraw the time, or a heartbeat line. Called by the writer's timer when it has one. */
  tick(): void;
  /** Seeding ended (either way; call it also when seeding fails): the bar is cleared, the timer stopped; in a log, a last line. Idempotent. */
  finish(): void;
}

export interface SeedProgressOptions {
  /** Default: wantsBar(out). */
  bar?: boolean;
  /** Default performance.now. */
  now?: () => number;
  /** Default true: a timer ticks so the time shown moves while a big table loads. Tests tick by hand. */
  timer?: boolean;
}

export function createSeedProgress(out: ProgressOut, options: SeedProgressOptions = {}): SeedProgressWriter {
  const bar = options.bar ?? wantsBar(out);
  const now = options.now ?? (() => performance.now());
  const state: SeedProgressState = { done: { tables: 0, rows: 0 }, total: { tables: 0, rows: 0 }, startedAt: now() };
  let shown = '';
  let lastWriteAt = -Infinity;
  let lastLine = '';
  let ended = false;
  const timer = options.timer === false ? null : setInterval(() => tick(), bar ? TTY_INTERVAL_MS : 1_000);
  timer?.unref();

  const draw = (t: number) => {
    const text = renderSeedBar(state, t);
    if (text === shown || t - lastWriteAt < TTY_INTERVAL_MS) return;
    out.write(`\r${text}\x1b[K`);
    shown = text;
    lastWriteAt = t;
  };
  const line = (t: number, force: boolean) => {
    const text = renderSeedLine(state, t);
    // What a line says apart from the time: nothing new is not worth a line until the heartbeat.
    const news = text.replace(/, [^,]*$/, '') !== lastLine.replace(/, [^,]*$/, '');
    if (!force && !(news && t - lastWriteAt >= LINE_INTERVAL_MS) && !(t - lastWriteAt >= HEARTBEAT_MS)) return;
    out.write(`${text}\n`);
    lastLine = text;
    lastWriteAt = t;
  };
  function tick(): void {
    if (ended || state.total.tables === 0) return;
    const t = now();
    if (bar) draw(t);
    else line(t, false);
  }

  const writer: SeedProgressWriter = {
    update(done, total, finished) {
      if (ended) return;
      // The clock starts when seeding does, not when the writer was made (before the server started).
      if (state.total.tables === 0 && total.tables > 0) state.startedAt = now();
      state.done = { ...done };
      state.total = { ...total };
      const t = now();
      if (total.tables > 0 && done.tables >= total.tables) return writer.finish();
      if (bar) return draw(t);
      if (finished && finished.rows >= LARGE_TABLE_ROWS) {
        out.write(`${renderTableLine(finished, state)}\n`);
        lastWriteAt = t;
        lastLine = renderSeedLine(state, t);
        return;
      }
      // The first update (nothing done yet) starts the clock of the log, not a line.
      if (lastWriteAt === -Infinity) lastWriteAt = t;
      line(t, false);
    },
    message(text) {
      if (!bar || ended || !shown) {
        out.write(`${text}\n`);
        return;
      }
      out.write(`\r\x1b[K${text}\n${shown}`);
    },
    tick,
    finish() {
      if (ended) return;
      ended = true;
      if (timer) clearInterval(timer);
      if (bar) {
        if (shown) out.write('\r\x1b[K');
      } else if (state.total.tables > 0) {
        out.write(`seeding done: ${state.done.tables} tables, ${formatRows(state.done.rows)} rows in ${formatElapsed(now() - state.startedAt)}\n`);
      }
    },
  };
  return writer;
}

function fraction(state: SeedProgressState): number {
  const { done, total } = state;
  if (total.rows > 0) return Math.min(1, done.rows / total.rows);
  if (total.tables > 0) return Math.min(1, done.tables / total.tables);
  return 0;
}

/** Never 100% before the end: 99.6% reads 99. */
function percent(f: number): number {
  return Math.floor(f * 100);
}

function counts(state: SeedProgressState, sep: string): string {
  return `${formatRows(state.done.rows)}/${formatRows(state.total.rows)} rows${sep}${state.done.tables}/${state.total.tables} tables`;
}

/** 41 s, 2 min 05 s. */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}
