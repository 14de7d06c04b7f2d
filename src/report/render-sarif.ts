import type { Location, Log, ReportingDescriptor, Result } from 'sarif';
import { hasPosition, sortByPosition, toForwardSlashes } from './location.js';
import { escapeMarkdownText, markdownLink } from './markdown-escape.js';
import { DEFAULT_INFORMATION_URI, type RenderOptions } from './render-options.js';
import type { RuleMetaForReport } from './rule-meta.js';
import type { Finding, Report, Severity } from './types.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * SARIF 2.1.0, one run, for GitHub code scanning (`github/codeql-action/upload-sarif`) and other SARIF viewers.
 * `tool.driver.rules` lists the rules that have results, sorted by id; `ruleIndex` points into that list.
 * Columns are UTF-16 units (`columnKind`), as findings count them. Paths stay relative to `%SRCROOT%`.
 */
export function renderSarif(report: Report, options: RenderOptions = {}): string {
  const findings = [sortByPosition(report.notes), ...report.files.map((f) => sortByPosition(f.findings))].flat();
  const rules = buildRules(findings, options.rules ?? []);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const log: Log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            informationUri: options.informationUri ?? DEFAULT_INFORMATION_URI,
            rules,
          },
        },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => toResult(f, ruleIndex.get(f.ruleId)!)),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function buildRules(findings: readonly Finding[], known: readonly RuleMetaForReport[]): ReportingDescriptor[] {
  const metaById = new Map(known.map((m) => [m.id, m]));
  const ids = [...new Set(findings.map((f) => f.ruleId))].sort();
  return ids.map((id) => toDescriptor(metaById.get(id) ?? metaFromFindings(id, findings)));
}

/** For rules the caller has no meta for (`syntax-error`, `internal-error`, …): what the findings themselves say. */
function metaFromFindings(id: string, findings: readonly Finding[]): RuleMetaForReport {
  const own = findings.filter((f) => f.ruleId === id);
  const first = own[0]!;
  return {
    id,
    description: humanise(id),
    category: first.category,
    severity: first.severity,
    fix: own.find((f) => f.fix)?.fix ?? '',
    docsUrl: own.find((f) => f.docsUrl)?.docsUrl ?? '',
  };
}

/** `syntax-error` → "Syntax error". */
function humanise(id: string): string {
  const words = id.replace(/[-_]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : id;
}

/** `require-concurrent-index` → `RequireConcurrentIndex` (SARIF's `name` is meant to be an identifier-like form). */
function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function isHttpUrl(url: string): boolean {
  return /^https?:\/\/\S+$/i.test(url);
}

function toDescriptor(meta: RuleMetaForReport): ReportingDescriptor {
  const helpText = [meta.description, ...(meta.fix ? [`Fix: ${meta.fix}`] : []), ...(meta.docsUrl ? [`Docs: ${meta.docsUrl}`] : [])];
  const helpMarkdown = [
    `**${escapeMarkdownText(meta.description)}**`,
    ...(meta.fix ? [`Safe recipe: ${escapeMarkdownText(meta.fix)}`] : []),
    ...(isHttpUrl(meta.docsUrl) ? [markdownLink('Documentation', meta.docsUrl)] : []),
  ];
  return {
    id: meta.id,
    name: pascalCase(meta.id) || meta.id,
    shortDescription: { text: meta.description },
    fullDescription: { text: meta.fix ? `${meta.description.replace(/\.$/, '')}. ${meta.fix}` : meta.description },
    ...(isHttpUrl(meta.docsUrl) ? { helpUri: meta.docsUrl } : {}),
    help: { text: helpText.join('\n\n'), markdown: helpMarkdown.join('\n\n') },
    defaultConfiguration: { level: LEVEL[meta.severity] },
    properties: { category: meta.category, tags: [meta.category] },
  };
}

function toResult(finding: Finding, ruleIndex: number): Result {
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text: finding.fix ? `${finding.message}\nFix: ${finding.fix}` : finding.message },
    ...(finding.file ? { locations: [toLocation(finding)] } : {}),
    properties: { category: finding.category, origin: finding.origin },
  };
}

function toLocation(finding: Finding): Location {
  return {
    physicalLocation: {
      artifactLocation: { uri: toRelativeUri(finding.file), uriBaseId: '%SRCROOT%' },
      ...(hasPosition(finding) ? { region: toRegion(finding) } : {}),
    },
  };
}

/** SARIF regions end one past the last character (exclusive `endColumn`), like findings; never before their start. */
function toRegion(f: Finding): NonNullable<Location['physicalLocation']>['region'] {
  const endLine = Math.max(f.endLine, f.line);
  const endColumn = endLine === f.line ? Math.max(f.endColumn, f.column) : Math.max(f.endColumn, 1);
  return { startLine: f.line, startColumn: f.column, endLine, endColumn };
}

/**
 * A relative URI reference for a report path: forward slashes, no leading `./`, each segment percent-encoded where
 * it must be (spaces, `%`, `#`, `?`, non-ASCII), and `:` encoded so a first segment cannot read as a URI scheme.
 */
export function toRelativeUri(path: string): string {
  return toForwardSlashes(path)
    .replace(/^(?:\.\/)+/, '')
    .split('/')
    .map(encodeURIComponent)
    .join('/');
}
