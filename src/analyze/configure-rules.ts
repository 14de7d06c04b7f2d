/**
 * Turns the `rules:` section of the config into the list of rules to run, with their severities and options.
 */
import type { Severity } from '../report/types.js';
import { SEVERITIES } from '../report/types.js';
import type { Rule } from '../rules/define.js';
import type { ConfiguredRule } from './lint-file.js';

/** `off`, a severity (turns the rule on at that severity), `on` (its default), or a full setting. */
export type RuleSetting = 'off' | 'on' | Severity | { severity?: Severity | 'off' | 'on'; options?: Record<string, unknown> };

export function configureRules(all: readonly Rule[], settings: Record<string, RuleSetting> = {}): ConfiguredRule[] {
  const known = new Set(all.map((r) => r.meta.id));
  for (const id of Object.keys(settings)) {
    if (!known.has(id)) throw new Error(`Unknown rule "${id}" in config; run \`migrascope rules\` for the list.`);
  }
  const configured: ConfiguredRule[] = [];
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
