import type { RenderOptions } from './render-options.js';
import { renderGithub } from './render-github.js';
import { renderJson } from './render-json.js';
import { renderMarkdown } from './render-markdown.js';
import { renderSarif } from './render-sarif.js';
import { renderText } from './render-text.js';
import type { Report } from './types.js';

export * from './types.js';
export type { RenderOptions } from './render-options.js';
export { DEFAULT_INFORMATION_URI } from './render-options.js';
export type { RuleMetaForReport } from './rule-meta.js';
export { renderText } from './render-text.js';
export { renderJson, toCanonicalReport } from './render-json.js';
export { renderMarkdown, markdownVerdict, MARKDOWN_MARKER, DEFAULT_MARKDOWN_MAX_LENGTH } from './render-markdown.js';
export { renderSarif, SARIF_SCHEMA_URI } from './render-sarif.js';
export { renderGithub, formatAnnotation } from './render-github.js';
export { neutraliseWorkflowCommands } from './workflow-command.js';

export type Renderer = (report: Report, options?: RenderOptions) => string;

export const REPORT_FORMATS = ['text', 'json', 'markdown', 'sarif', 'github'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const RENDERERS: Record<ReportFormat, Renderer> = {
  text: renderText,
  json: renderJson,
  markdown: renderMarkdown,
  sarif: renderSarif,
  github: renderGithub,
};

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

export function renderReport(format: ReportFormat, report: Report, options: RenderOptions = {}): string {
  // `format` often comes straight from a CLI flag or an action input: check it at run time too.
  if (!isReportFormat(format)) {
    throw new Error(`Unknown report format "${String(format)}": expected one of ${REPORT_FORMATS.join(', ')}`);
  }
  return RENDERERS[format](report, options);
}
