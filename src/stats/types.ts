/**
 * The stats file: what `migrascope stats export` reads from a production database's catalog statistics, and what
 * seeding and the estimates use. Catalog statistics only (pg_class, pg_stats, index sizes) — never row values:
 * `mostCommonValues`/histograms are deliberately not part of the format.
 */
export interface StatsFile {
  /** Format version. */
  migrascopeStats: 1;
  /** ISO timestamp of the export. */
  exportedAt: string;
  /** `PostgreSQL 16.4` of the server exported from. */
  server: string;
  /** Keyed `schema.table`. */
  tables: Record<string, TableStats>;
}

export interface TableStats {
  /** pg_class.reltuples (an estimate kept by VACUUM/ANALYZE), rounded; -1 when never analyzed. */
  rows: number;
  /** pg_class.relpages. */
  pages: number;
  /** pg_total_relation_size. */
  totalBytes: number;
  /** Keyed by column name. Absent columns have no statistics (never analyzed). */
  columns: Record<string, ColumnStats>;
  /** Keyed by index name (same schema as the table). */
  indexes: Record<string, { bytes: number }>;
}

export interface ColumnStats {
  /** pg_stats.null_frac: fraction of rows where the column is NULL. */
  nullFrac: number;
  /** pg_stats.n_distinct: > 0 a number of distinct values, < 0 minus the fraction of rows that are distinct (-1: unique). */
  nDistinct: number;
  /** pg_stats.avg_width: average stored width in bytes. */
  avgWidth: number;
}
