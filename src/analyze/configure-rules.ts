/**
 * Turns the `rules:` section of the config into the list of rules to run, with their severities and options.
 */
import type { Finding, Severity } from '../report/types.js';
import { RUN_FINDINGS } from '../run/findings.js';
import { BUILTIN_FINDINGS } from './builtin-findings.js';
import { SEVERITIES } from '../report/types.js';
import type { Rule } from '../rules/define.js';
import type { ConfiguredRule } from './lint-file.js';

/** `off`, a severity (turns the rule on at that severity), `on` (its default), or a full setting. */
export type RuleSetting = 'off' | 'on' | Severity | { severity?: Severity | 'off' | 'on'; options?: Record<string, unknown> };

/** Findings that come from migrascope itself or the database run rather than a rule; configurable like rules. */
export const NON_RULE_FINDINGS: ReadonlySet<string> = new Set([...Object.keys(BUILTIN_FINDINGS), ...Object.keys(RUN_FINDINGS)]);

export function configureRules(all: readonly Rule[], settings: Record<string, RuleSetting> = {}): ConfiguredRule[] {
  const known = new Set([...all.map((r) => r.meta.id), ...NON_RULE_FINDINGS]);
  for (const id of Object.keys(settings)) {
    if (!known.has(id)) throw new Error(`Unknown rule "${id}" in config; run \`migrascope rules\` for the list.`);
  }
  const configured: ConfiguredRule[] = [];
  for (const id of Object.keys(settings)) if (NON_RULE_FINDINGS.has(id)) levelOf(settings[id], id);
  for (const rule of all) {
    const setting = settings[rule.meta.id];
    const level = typeof setting === 'object' ? setting.severity : setting;
    const options = typeof setting === 'object' ? setting.options ?? {} : {};
    if (level === 'off') continue;
    if (level === undefined && !rule.meta.recommended && typeof setting !== 'object') continue;
    const severity = level && level !== 'on' ? level : rule.meta.severity;
    if (!SEVERITIES.includes(severity)) throw new Error(`Rule "${rule.meta.id}": severity "${String(level)}" is not one of off, on, error, warning, info.`);
    configured.push({ rule, severity, options });
  }
  return configured;
}

function levelOf(setting: RuleSetting, id: string): Severity | 'off' | 'on' | undefined {
  const level = typeof setting === 'object' ? setting.severity : setting;
  if (level !== undefined && level !== 'off' && level !== 'on' && !SEVERITIES.includes(level)) {
    throw new Error(`"${id}": severity "${String(level)}" is not one of off, on, error, warning, info.`);
  }
  return level;
}

/**
 * Applies the config to a finding that no rule made (built-in or measured): `off` drops it, a severity replaces
 * its own. Syntax and internal errors cannot be turned off: they mean something was not checked.
 */
export function settleFinding(f: Finding, settings: Record<string, RuleSetting> = {}): Finding | null {
  const setting = settings[f.ruleId];
  if (setting === undefined || !NON_RULE_FINDINGS.has(f.ruleId)) return f;
  const level = levelOf(setting, f.ruleId);
  if (level === 'off') return f.ruleId === 'syntax-error' || f.ruleId === 'internal-error' ? f : null;
  return level && level !== 'on' ? { ...f, severity: level } : f;
}
