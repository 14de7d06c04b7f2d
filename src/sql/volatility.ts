/**
 * How volatile a (raw, unanalysed) expression is, as Postgres would classify it: what decides whether
 * `ADD COLUMN … DEFAULT expr` can store the value once (PG 11+ "fast default", for immutable and stable
 * expressions) or must rewrite the table to evaluate it per row (volatile).
 *
 * Built-ins are classified from pg_proc.provolatile. Functions we do not know (user functions, most
 * extensions) are `unknown`: CREATE FUNCTION defaults to VOLATILE, so they may well force the rewrite.
 */
import { stringList } from './names.js';
import { walkNode } from './walk.js';

export type Volatility = 'immutable' | 'stable' | 'volatile' | 'unknown';

export interface VolatilityVerdict {
  volatility: Volatility;
  /** The call that decided it (`random()`, `public.next_code()`); absent for immutable/stable results. */
  culprit?: string;
}

/**
 * pg_proc entries with provolatile = 'v' that can sensibly appear in an expression (pg_catalog up to 18,
 * plus pgcrypto and uuid-ossp, which migrations use for ids). Internal handlers and admin functions
 * that return void are left out.
 */
const VOLATILE = new Set([
  'nextval', 'currval', 'lastval', 'setval',
  'random', 'random_normal', 'setseed', 'array_shuffle', 'array_sample',
  'gen_random_uuid', 'uuidv4', 'uuidv7',
  'uuid_generate_v1', 'uuid_generate_v1mc', 'uuid_generate_v4',
  'gen_random_bytes', 'gen_salt', 'pgp_sym_encrypt', 'pgp_sym_encrypt_bytea', 'pgp_pub_encrypt', 'pgp_pub_encrypt_bytea',
  'clock_timestamp', 'timeofday',
  'txid_status', 'pg_xact_status', 'pg_xact_commit_timestamp', 'pg_last_committed_xact',
  'pg_current_wal_lsn', 'pg_current_wal_insert_lsn', 'pg_current_wal_flush_lsn', 'pg_nextoid',
  'pg_relation_size', 'pg_table_size', 'pg_total_relation_size', 'pg_indexes_size', 'pg_database_size',
  'pg_try_advisory_lock', 'pg_try_advisory_xact_lock', 'pg_read_file', 'pg_read_binary_file', 'pg_ls_dir',
  'set_config', 'current_query', 'query_to_xml', 'cursor_to_xml', 'loread', 'lowrite', 'dblink',
]);

/**
 * Built-ins that are STABLE (evaluated once per statement: fine for a fast default). Notably `now()`,
 * `CURRENT_TIMESTAMP` and `txid_current()` are stable, not volatile.
 */
const STABLE = new Set([
  'now', 'transaction_timestamp', 'statement_timestamp', 'current_setting', 'current_database', 'current_schema',
  'current_schemas', 'current_user', 'session_user', 'current_role', 'pg_backend_pid', 'inet_client_addr',
  'inet_client_port', 'inet_server_addr', 'inet_server_port', 'version', 'txid_current', 'pg_current_xact_id',
  'txid_current_snapshot', 'pg_current_snapshot', 'pg_postmaster_start_time', 'pg_conf_load_time', 'age',
  'to_char', 'to_timestamp', 'to_date', 'date_trunc', 'timezone', 'localtimestamp', 'localtime', 'current_date',
  'to_tsvector', 'to_tsquery', 'plainto_tsquery', 'websearch_to_tsquery', 'jsonb_build_object', 'jsonb_build_array',
  'json_build_object', 'json_build_array', 'to_json', 'to_jsonb', 'row_to_json', 'array_to_json', 'format',
  'concat', 'concat_ws', 'has_table_privilege', 'obj_description', 'col_description', 'pg_get_userbyid',
]);

/** Built-ins that are IMMUTABLE and commonly written in defaults and generated columns. */
const IMMUTABLE = new Set([
  // strings
  'lower', 'upper', 'initcap', 'trim', 'btrim', 'ltrim', 'rtrim', 'substr', 'substring', 'replace', 'translate',
  'lpad', 'rpad', 'left', 'right', 'length', 'char_length', 'character_length', 'octet_length', 'bit_length', 'repeat',
  'reverse', 'split_part', 'strpos', 'position', 'overlay', 'regexp_replace', 'regexp_match', 'regexp_substr',
  'md5', 'sha224', 'sha256', 'sha384', 'sha512', 'encode', 'decode', 'to_hex', 'ascii', 'chr', 'quote_ident',
  'quote_literal', 'quote_nullable', 'starts_with', 'unistr', 'normalize', 'casefold', 'digest', 'hmac', 'crypt',
  // numbers
  'abs', 'round', 'floor', 'ceil', 'ceiling', 'trunc', 'power', 'pow', 'sqrt', 'cbrt', 'exp', 'ln', 'log', 'log10',
  'mod', 'sign', 'div', 'gcd', 'lcm', 'pi', 'width_bucket', 'scale', 'min_scale', 'trim_scale',
  // dates and times (the text-free overloads; the stable ones are above)
  'make_date', 'make_time', 'make_timestamp', 'make_timestamptz', 'make_interval', 'date_part', 'extract',
  'date_bin', 'justify_days', 'justify_hours', 'justify_interval', 'isfinite', 'date_add', 'date_subtract',
  // json, arrays, ranges, misc
  'jsonb_set', 'jsonb_insert', 'jsonb_strip_nulls', 'json_strip_nulls', 'jsonb_object', 'json_object', 'jsonb_typeof',
  'jsonb_array_length', 'jsonb_extract_path', 'jsonb_extract_path_text', 'array_fill', 'array_append', 'array_prepend',
  'array_cat', 'array_remove', 'array_replace', 'array_length', 'array_position', 'array_to_string', 'string_to_array',
  'cardinality', 'int4range', 'int8range', 'numrange', 'tsrange', 'tstzrange', 'daterange', 'int4multirange',
  'setweight', 'array_to_tsvector', 'strip', 'point', 'box', 'circle', 'inet', 'host', 'netmask', 'network',
  'uuid_nil', 'uuid_ns_dns', 'uuid_ns_url', 'uuid_ns_oid', 'uuid_ns_x500', 'uuid_generate_v3', 'uuid_generate_v5',
  'uuid_extract_timestamp', 'uuid_extract_version', 'text', 'int2', 'int4', 'int8', 'float4', 'float8', 'numeric',
  'bool', 'date', 'bpchar', 'varchar', 'interval', 'timestamp', 'timestamptz', 'time', 'timetz',
  'num_nonnulls', 'num_nulls', 'nlevel', 'text2ltree', 'ltree2text', 'subpath', 'similarity',
]);

const RANK: Record<Volatility, number> = { immutable: 0, stable: 1, unknown: 2, volatile: 3 };

/** How a function name (`['pg_catalog','now']`, `['my_fn']`) classifies, or `unknown`. */
export function functionVolatility(names: string[], declared?: ReadonlyMap<string, Volatility>): Volatility {
  const lowered = names.map((n) => n.toLowerCase());
  const declaredHit = declared?.get(lowered.join('.')) ?? (lowered.length === 2 && lowered[0] === 'public' ? declared?.get(lowered[1]) : undefined);
  if (declaredHit) return declaredHit;
  // Only unqualified or pg_catalog (or the usual extension schemas) names can be built-ins.
  const schema = lowered.length >= 2 ? lowered[lowered.length - 2] : null;
  if (schema !== null && !['pg_catalog', 'public', 'extensions'].includes(schema)) return 'unknown';
  const name = lowered[lowered.length - 1] ?? '';
  if (VOLATILE.has(name)) return 'volatile';
  if (STABLE.has(name)) return 'stable';
  if (IMMUTABLE.has(name)) return 'immutable';
  return 'unknown';
}

/**
 * The volatility of a raw expression from libpg-query: the worst of the functions it calls.
 * `declared` maps function names (lower case, `schema.name` or bare) to a volatility the migration declared.
 */
export function expressionVolatility(expr: unknown, declared?: ReadonlyMap<string, Volatility>): VolatilityVerdict {
  let verdict: VolatilityVerdict = { volatility: 'immutable' };
  const consider = (v: Volatility, culprit?: string) => {
    if (RANK[v] > RANK[verdict.volatility]) verdict = { volatility: v, ...(v === 'unknown' || v === 'volatile' ? { culprit } : {}) };
  };
  walkNode(expr, (type, node) => {
    switch (type) {
      case 'FuncCall': {
        const names = stringList(node.funcname);
        consider(functionVolatility(names, declared), `${names.join('.')}()`);
        break;
      }
      case 'SQLValueFunction':
        // CURRENT_TIMESTAMP, CURRENT_DATE, LOCALTIMESTAMP, CURRENT_USER …: all stable.
        consider('stable');
        break;
      case 'SubLink':
        consider('unknown', 'a subquery');
        break;
    }
  });
  return verdict;
}

/** `NULL` or `NULL::type`: a default that stores nothing. */
export function isNullConstant(expr: any): boolean {
  if (expr?.A_Const) return !!expr.A_Const.isnull;
  if (expr?.TypeCast) return isNullConstant(expr.TypeCast.arg);
  return false;
}

/**
 * Volatility declared by `CREATE FUNCTION` statements (e.g. earlier in the same file): name → volatility.
 * Without IMMUTABLE/STABLE, Postgres makes a function VOLATILE.
 */
export function declaredVolatility(createFunctionNode: any): { names: string[]; volatility: Volatility } | null {
  if (!createFunctionNode?.funcname) return null;
  const names = stringList(createFunctionNode.funcname).map((n) => n.toLowerCase());
  let volatility: Volatility = 'volatile';
  for (const o of createFunctionNode.options ?? []) {
    const def = o.DefElem;
    if (def?.defname === 'volatility') {
      const value = def.arg?.String?.sval;
      if (value === 'immutable' || value === 'stable' || value === 'volatile') volatility = value;
    }
  }
  return { names, volatility };
}
