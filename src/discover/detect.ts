import type { FormatName } from '../report/types.js';
import { DBMATE_MARKER } from './formats/dbmate.js';
import { isFlywayName } from './formats/flyway.js';
import { GOLANG_MIGRATE_NAME } from './formats/golang-migrate.js';
import { GOOSE_MARKER } from './formats/goose.js';
import { SQLX_NAME, SQLX_NO_TRANSACTION } from './formats/sqlx.js';

/** What is known around a folder of .sql files besides the files themselves. */
export interface FolderHints {
  /** The folder's own name (`migrations`, …). */
  folderName: string;
  /** Nearest project manifest above the folder: a Rust crate (sqlx) or a Go module (golang-migrate). */
  manifest: 'cargo' | 'go' | null;
}

/** YYYYMMDDHHMMSS, the version `sqlx migrate add` writes. */
const TIMESTAMP_14 = /^(19|20)\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])([01]\d|2[0-3])[0-5]\d[0-5]\d$/;

/**
 * The framework of a folder holding migration files directly (not diesel/Prisma/sqitch, which are recognised by
 * their layout). Markers inside files are the strongest evidence, then file names.
 */
export function detectFormat(files: ReadonlyArray<{ name: string; source: string }>, hints: FolderHints): FormatName {
  const goose = files.filter((f) => hasMarker(f.source, GOOSE_MARKER)).length;
  const dbmate = files.filter((f) => hasMarker(f.source, DBMATE_MARKER)).length;
  if (goose || dbmate) return goose >= dbmate ? 'goose' : 'dbmate';
  if (files.some((f) => isFlywayName(f.name))) return 'flyway';

  const upDown = files.filter((f) => GOLANG_MIGRATE_NAME.test(f.name));
  const numbered = files.filter((f) => SQLX_NAME.test(f.name));
  const sqlxMarker = numbered.some((f) => SQLX_NO_TRANSACTION.test(f.source.split(/\r?\n/, 1)[0]!));
  if (upDown.length) return upDownFormat(upDown, numbered.length > upDown.length, sqlxMarker, hints);
  // sqlx's simple migrations are `<timestamp>_<name>.sql` in `migrations/`; without that evidence such a folder is
  // indistinguishable from numbered plain scripts.
  const allTimestamped =
    numbered.length === files.length && numbered.every((f) => TIMESTAMP_14.test(SQLX_NAME.exec(f.name)![1]!));
  if (numbered.length && (sqlxMarker || (hints.folderName === 'migrations' && allTimestamped && hints.manifest !== 'go'))) {
    return 'sqlx';
  }
  return 'plain';
}

/**
 * golang-migrate and sqlx's reversible migrations share the `<version>_<name>.up.sql` naming, and both tools
 * default to a 14-digit timestamp version (golang-migrate's `create` uses the Go layout 20060102150405), so the
 * name alone cannot tell them apart. Evidence in order: a sqlx-only feature (`-- no-transaction`, or simple
 * migrations mixed in); the nearest manifest (Cargo.toml → sqlx, go.mod → golang-migrate); then the version
 * width: all YYYYMMDDHHMMSS → sqlx, sequences and unix timestamps → golang-migrate. Pass `format` to override.
 */
function upDownFormat(
  upDown: ReadonlyArray<{ name: string }>,
  simpleToo: boolean,
  sqlxMarker: boolean,
  hints: FolderHints,
): FormatName {
  if (sqlxMarker || simpleToo) return 'sqlx';
  if (hints.manifest === 'cargo') return 'sqlx';
  if (hints.manifest === 'go') return 'golang-migrate';
  return upDown.every((f) => TIMESTAMP_14.test(GOLANG_MIGRATE_NAME.exec(f.name)![1]!)) ? 'sqlx' : 'golang-migrate';
}

function hasMarker(source: string, marker: RegExp): boolean {
  return source.split(/\r\n|\n|\r/).some((line) => marker.test(line));
}
