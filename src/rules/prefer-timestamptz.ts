import { defineRule } from './define.js';
import { displayName, quoteIdent } from '../sql/names.js';
import { declaredColumns } from '../sql/type-family.js';

export default defineRule({
  meta: {
    id: 'prefer-timestamptz',
    description: 'Prefer timestamptz over timestamp without time zone',
    category: 'style',
    severity: 'warning',
    recommended: false,
    messages: {
      timestamp:
        '{{column}} is declared timestamp (without time zone): it stores wall-clock time with no offset, so the same instant reads differently depending on the writer\'s TimeZone setting and comparisons with now() or timestamptz values shift by the session\'s offset.',
    },
    fix: "Declare the column as timestamptz. To convert one holding UTC values: SET timezone = 'UTC'; ALTER TABLE … ALTER COLUMN … TYPE timestamptz; (no rewrite since Postgres 12).",
  },
  create(ctx) {
    return {
      Statement(stmt) {
        for (const c of declaredColumns(stmt.kind, stmt.node)) {
          if (c.type.name !== 'timestamp') continue;
          ctx.report({ messageId: 'timestamp', location: c.location, data: { column: `${displayName(c.table)}.${quoteIdent(c.column)}` } });
        }
      },
    };
  },
});
