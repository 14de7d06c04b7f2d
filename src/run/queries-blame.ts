/**
 * Which checked statement dropped, renamed or altered an object of the schema diff: read from the statements
 * themselves (DROP INDEX, ALTER TABLE … DROP COLUMN, RENAME …), so a query finding can point at the line to change.
 * Names the statement leaves unqualified match any schema; the first statement that fits wins.
 */
import type { SchemaChange, Span } from '../report/types.js';
import { previousName } from './schema-diff.js';
import type { RunFile } from './types.js';
import { stringList } from '../sql/names.js';

/** Names as the statement wrote them; unlike src/sql/names, an unqualified name keeps a null schema (any schema). */
const names = (list: unknown[] | undefined) => stringList(list).filter(Boolean);

export type SchemaChangeLocator = (change: SchemaChange) => { file: string; span: Span; statementIndex: number } | null;

/** A name as a statement wrote it: schema optional. */
interface Target {
  schema: string | null;
  name: string;
}

/** What one statement does to which objects, as far as a query can notice. */
interface Effect {
  /** `index`, `relation` (tables, views, sequences), `column`, `constraint`, `function`, `type`. */
  kind: string;
  target: Target;
  /** For columns and constraints: their own name; `target` is their table. */
  member?: string;
  /** A DROP of the target itself (not an ALTER or RENAME). */
  drops?: boolean;
}

const RELATION_DROPS = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_SEQUENCE', 'OBJECT_FOREIGN_TABLE']);
const FUNCTION_DROPS = new Set(['OBJECT_FUNCTION', 'OBJECT_PROCEDURE', 'OBJECT_ROUTINE', 'OBJECT_AGGREGATE']);

function fromList(list: any[] | undefined): Target | null {
  const parts = names(list);
  if (!parts.length) return null;
  return { schema: parts.length > 1 ? parts[parts.length - 2] : null, name: parts[parts.length - 1] };
}

function fromRangeVar(rv: any): Target | null {
  return rv?.relname ? { schema: rv.schemaname ?? null, name: rv.relname } : null;
}

function effectsOf(kind: string, node: any): Effect[] {
  if (kind === 'DropStmt') {
    const type = node.removeType as string;
    const effects = (node.objects ?? []).flatMap((o: any): Effect[] => {
      if (type === 'OBJECT_INDEX') return withTarget('index', fromList(o.List?.items));
      if (RELATION_DROPS.has(type)) return withTarget('relation', fromList(o.List?.items));
      if (FUNCTION_DROPS.has(type)) return withTarget('function', fromList(o.ObjectWithArgs?.objname));
      if (type === 'OBJECT_TYPE' || type === 'OBJECT_DOMAIN') return withTarget('type', fromList(o.TypeName?.names));
      return [];
    });
    return effects.map((e: Effect) => ({ ...e, drops: true }));
  }
  if (kind === 'AlterTableStmt') {
    const table = fromRangeVar(node.relation);
    if (!table) return [];
    if (node.objtype === 'OBJECT_INDEX') return [{ kind: 'index', target: table }];
    const effects: Effect[] = [{ kind: 'relation', target: table }];
    for (const cmd of node.cmds ?? []) {
      const c = cmd.AlterTableCmd;
      if (!c?.name) continue;
      if (c.subtype === 'AT_DropColumn' || c.subtype === 'AT_AlterColumnType') effects.push({ kind: 'column', target: table, member: c.name });
      if (c.subtype === 'AT_DropConstraint') {
        effects.push({ kind: 'constraint', target: table, member: c.name });
        // A UNIQUE or PRIMARY KEY constraint's index has its name and goes with it.
        effects.push({ kind: 'index', target: { schema: table.schema, name: c.name } });
      }
    }
    return effects;
  }
  if (kind === 'RenameStmt') {
    const type = node.renameType as string;
    const relation = fromRangeVar(node.relation);
    if (type === 'OBJECT_INDEX') return withTarget('index', relation);
    if (type === 'OBJECT_COLUMN' && relation && node.subname) return [{ kind: 'column', target: relation, member: node.subname }];
    if (type === 'OBJECT_TABCONSTRAINT' && relation && node.subname) return [{ kind: 'constraint', target: relation, member: node.subname }];
    if (FUNCTION_DROPS.has(type)) return withTarget('function', fromList(node.object?.ObjectWithArgs?.objname));
    return withTarget('relation', relation);
  }
  if (kind === 'AlterObjectSchemaStmt') return withTarget(node.objectType === 'OBJECT_INDEX' ? 'index' : 'relation', fromRangeVar(node.relation));
  return [];
}

function withTarget(kind: string, target: Target | null): Effect[] {
  return target ? [{ kind, target }] : [];
}

const RELATION_KINDS = new Set(['table', 'partitioned table', 'view', 'materialized view', 'foreign table', 'sequence']);

/** `public.users.email` → schema public, table users, member email (names hold no dots in practice). */
function splitName(change: SchemaChange): { schema: string; name: string; member: string | null } | null {
  const name = previousName(change) ?? change.name;
  if (change.kind === 'function' || change.kind === 'procedure' || change.kind === 'aggregate') {
    const dot = name.indexOf('.');
    return { schema: name.slice(0, dot), name: name.slice(dot + 1).replace(/\(.*$/, ''), member: null };
  }
  const parts = name.split('.');
  if (change.kind === 'column' || change.kind === 'constraint') return parts.length === 3 ? { schema: parts[0], name: parts[1], member: parts[2] } : null;
  return parts.length === 2 ? { schema: parts[0], name: parts[1], member: null } : null;
}

function matches(target: Target, schema: string, name: string): boolean {
  return target.name === name && (target.schema === null || target.schema === schema);
}

/** The table an index is on, from its definition (`CREATE INDEX i ON public.users USING …`). */
function indexTable(change: SchemaChange): { schema: string; name: string } | null {
  const m = /\bON (?:ONLY )?([^\s.]+)\.(\S+) USING /.exec(change.before ?? '');
  return m ? { schema: m[1], name: m[2] } : null;
}

/** Whether the index's definition names the column (as a whole word after USING). */
function covers(change: SchemaChange, column: string | undefined): boolean {
  const keys = (change.before ?? '').split(' USING ')[1] ?? '';
  return !!column && keys.split(/[^A-Za-z0-9_$\u0080-\uffff]+/).includes(column);
}

/** Whether the statement's effect is the change itself (a DROP INDEX for a dropped index), not a side effect. */
function isDirect(effect: Effect, change: SchemaChange): boolean {
  const kind = RELATION_KINDS.has(change.kind) ? 'relation' : change.kind === 'procedure' || change.kind === 'aggregate' ? 'function' : change.kind;
  return effect.kind === kind;
}

function affects(effect: Effect, change: SchemaChange): boolean {
  const what = splitName(change);
  if (!what) return false;
  switch (change.kind) {
    case 'index': {
      if (effect.kind === 'index') return matches(effect.target, what.schema, what.name);
      // Dropping the table, or a column the index covers, takes the index with it.
      const table = indexTable(change);
      return !!table && matches(effect.target, table.schema, table.name) && ((effect.kind === 'column' && covers(change, effect.member)) || (effect.kind === 'relation' && !!effect.drops));
    }
    case 'column':
    case 'constraint':
      if (effect.kind === change.kind) return matches(effect.target, what.schema, what.name) && effect.member === what.member;
      return effect.kind === 'relation' && !!effect.drops && matches(effect.target, what.schema, what.name);
    case 'function':
    case 'procedure':
    case 'aggregate':
      return effect.kind === 'function' && matches(effect.target, what.schema, what.name);
    case 'type':
      return effect.kind === 'type' && matches(effect.target, what.schema, what.name);
    default:
      return RELATION_KINDS.has(change.kind) && effect.kind === 'relation' && (change.change !== 'dropped' || !!effect.drops) && matches(effect.target, what.schema, what.name);
  }
}

/**
 * A locator for compareQueries: the first checked statement that drops, renames or alters the changed object.
 * Added objects are never blamed.
 */
export function locateSchemaChanges(files: RunFile[]): SchemaChangeLocator {
  const statements = files
    .filter((f) => !f.isDown)
    .flatMap((f) => f.parsed.statements.map((s) => ({ file: f.path, statement: s, effects: effectsOf(s.kind, s.node) })))
    .filter((s) => s.effects.length > 0);
  return (change) => {
    if (change.change === 'added') return null;
    // DROP INDEX i before the DROP COLUMN that would also have taken i with it.
    const found =
      statements.find((s) => s.effects.some((e) => isDirect(e, change) && affects(e, change))) ?? statements.find((s) => s.effects.some((e) => affects(e, change)));
    if (!found) return null;
    const { line, column, endLine, endColumn, index } = found.statement;
    return { file: found.file, span: { line, column, endLine, endColumn }, statementIndex: index };
  };
}
