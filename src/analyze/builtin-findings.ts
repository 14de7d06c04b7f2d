/**
 * Findings that come from the machinery rather than from a rule: the file does not parse, holds templating,
 * carries a stale ignore, or something inside migrascope failed. They have docs pages like rules do.
 */
import type { Category, Finding, Severity, Span } from '../report/types.js';
import { docsUrl } from '../rules/define.js';

export interface BuiltinMeta {
  id: string;
  description: string;
  category: Category;
  severity: Severity;
  fix: string;
}

export const BUILTIN_FINDINGS = {
  'syntax-error': {
    id: 'syntax-error',
    description: 'Report statements that PostgreSQL cannot parse',
    category: 'correctness',
    severity: 'error',
    fix: 'Fix the statement so PostgreSQL accepts it; the rest of the file is still checked.',
  },
  'template-placeholder': {
    id: 'template-placeholder',
    description: 'Note template placeholders that are not SQL',
    category: 'hygiene',
    severity: 'info',
    fix: 'Nothing to do if your migration tool substitutes it; the statement was linted with an identifier in its place.',
  },
  'unused-ignore': {
    id: 'unused-ignore',
    description: 'Report migrascope-ignore comments that suppress nothing',
    category: 'hygiene',
    severity: 'warning',
    fix: 'Remove the ignore comment, or correct the rule id it names.',
  },
  'internal-error': {
    id: 'internal-error',
    description: 'Report a failure inside migrascope without losing the rest of the report',
    category: 'correctness',
    severity: 'warning',
    fix: 'Please report this with the migration that triggered it; the other checks still ran.',
  },
  'migration-history': {
    id: 'migration-history',
    description: 'Warn when a pull request removes, renames or edits a migration that is already on the base branch',
    category: 'compatibility',
    severity: 'warning',
    fix: 'Leave applied migrations as they are; undo or change their effect in a new migration.',
  },
  'migration-format': {
    id: 'migration-format',
    description: 'Note how a migration file was understood (format, order, transaction mode)',
    category: 'hygiene',
    severity: 'info',
    fix: 'Name the format in the config (`format:`) if the guess is wrong.',
  },
} as const satisfies Record<string, BuiltinMeta>;

export type BuiltinId = keyof typeof BUILTIN_FINDINGS;

export function builtinFinding(id: BuiltinId, file: string, span: Span, message: string, statementIndex: number | null, severity?: Severity): Finding {
  return findingFromMeta(BUILTIN_FINDINGS[id], 'lint', file, span, message, statementIndex, severity);
}

/** A finding made by migrascope itself (built-in or measured) from its meta, with the docs link of its id. */
export function findingFromMeta(
  meta: BuiltinMeta,
  origin: Finding['origin'],
  file: string,
  span: Span,
  message: string,
  statementIndex: number | null,
  severity?: Severity,
): Finding {
  return {
    ruleId: meta.id,
    category: meta.category,
    severity: severity ?? meta.severity,
    message,
    fix: meta.fix,
    file,
    line: span.line,
    column: span.column,
    endLine: span.endLine,
    endColumn: span.endColumn,
    statementIndex,
    origin,
    docsUrl: docsUrl(meta.id),
  };
}
