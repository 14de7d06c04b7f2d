/**
 * Reads a queries file: the `-- name:` convention of sqlc, yesql and aiosql (docs/queries.md). Pure; needs the
 * parser loaded (`loadParser()`), which the pipeline has done before it reads any input.
 */
import { ConfigError } from '../config.js';
import { parseSql } from '../parse/parse-sql.js';
import { parameterNumbers, splitTopLevel } from './sql-text.js';
import type { QuerySpec } from './types.js';

const NAME_MARKER = /^\s*--\s*name\s*:(.*)$/i;
const PARAMS_MARKER = /^\s*--\s*params\s*:(.*)$/i;
/** yesql/aiosql names (`user-by-email`), sqlc names (`GetUser`); aiosql's operator suffix (`!`, `<!`, `*!`, `#`, `^`, `$`) is dropped. */
const NAME = /^([A-Za-z_][A-Za-z0-9_.-]*?)(?:<!|\*!|!|#|\^|\$)?$/;
/** sqlc's command after the name: `:one`, `:many`, `:exec`, `:execrows`, `:batchexec` … */
const SQLC_COMMAND = /^:[A-Za-z]+$/;

/** What EXPLAIN plans and PREPARE accepts. */
const PLANNABLE: Record<string, string> = {
  SelectStmt: 'SELECT',
  InsertStmt: 'INSERT',
  UpdateStmt: 'UPDATE',
  DeleteStmt: 'DELETE',
  MergeStmt: 'MERGE',
};

interface Block {
  name: string;
  line: number;
  params: { text: string; line: number } | null;
  /** The SQL text from the first line that is not a comment or blank, and that line's number. */
  sql: string;
  sqlLine: number;
}

/** Parses `-- name: x` / `-- params: …` blocks; bad input throws ConfigError as `path:line: message`. */
export function readQueries(text: string, path: string): QuerySpec[] {
  const fail = (line: number, message: string): never => {
    throw new ConfigError(`${path}:${line}: ${message}`);
  };
  const blocks = splitBlocks(text, fail);
  const firstLine = new Map<string, number>();
  const specs: QuerySpec[] = [];
  for (const block of blocks) {
    const first = firstLine.get(block.name);
    if (first !== undefined) fail(block.line, `duplicate query name "${block.name}" (first defined at line ${first}); every query needs its own name`);
    firstLine.set(block.name, block.line);
    specs.push(readBlock(block, fail));
  }
  return specs.map((spec) => ({ ...spec, file: path }));
}

function splitBlocks(text: string, fail: (line: number, message: string) => never): Block[] {
  const lines = text.split(/\r?\n/);
  const blocks: Block[] = [];
  let current: (Block & { sqlLines: string[] }) | null = null;
  const close = () => {
    if (current) blocks.push({ name: current.name, line: current.line, params: current.params, sql: current.sqlLines.join('\n'), sqlLine: current.sqlLine });
  };
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const line = i === 0 ? raw.replace(/^\uFEFF/, '') : raw;
    const name = NAME_MARKER.exec(line);
    if (name) {
      close();
      current = { name: readName(name[1], lineNo, fail), line: lineNo, params: null, sql: '', sqlLine: 0, sqlLines: [] };
      return;
    }
    const isComment = /^\s*(--|$)/.test(line);
    if (!current) {
      // Before the first marker: a file header of comments. A block comment there is SQL as far as this is concerned.
      if (!isComment) fail(lineNo, `SQL before the first "-- name:" marker: ${JSON.stringify(line.trim().slice(0, 60))}; every query starts with "-- name: <name>"`);
      return;
    }
    const params = PARAMS_MARKER.exec(line);
    if (params) {
      if (current.sqlLines.length) fail(lineNo, `"-- params:" of query "${current.name}" comes after its SQL; put it right under "-- name:"`);
      if (current.params) fail(lineNo, `second "-- params:" for query "${current.name}" (the first is at line ${current.params.line})`);
      current.params = { text: params[1], line: lineNo };
      return;
    }
    // Comment lines between the marker and the SQL are the query's description (yesql, aiosql docstrings).
    if (!current.sqlLines.length && isComment) return;
    if (!current.sqlLines.length) current.sqlLine = lineNo;
    current.sqlLines.push(line);
  });
  close();
  return blocks;
}

function readName(rest: string, line: number, fail: (line: number, message: string) => never): string {
  const [word = '', ...extra] = rest.trim().split(/\s+/).filter(Boolean);
  if (!word) fail(line, '"-- name:" without a name; expected e.g. "-- name: user_by_email"');
  const name = NAME.exec(word)?.[1];
  if (!name) fail(line, `query name ${JSON.stringify(word)} is not a name; expected letters, digits, "_", "-" or "." (e.g. user_by_email)`);
  if (extra.length > 1 || (extra.length === 1 && !SQLC_COMMAND.test(extra[0]))) {
    fail(line, `unexpected ${JSON.stringify(extra.join(' '))} after query name "${name}"; only a sqlc command such as ":one" may follow it`);
  }
  return name!;
}

function readBlock(block: Block, fail: (line: number, message: string) => never): QuerySpec {
  const what = `query "${block.name}"`;
  const parsed = parseSql(block.sql);
  const at = (line: number) => block.sqlLine + line - 1;
  if (parsed.syntaxErrors.length) {
    const [error] = parsed.syntaxErrors;
    fail(at(error.line), `${what} does not parse: ${error.message}`);
  }
  if (!parsed.statements.length) fail(block.line, `${what} has no SQL; expected a statement after "-- name: ${block.name}"`);
  if (parsed.statements.length > 1) {
    fail(at(parsed.statements[1].line), `${what} holds ${parsed.statements.length} statements; a "-- name:" block takes one (the second begins here)`);
  }
  const [statement] = parsed.statements;
  if (!PLANNABLE[statement.kind]) {
    fail(at(statement.line), `${what} is a ${statement.kind}; expected SELECT, INSERT, UPDATE, DELETE or MERGE (what EXPLAIN plans)`);
  }
  const numbers = parameterNumbers(statement.sql);
  const highest = numbers.at(-1) ?? 0;
  const missing = Array.from({ length: highest }, (_, i) => i + 1).find((n) => !numbers.includes(n));
  if (missing !== undefined) {
    fail(at(statement.line), `${what} uses $${highest} but not $${missing}; PostgreSQL cannot tell the type of a parameter the query does not use`);
  }
  let params: string[] | null = null;
  if (block.params) {
    params = readParams(block.params.text, `"-- params:" of ${what}`, (message) => fail(block.params!.line, message));
    if (params.length !== highest) {
      const uses = highest === 0 ? 'has no $n parameters' : `uses ${highest === 1 ? '$1' : `$1 … $${highest}`}`;
      fail(block.params.line, `"-- params:" gives ${params.length} value${params.length === 1 ? '' : 's'} but ${what} ${uses}`);
    }
  }
  return { name: block.name, sql: statement.sql, params, file: '', line: block.line };
}

/**
 * `'a@example.com', 42, '2024-01-01'::date, NULL` → one SQL expression per parameter. Commas inside strings and
 * brackets do not split; each value must be an expression on its own (checked by parsing them as a SELECT list).
 */
function readParams(text: string, what: string, fail: (message: string) => never): string[] {
  if (!text.trim()) return [];
  const values = splitTopLevel(text).map((item) => item.text.trim());
  const empty = values.findIndex((v) => !v);
  if (empty >= 0) fail(`${what}: value ${empty + 1} is empty in ${JSON.stringify(text.trim())}; expected SQL literals separated by commas`);
  const parsed = parseSql(`SELECT ${values.join(', ')}`);
  const [statement] = parsed.statements;
  const targets: unknown[] | undefined = statement?.node?.targetList;
  const plain = statement?.kind === 'SelectStmt' && !statement.node.fromClause && !statement.node.whereClause;
  if (parsed.syntaxErrors.length || parsed.statements.length !== 1 || !plain || targets?.length !== values.length) {
    const detail = parsed.syntaxErrors[0]?.message ?? 'not a list of values';
    fail(`${what} ${JSON.stringify(text.trim())} is not a list of SQL values (${detail}); expected e.g. 'a@example.com', 42, '2024-01-01'::date, NULL`);
  }
  return values;
}
