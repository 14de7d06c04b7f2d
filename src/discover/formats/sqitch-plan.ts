export interface PlannedChange {
  name: string;
  /** Script base name: `name`, or `name@tag` for a change that a later plan line reworks. */
  script: string;
  /** 1-based plan line. */
  line: number;
}

/**
 * Changes in deploy order. Pragmas (`%…`), tags (`@…`) and blank lines are skipped; a `-name` line (a revert
 * inside the plan) is ignored. When a name appears again (a rework), the earlier instance's scripts are the
 * `name@tag` copies, `tag` being the first tag after it; the last instance uses the plain `name` scripts.
 */
export function parseSqitchPlan(plan: string): PlannedChange[] {
  const entries: Array<{ name: string; line: number; tag: string | null }> = [];
  plan.split(/\r\n|\n|\r/).forEach((raw, i) => {
    const text = raw.replace(/\s+#.*$/, '').trim();
    if (text === '' || text.startsWith('%') || text.startsWith('#')) return;
    const token = text.split(/[\s[]/)[0]!;
    if (token.startsWith('@')) {
      for (const e of entries) e.tag ??= token.slice(1);
      return;
    }
    if (token.startsWith('-')) return;
    entries.push({ name: token.replace(/^\+/, ''), line: i + 1, tag: null });
  });
  return entries.map((e, i) => {
    const reworkedLater = entries.slice(i + 1).some((later) => later.name === e.name);
    return { name: e.name, line: e.line, script: reworkedLater && e.tag ? `${e.name}@${e.tag}` : e.name };
  });
}
