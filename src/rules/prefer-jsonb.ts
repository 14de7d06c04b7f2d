import { defineRule } from './define.js';
import { displayName, quoteIdent } from '../sql/names.js';
import { declaredColumns } from '../sql/type-family.js';

export default defineRule({
  meta: {
    id: 'prefer-jsonb',
    description: 'Prefer jsonb over json for new columns',
    category: 'style',
    severity: 'info',
    recommended: false,
    messages: {
      json: '{{column}} is declared json: json stores the text as written and re-parses it on every access, cannot be compared with = (so no DISTINCT, GROUP BY or UNIQUE) and has no GIN index support; jsonb has all of these.',
    },
    fix: 'Declare the column as jsonb (keep json only when the exact text, key order or duplicate keys must be preserved).',
  },
  create(ctx) {
    return {
      Statement(stmt) {
        for (const c of declaredColumns(stmt.kind, stmt.node)) {
          if (c.type.name !== 'json') continue;
          ctx.report({ messageId: 'json', location: c.location, data: { column: `${displayName(c.table)}.${quoteIdent(c.column)}` } });
        }
      },
    };
  },
});
