import { showControlChars, toSingleLine } from './control-chars.js';

/**
 * Text from PR authors (SQL, identifiers, messages quoting them) ends up in a PR comment. Outside code it must not
 * be able to open markup (tables, links, HTML, emphasis, math), ping people (`@someone`, `@org/team`) or cross-link
 * issues (`#123`). Inside code fences it must not be able to close the fence.
 */

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** For text content (we never put author text in attribute values, so quotes can stay). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (c) => HTML_ENTITIES[c]!);
}

/** A zero-width space as an entity: GitHub's mention and issue-reference autolinkers no longer see `@name` / `#12`. */
const ZERO_WIDTH_SPACE = '&#8203;';

/** Breaks `@user`, `@org/team` and `#123` so GitHub neither notifies nor cross-references. Use on already escaped text. */
export function neutraliseMentions(text: string): string {
  // One pass: a second pass for `#` would break the entity the first pass inserted.
  return text.replace(/[@](?=[A-Za-z0-9])|#(?=\d)/g, (c) => `${c}${ZERO_WIDTH_SPACE}`);
}

/**
 * Escapes one line of inline text for GitHub-flavoured markdown, safe in a table cell, a heading, a link text or a
 * paragraph (but not at the very start of a line, where the caller always puts its own markup). Newlines become
 * spaces: table cells cannot hold them.
 */
export function escapeMarkdownText(text: string): string {
  return neutraliseMentions(
    escapeHtml(toSingleLine(text)).replace(/[\\`*_[\]|~$]/g, (c) => `\\${c}`),
  );
}

/** An http(s) URL made safe as a link destination (also inside a table cell); null for anything else. */
export function markdownLinkDestination(url: string | null | undefined): string | null {
  if (!url || !/^https?:\/\/[^\s]+$/i.test(url)) return null;
  return url.replace(/[\u0000-\u0020()<>|\\`"\u007f]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** `[text](url)` with both parts escaped, or just the escaped text when the URL is unusable. */
export function markdownLink(text: string, url: string | null | undefined): string {
  const destination = markdownLinkDestination(url);
  const label = escapeMarkdownText(text);
  return destination ? `[${label}](${destination})` : label;
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const match of text.matchAll(/`+/g)) longest = Math.max(longest, match[0].length);
  return longest;
}

/**
 * A fenced code block whose fence is longer than any backtick run in the content, so the content cannot close it.
 * Control characters are made visible (bidi overrides would otherwise make the SQL read differently than it runs).
 */
export function codeFence(content: string, language = ''): string {
  const body = showControlChars(content.replace(/\r\n?/g, '\n'));
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(body) + 1));
  return `${fence}${language}\n${body}\n${fence}`;
}
