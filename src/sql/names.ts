/** Names as Postgres resolves them (no search_path tracking: unqualified means `public`). */

export const DEFAULT_SCHEMA = 'public';

export interface QualifiedName {
  schema: string;
  name: string;
}

/** `{ String: { sval } }` lists → plain strings. */
export function stringList(items: unknown[] | undefined): string[] {
  return (items ?? []).map((item) => {
    const s = (item as { String?: { sval?: string } }).String;
    return s?.sval ?? '';
  });
}

export function fromRangeVar(rv: { schemaname?: string; relname?: string } | undefined): QualifiedName {
  return { schema: rv?.schemaname ?? DEFAULT_SCHEMA, name: rv?.relname ?? '' };
}

/** `['myschema','users']` or `['users']` → qualified name. */
export function fromNameList(names: string[]): QualifiedName {
  if (names.length >= 2) return { schema: names[names.length - 2], name: names[names.length - 1] };
  return { schema: DEFAULT_SCHEMA, name: names[0] ?? '' };
}

export function keyOf(q: QualifiedName): string {
  return `${q.schema}.${q.name}`;
}

/** How a user wrote it: `users` for public, `app.users` otherwise; quoted when it needs quotes. */
export function displayName(q: QualifiedName): string {
  return q.schema === DEFAULT_SCHEMA ? quoteIdent(q.name) : `${quoteIdent(q.schema)}.${quoteIdent(q.name)}`;
}

export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}
