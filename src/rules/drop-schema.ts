import { defineRule } from './define.js';
import { displayName, quoteIdent } from '../sql/names.js';

export default defineRule({
  meta: {
    id: 'drop-schema',
    description: 'Forbid dropping a schema that existed before the change',
    category: 'data-loss',
    severity: 'error',
    recommended: true,
    messages: {
      dropSchemaCascade:
        'DROP SCHEMA {{schema}} CASCADE deletes every table (with its rows), view, sequence, function and type in it{{tables}}, under ACCESS EXCLUSIVE locks; code that uses any of them fails.',
      dropSchema:
        'DROP SCHEMA {{schema}} removes a schema that existed before this change: it fails if anything is still in it{{tables}}, and code that refers to {{schema}} breaks.',
    },
    fix: 'Move or drop the objects you mean to remove one by one (after code stops using them), then drop the empty schema without CASCADE.',
  },
  create(ctx) {
    return {
      Statement(stmt) {
        if (stmt.kind !== 'DropStmt' || stmt.node.removeType !== 'OBJECT_SCHEMA') return;
        const cascade = stmt.node.behavior === 'DROP_CASCADE';
        for (const o of stmt.node.objects ?? []) {
          const schema: string | undefined = o.String?.sval;
          if (!schema || createdEarlier(stmt.index, schema)) continue;
          const tables = [...ctx.catalog.tables.values()].filter((t) => t.schema === schema && (t.kind === 'table' || t.kind === 'partitioned-table')).map((t) => displayName(t));
          const listed = tables.length ? ` (tables known here: ${tables.slice(0, 5).join(', ')}${tables.length > 5 ? `, … ${tables.length} in all` : ''})` : '';
          ctx.report({ messageId: cascade ? 'dropSchemaCascade' : 'dropSchema', data: { schema: quoteIdent(schema), tables: listed } });
        }
      },
    };

    /**
     * Created (without IF NOT EXISTS) earlier in this file. The catalog records which schemas exist but not which are new, so a schema
     * created in an earlier file of the same change still counts as existing (reported; we cannot prove it is new).
     */
    function createdEarlier(before: number, schema: string): boolean {
      let created = false;
      for (const s of ctx.statements.slice(0, before)) {
        // CREATE SCHEMA IF NOT EXISTS may have found the old schema: no proof that it is new.
        if (s.kind === 'CreateSchemaStmt' && s.node.schemaname === schema && !s.node.if_not_exists) created = true;
        if (s.kind === 'DropStmt' && s.node.removeType === 'OBJECT_SCHEMA' && (s.node.objects ?? []).some((o: any) => o.String?.sval === schema)) created = false;
      }
      return created;
    }
  },
});
