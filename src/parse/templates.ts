/**
 * Flyway `${name}`, goose ENVSUB `${VAR}` and Go `{{ .X }}` templating are not SQL. To lint the rest of the
 * file we replace each placeholder with an identifier of the same UTF-8 byte length, so every position the
 * parser reports still points at the original text.
 */
export interface Placeholder {
  startByte: number;
  endByte: number;
  text: string;
}

const PLACEHOLDER = /\$\{[^}\n]*\}|\{\{[^}\n]*\}\}/g;

export function findPlaceholders(sql: string): Placeholder[] {
  const found: Placeholder[] = [];
  for (const m of sql.matchAll(PLACEHOLDER)) {
    const startByte = Buffer.byteLength(sql.slice(0, m.index));
    found.push({ startByte, endByte: startByte + Buffer.byteLength(m[0]), text: m[0] });
  }
  return found;
}

export function substitutePlaceholders(sql: string): string {
  return sql.replace(PLACEHOLDER, (m) => '_'.repeat(Buffer.byteLength(m)));
}
