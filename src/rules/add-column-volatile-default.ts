import { defineRule } from './define.js';
import { alteredExistingTable } from '../sql/altered-table.js';
import { displayName, fromNameList, keyOf, quoteIdent, stringList } from '../sql/names.js';
import { lockLabel } from '../sql/locks.js';
import { displayType, typeRefFrom, type TypeRef } from '../sql/type-name.js';
import { declaredVolatility, expressionVolatility, isNullConstant, type Volatility } from '../sql/volatility.js';

const LOCK = lockLabel('AccessExclusiveLock');
const WAIT = 'reads and writes on {{table}} wait until every row and every index is rewritten.';

const BACKFILL_FIX =
  'Add the column without the default (or with a constant one), then ALTER COLUMN … SET DEFAULT for new rows, and backfill existing rows in batches of a few thousand.';
const IDENTITY_FIX =
  'Add a plain nullable column, create a sequence and SET DEFAULT nextval(…) for new rows, backfill existing rows in batches; add NOT NULL later with the CHECK … NOT VALID recipe.';
const GENERATED_FIX =
  'Add a plain column, fill it for new rows with a trigger (or the application) and backfill existing rows in batches; on PostgreSQL 18 a VIRTUAL generated column needs no rewrite.';

export default defineRule({
  meta: {
    id: 'add-column-volatile-default',
    description: 'Forbid ADD COLUMN forms that rewrite an existing table: volatile defaults, serial, identity and stored generated columns',
    category: 'rewrite',
    severity: 'error',
    recommended: true,
    messages: {
      volatileDefault: `ADD COLUMN {{column}} on {{table}} rewrites the whole table under ${LOCK} because its default calls {{culprit}}, which is volatile (evaluated per row): ${WAIT}`,
      possiblyVolatileDefault: `ADD COLUMN {{column}} on {{table}} has a default calling {{culprit}}, which migrascope cannot classify: if it is VOLATILE (what CREATE FUNCTION makes by default), the whole table is rewritten under ${LOCK} and ${WAIT} If it is IMMUTABLE or STABLE there is no rewrite.`,
      serial: `ADD COLUMN {{column}} {{type}} on {{table}} rewrites the whole table under ${LOCK} to fill every existing row from the new sequence: ${WAIT}`,
      identity: `ADD COLUMN {{column}} … GENERATED AS IDENTITY on {{table}} rewrites the whole table under ${LOCK} to number every existing row: ${WAIT}`,
      storedGenerated: `ADD COLUMN {{column}} … GENERATED ALWAYS AS (…) STORED on {{table}} rewrites the whole table under ${LOCK} to compute the value for every row: ${WAIT}`,
      domainWithConstraints: `ADD COLUMN {{column}} of domain {{type}} on {{table}} rewrites the whole table under ${LOCK} because the domain has constraints to check on every row: ${WAIT}`,
      defaultBefore11: `ADD COLUMN {{column}} with a DEFAULT on {{table}} rewrites the whole table under ${LOCK} on PostgreSQL {{pg}} (only 11+ stores a non-volatile default without a rewrite): ${WAIT}`,
    },
    fix: BACKFILL_FIX,
  },
  create(ctx) {
    /** Volatility declared by CREATE FUNCTION earlier in this file (the catalog does not track functions). */
    // Functions declared by earlier migrations, then by earlier statements of this file.
    const declared = new Map<string, Volatility>(ctx.catalog.functions);
    /** Domains with constraints created earlier in this file. */
    const constrainedDomains = new Set<string>();

    function domainHasConstraints(type: TypeRef): boolean {
      if (type.arrayDims > 0) return false;
      const key = type.name.includes('.') ? type.name : keyOf({ schema: 'public', name: type.name });
      if (constrainedDomains.has(key)) return true;
      const known = ctx.catalog.types.get(key) as { kind: string; hasConstraints?: boolean } | undefined;
      return known?.kind === 'domain' && known.hasConstraints === true;
    }

    return {
      Statement(stmt) {
        if (stmt.kind === 'CreateFunctionStmt') {
          const d = declaredVolatility(stmt.node);
          if (d) {
            declared.set(d.names.join('.'), d.volatility);
            if (d.names.length === 1) declared.set(`public.${d.names[0]}`, d.volatility);
          }
        } else if (stmt.kind === 'CreateDomainStmt') {
          const hasConstraints = (stmt.node.constraints ?? []).some((c: any) => c.Constraint && c.Constraint.contype !== 'CONSTR_NULL');
          if (hasConstraints) constrainedDomains.add(keyOf(fromNameList(stringList(stmt.node.domainname))));
        } else if (stmt.kind === 'AlterDomainStmt' && (stmt.node.subtype === 'C' || stmt.node.subtype === 'O')) {
          constrainedDomains.add(keyOf(fromNameList(stringList(stmt.node.typeName))));
        }
      },
      AlterTableStmt(node) {
        const target = alteredExistingTable(ctx, node);
        if (!target) return;
        const { q, known } = target;
        const table = displayName(q);

        for (const wrapped of node.cmds ?? []) {
          const cmd = wrapped.AlterTableCmd;
          const def = cmd?.def?.ColumnDef;
          if (cmd?.subtype !== 'AT_AddColumn' || !def) continue;
          // ADD COLUMN IF NOT EXISTS on a column that is already there does nothing.
          if (cmd.missing_ok && known?.columns.has(def.colname)) continue;
          const column = quoteIdent(def.colname);
          const type = typeRefFrom(def.typeName);
          const at = { location: def.location as number | undefined };
          const constraints: any[] = (def.constraints ?? []).map((c: any) => c.Constraint).filter(Boolean);
          const defaultExpr = constraints.find((c) => c.contype === 'CONSTR_DEFAULT')?.raw_expr ?? def.raw_default;

          if (type.serial) {
            ctx.report({ messageId: 'serial', data: { column, table, type: def.typeName ? stringList(def.typeName.names).join('.') : displayType(type) }, ...at, fix: IDENTITY_FIX });
            continue;
          }
          if (constraints.some((c) => c.contype === 'CONSTR_IDENTITY')) {
            ctx.report({ messageId: 'identity', data: { column, table }, ...at, fix: IDENTITY_FIX });
            continue;
          }
          const generated = constraints.find((c) => c.contype === 'CONSTR_GENERATED');
          if (generated) {
            // VIRTUAL (PG 18) computes on read: metadata only.
            if (generated.generated_kind !== 'v') ctx.report({ messageId: 'storedGenerated', data: { column, table }, ...at, fix: GENERATED_FIX });
            continue;
          }
          // Before PG 19 a domain with constraints is checked row by row, default or not.
          if (ctx.pgVersion <= 18 && domainHasConstraints(type)) {
            ctx.report({ messageId: 'domainWithConstraints', data: { column, table, type: displayType(type) }, ...at });
            continue;
          }
          if (!defaultExpr || isNullConstant(defaultExpr)) continue;
          if (ctx.pgVersion < 11) {
            ctx.report({ messageId: 'defaultBefore11', data: { column, table, pg: ctx.pgVersion }, ...at, fix: 'Add the column without a default, backfill existing rows in batches, then ALTER COLUMN … SET DEFAULT for new rows.' });
            continue;
          }
          const verdict = expressionVolatility(defaultExpr, declared);
          if (verdict.volatility === 'volatile') {
            ctx.report({ messageId: 'volatileDefault', data: { column, table, culprit: verdict.culprit ?? 'a volatile function' }, ...at });
          } else if (verdict.volatility === 'unknown') {
            ctx.report({ messageId: 'possiblyVolatileDefault', data: { column, table, culprit: verdict.culprit ?? 'a function' }, ...at });
          }
        }
      },
    };
  },
});
