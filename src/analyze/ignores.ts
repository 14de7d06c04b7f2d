/**
 * `-- migrascope-ignore rule-a, rule-b: reason` before a statement silences those rules on that statement;
 * `-- migrascope-ignore-file rule-a` silences them for the file. An ignore that silences nothing is reported,
 * so stale ignores do not pile up.
 */
import type { ParsedSql, SqlComment } from '../parse/parse-sql.js';
import type { Finding } from '../report/types.js';

export interface IgnoreDirective {
  comment: SqlComment;
  rules: string[];
  /** null: the whole file. */
  statementIndex: number | null;
  used: Set<string>;
}

const DIRECTIVE = /^(?:--|\/\*)\s*migrascope-ignore(-file)?\s+([^:*]+?)\s*(?::\s*(.*?))?\s*(?:\*\/)?$/i;

export function readIgnores(parsed: ParsedSql): IgnoreDirective[] {
  const directives: IgnoreDirective[] = [];
  const owner = new Map<number, number>();
  for (const stmt of parsed.statements) for (const c of stmt.leadingComments) owner.set(c.startByte, stmt.index);
  for (const comment of parsed.comments) {
    const m = DIRECTIVE.exec(comment.text.trim());
    if (!m) continue;
    const rules = m[2].split(/[\s,]+/).filter(Boolean);
    const fileWide = !!m[1];
    directives.push({ comment, rules, statementIndex: fileWide ? null : owner.get(comment.startByte) ?? -1, used: new Set() });
  }
  return directives;
}

/** Drops suppressed findings and marks which directives were used. */
export function applyIgnores(findings: Finding[], directives: IgnoreDirective[]): Finding[] {
  return findings.filter((finding) => {
    for (const d of directives) {
      if (!d.rules.includes(finding.ruleId)) continue;
      if (d.statementIndex === null || d.statementIndex === finding.statementIndex) {
        d.used.add(finding.ruleId);
        return false;
      }
    }
    return true;
  });
}
