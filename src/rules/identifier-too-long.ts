import { scanSync } from 'libpg-query';
import { defineRule, type StatementContext } from './define.js';

/** NAMEDATALEN - 1: the longest identifier Postgres keeps, in bytes. */
const MAX_BYTES = 63;

export default defineRule({
  meta: {
    id: 'identifier-too-long',
    description: 'Forbid identifiers longer than 63 bytes, which Postgres silently truncates',
    category: 'correctness',
    severity: 'warning',
    recommended: true,
    messages: {
      tooLong:
        '{{what}} name "{{name}}" is {{bytes}} bytes: Postgres truncates identifiers to 63 bytes with only a NOTICE, so it is created as "{{truncated}}"; another long name with the same first 63 bytes collides with it, and code that looks it up by the full name does not find it.',
    },
    fix: 'Shorten the name to at most 63 bytes (multi-byte UTF-8 characters count 2–4 each).',
  },
  create(ctx) {
    return {
      Statement(stmt) {
        const defined = definedNames(stmt);
        if (defined.length === 0) return;
        const long = longIdentifiers(stmt);
        if (long.size === 0) return;
        const seen = new Set<string>();
        for (const { name, what } of defined) {
          const original = long.get(name);
          if (!original || seen.has(name)) continue;
          seen.add(name);
          ctx.report({
            messageId: 'tooLong',
            location: stmt.startByte + original.start,
            data: { what, name: original.name, bytes: Buffer.byteLength(original.name), truncated: name },
          });
        }
      },
    };
  },
});

/**
 * Identifiers longer than 63 bytes as written in the statement, keyed by the truncated name the parser (like
 * Postgres' scanner) has already put in the tree, which is why the source text is scanned again here.
 */
function longIdentifiers(stmt: StatementContext): Map<string, { name: string; start: number }> {
  const found = new Map<string, { name: string; start: number }>();
  let tokens: Array<{ start: number; text: string; tokenName: string }>;
  try {
    tokens = scanSync(stmt.sql).tokens;
  } catch {
    return found;
  }
  for (const t of tokens) {
    if (t.tokenName !== 'IDENT') continue;
    const name = t.text.startsWith('"') ? t.text.slice(1, -1).replace(/""/g, '"') : t.text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
    if (Buffer.byteLength(name) <= MAX_BYTES) continue;
    const truncated = clip(name);
    if (!found.has(truncated)) found.set(truncated, { name, start: t.start });
  }
  return found;
}

/** pg_mbcliplen: the longest prefix of whole characters within 63 bytes. */
export function clip(name: string): string {
  let bytes = 0;
  let out = '';
  for (const ch of name) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > MAX_BYTES) break;
    bytes += n;
    out += ch;
  }
  return out;
}

/** Names this statement gives to new objects (or to renamed ones). */
function definedNames(stmt: StatementContext): Array<{ name: string; what: string }> {
  const node = stmt.node;
  const out: Array<{ name: string; what: string }> = [];
  const add = (name: string | undefined, what: string) => {
    if (name && Buffer.byteLength(name) >= MAX_BYTES - 3) out.push({ name, what });
  };
  const columnDef = (def: any) => {
    add(def?.colname, 'Column');
    for (const w of def?.constraints ?? []) add(w.Constraint?.conname, 'Constraint');
  };
  switch (stmt.kind) {
    case 'CreateStmt':
      add(node.relation?.relname, 'Table');
      for (const e of node.tableElts ?? []) {
        if (e.ColumnDef) columnDef(e.ColumnDef);
        if (e.Constraint) add(e.Constraint.conname, 'Constraint');
      }
      break;
    case 'AlterTableStmt':
      for (const w of node.cmds ?? []) {
        const cmd = w.AlterTableCmd;
        if (cmd?.subtype === 'AT_AddColumn') columnDef(cmd.def?.ColumnDef);
        if (cmd?.subtype === 'AT_AddConstraint') add(cmd.def?.Constraint?.conname, 'Constraint');
      }
      break;
    case 'IndexStmt':
      add(node.idxname, 'Index');
      break;
    case 'RenameStmt':
      add(node.newname, 'New');
      break;
    case 'ViewStmt':
      add(node.view?.relname, 'View');
      break;
    case 'CreateTableAsStmt':
      add(node.into?.rel?.relname, node.objtype === 'OBJECT_MATVIEW' ? 'Materialized view' : 'Table');
      break;
    case 'CreateSeqStmt':
      add(node.sequence?.relname, 'Sequence');
      break;
  }
  return out;
}
