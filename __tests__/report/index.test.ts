import {
  isReportFormat,
  renderGithub,
  renderJson,
  renderMarkdown,
  renderReport,
  renderSarif,
  renderText,
  REPORT_FORMATS,
  type ReportFormat,
} from '../../src/report/index.js';
import { makeReport, SOURCES } from './report-fixture.js';

describe('renderReport', () => {
  const options = { sources: SOURCES };

  it.each<[ReportFormat, (r: ReturnType<typeof makeReport>, o: typeof options) => string]>([
    ['text', renderText],
    ['json', renderJson],
    ['markdown', renderMarkdown],
    ['sarif', renderSarif],
    ['github', renderGithub],
  ])('renders %s with its renderer', (format, renderer) => {
    expect(renderReport(format, makeReport(), options)).toBe(renderer(makeReport(), options));
  });

  it('gives each format its own output', () => {
    const outputs = REPORT_FORMATS.map((f) => renderReport(f, makeReport(), options));
    expect(new Set(outputs).size).toBe(REPORT_FORMATS.length);
  });

  it('rejects an unknown format, quoting it', () => {
    expect(() => renderReport('html' as ReportFormat, makeReport())).toThrow(
      'Unknown report format "html": expected one of text, json, markdown, sarif, github',
    );
  });

  it('tells formats from other strings', () => {
    expect(REPORT_FORMATS.every(isReportFormat)).toBe(true);
    expect(isReportFormat('Markdown')).toBe(false);
    expect(isReportFormat('')).toBe(false);
  });

  it('does not change the report it renders', () => {
    const report = makeReport();
    const before = structuredClone(report);
    for (const format of REPORT_FORMATS) renderReport(format, report, options);
    expect(report).toEqual(before);
  });
});
