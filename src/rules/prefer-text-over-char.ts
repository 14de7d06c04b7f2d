import { defineRule } from './define.js';
import { displayName, quoteIdent, stringList } from '../sql/names.js';
import { declaredColumns } from '../sql/type-family.js';

export default defineRule({
  meta: {
    id: 'prefer-text-over-char',
    description: 'Prefer text or varchar over char(n)',
    category: 'style',
    severity: 'info',
    recommended: false,
    messages: {
      char: '{{column}} is declared {{type}}: values are blank-padded to the length, the padding is ignored in comparisons but not in LIKE or regular expressions and is lost on conversion to text, and it is no faster than text or varchar in Postgres.',
    },
    fix: 'Declare the column as text (add CHECK (char_length(col) = n) if the length is fixed) or varchar(n).',
  },
  create(ctx) {
    return {
      Statement(stmt) {
        for (const c of declaredColumns(stmt.kind, stmt.node)) {
          // char(n) and character(n) parse to pg_catalog.bpchar; a quoted "char" is the one-byte internal type.
          if (stringList(c.typeName.names).pop() !== 'bpchar') continue;
          const type = c.type.mods.length ? `char(${c.type.mods[0]})` : 'bpchar';
          ctx.report({ messageId: 'char', location: c.location, data: { column: `${displayName(c.table)}.${quoteIdent(c.column)}`, type } });
        }
      },
    };
  },
});
