import type { TransactionMode } from '../../report/types.js';
import { migrationFile } from '../migration-file.js';
import { digits, type SortKey } from '../order.js';
import { baseName, joinPath } from '../paths.js';
import { type Candidate, wantsDown, type LoadContext, type LoadSet, type MigrationSet } from '../set.js';
import { scanStatementWords } from '../statement-words.js';
import { placeholderNotes, quotePlaceholders } from '../templates.js';
import type { DiscoverNote } from '../types.js';
import { strayCandidate } from './plain.js';

const VERSIONED = /^([VU])(\d+(?:[._]\d+)*)__(.*)\.sql$/;
const REPEATABLE = /^R__(.*)\.sql$/;

export function isFlywayName(name: string): boolean {
  return VERSIONED.test(name) || REPEATABLE.test(name);
}

/**
 * Flyway's own list (PostgreSQLParser.detectCanExecuteInTransaction): a file holding one of these runs without a
 * transaction. Matched on the statement's leading words.
 */
const FLYWAY_NON_TRANSACTIONAL: ReadonlyArray<[RegExp, string]> = [
  [/^(CREATE|DROP) (DATABASE|TABLESPACE|SUBSCRIPTION)\b/, '$1 $2'],
  [/^ALTER SYSTEM\b/, 'ALTER SYSTEM'],
  [/^(CREATE|DROP)( UNIQUE)? INDEX CONCURRENTLY\b/, '$1$2 INDEX CONCURRENTLY'],
  [/^REINDEX( VERBOSE)? (SCHEMA|DATABASE|SYSTEM)\b/, 'REINDEX $2'],
  [/^VACUUM\b/, 'VACUUM'],
  [/^DISCARD ALL\b/, 'DISCARD ALL'],
];

/**
 * Postgres refuses these inside a transaction too, but Flyway does not recognise them: it wraps the file in a
 * transaction and the statement fails. Reported, not turned into 'none', so the real behaviour is what gets linted.
 */
const MISSED_BY_FLYWAY: ReadonlyArray<[RegExp, string]> = [
  [/^REINDEX\b.*\bCONCURRENTLY\b/, 'REINDEX … CONCURRENTLY'],
  [/^ALTER TABLE\b.*\bDETACH PARTITION\b.*\bCONCURRENTLY\b/, 'ALTER TABLE … DETACH PARTITION … CONCURRENTLY'],
];

export const loadFlyway: LoadSet = async (set, ctx) => {
  const out: Candidate[] = [];
  for (const rel of set.files) {
    const name = baseName(rel);
    const versioned = VERSIONED.exec(name);
    const repeatable = REPEATABLE.exec(name);
    if (!versioned && !repeatable) {
      out.push(await strayCandidate(set, rel, ctx, 'flyway', 'V<version>__<description>.sql or R__<description>.sql'));
      continue;
    }
    const isDown = versioned?.[1] === 'U';
    if (isDown && !wantsDown(set, rel, ctx)) continue;
    const key: SortKey = versioned
      ? [0n, versioned[2]!.split(/[._]/).map(digits), isDown ? 1n : 0n]
      : [1n, repeatable![1]!];
    const version = versioned ? versioned[2]!.replace(/_/g, '.') : `R__${repeatable![1]}`;
    out.push({ key, file: await flywayFile(set, rel, version, isDown, ctx) });
  }
  return out;
};

async function flywayFile(set: MigrationSet, rel: string, version: string, isDown: boolean, ctx: LoadContext) {
  const path = joinPath(set.dir, rel);
  const source = await ctx.read(path);
  const notes: DiscoverNote[] = placeholderNotes(
    source,
    (names) => `Flyway placeholder ${quotePlaceholders(names)}: Flyway substitutes it before running the script`,
  );
  const transaction = await flywayTransaction(source, await ctx.readOptional(`${path}.conf`), rel, notes);
  return migrationFile({ path, format: 'flyway', source, transaction, version, isDown, notes });
}

async function flywayTransaction(
  source: string,
  conf: string | null,
  rel: string,
  notes: DiscoverNote[],
): Promise<TransactionMode> {
  if (conf !== null && /^\s*executeInTransaction\s*=\s*false\s*$/im.test(conf)) {
    notes.push({ line: 1, kind: 'transaction', message: `${baseName(rel)}.conf sets executeInTransaction=false` });
    return 'none';
  }
  // Every pattern above needs one of these words; most files have none, and then no scan is needed.
  if (!/\b(database|tablespace|subscription|system|concurrently|reindex|vacuum|discard)\b/i.test(source)) return 'per-file';
  const statements = await scanStatementWords(source);
  if (!statements) {
    notes.push({
      line: 1,
      kind: 'transaction',
      message: 'could not tokenize the file to look for statements that cannot run in a transaction; assumed Flyway wraps it in one',
    });
    return 'per-file';
  }
  let nonTransactional = 0;
  for (const s of statements) {
    const hit = matchFirst(FLYWAY_NON_TRANSACTIONAL, s.words);
    const missed = hit ? null : matchFirst(MISSED_BY_FLYWAY, s.words);
    if (hit) {
      nonTransactional++;
      notes.push({ line: s.line, kind: 'transaction', message: `${hit} cannot run in a transaction, so Flyway runs this file without one` });
    } else if (missed) {
      notes.push({
        line: s.line,
        kind: 'transaction',
        message: `${missed} cannot run in a transaction, but Flyway does not detect it and runs the file in one; split it out and set executeInTransaction=false in a .sql.conf file`,
      });
    }
  }
  if (nonTransactional === 0) return 'per-file';
  if (nonTransactional < statements.length) {
    notes.push({
      line: 1,
      kind: 'transaction',
      message: 'mixes statements that need a transaction-free run with others: Flyway rejects such a file unless `mixed` is enabled',
    });
  }
  return 'none';
}

function matchFirst(patterns: ReadonlyArray<[RegExp, string]>, words: string): string | null {
  for (const [re, label] of patterns) {
    const m = re.exec(words);
    if (m) return m[0].replace(re, label);
  }
  return null;
}
