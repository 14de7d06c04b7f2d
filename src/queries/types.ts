/** The application's queries that matter, as read from the `queries:` file(s). */
export interface QuerySpec {
  name: string;
  /** The SQL with $1, $2 … parameters. */
  sql: string;
  /** Literal SQL values for $1 …, from `-- params:`; null when none were given (EXPLAIN then plans generically). */
  params: string[] | null;
  /** The queries file and the 1-based line of the query's `-- name:` marker. */
  file: string;
  line: number;
}
