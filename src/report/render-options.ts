import type { RuleMetaForReport } from './rule-meta.js';

/** One options bag for every renderer, so `renderReport` can pass it through; each renderer reads its own fields. */
export interface RenderOptions {
  /** text: file path → whole file text, to print the offending source line. Without it no source line is shown. */
  sources?: ReadonlyMap<string, string>;
  /** text: ANSI colours (default false). */
  color?: boolean;
  /** markdown: upper bound on the output length in UTF-16 units (default 65,000; GitHub refuses comments over 65,536). */
  maxLength?: number;
  /** sarif: rule descriptions; findings whose rule is missing here get a rule entry built from the finding. */
  rules?: readonly RuleMetaForReport[];
  /** sarif: `tool.driver.informationUri` (default {@link DEFAULT_INFORMATION_URI}). */
  informationUri?: string;
}

export const DEFAULT_INFORMATION_URI = 'https://github.com/migrascope/migrascope';
