import {
  codeFence,
  escapeHtml,
  escapeMarkdownText,
  markdownLink,
  markdownLinkDestination,
  neutraliseMentions,
} from '../../src/report/markdown-escape.js';
import { neutraliseWorkflowCommands } from '../../src/report/workflow-command.js';

describe('markdown escaping', () => {
  it('escapes HTML text', () => {
    expect(escapeHtml('<a href="x">&amp;</a>')).toBe('&lt;a href="x"&gt;&amp;amp;&lt;/a&gt;');
  });

  it('breaks mentions and issue references in one pass, without breaking its own entities', () => {
    expect(neutraliseMentions('@a @org/team x@y.z #12 # 1 @ a')).toBe(
      '@&#8203;a @&#8203;org/team x@&#8203;y.z #&#8203;12 # 1 @ a',
    );
  });

  it('escapes inline markup, flattens newlines and shows control characters', () => {
    expect(escapeMarkdownText('a|b *c* _d_ [e](f) `g` ~h~ $i$ \\ <j> & @k\r\nl\u001b')).toBe(
      'a\\|b \\*c\\* \\_d\\_ \\[e\\](f) \\`g\\` \\~h\\~ \\$i\\$ \\\\ &lt;j&gt; &amp; @&#8203;k l␛',
    );
  });

  it('makes a fence longer than the longest backtick run', () => {
    expect(codeFence('select 1')).toBe('```\nselect 1\n```');
    expect(codeFence('a ```` b `', 'sql')).toBe('`````sql\na ```` b `\n`````');
    expect(codeFence('x\r\ny\u202e', 'sql')).toBe('```sql\nx\ny\ufffd\n```');
  });

  it('accepts only http(s) link destinations and encodes what would end them', () => {
    expect(markdownLinkDestination('https://x.test/a(b)|c')).toBe('https://x.test/a%28b%29%7Cc');
    expect(markdownLinkDestination('javascript:alert(1)')).toBeNull();
    expect(markdownLinkDestination('https://x.test/a b')).toBeNull();
    expect(markdownLinkDestination(null)).toBeNull();
    expect(markdownLink('a_b', 'ftp://x')).toBe('a\\_b');
    expect(markdownLink('a_b', 'http://x')).toBe('[a\\_b](http://x)');
  });
});

describe('neutraliseWorkflowCommands', () => {
  it('defuses lines the runner would read as commands and leaves the rest alone', () => {
    const text = 'ok ::x::y\n::add-mask::s\n  \t::error::e\n##[group]g\nfine\n\u0085::warning::w';
    expect(neutraliseWorkflowCommands(text)).toBe(
      'ok ::x::y\n\u200b::add-mask::s\n\u200b  \t::error::e\n\u200b##[group]g\nfine\n\u200b\u0085::warning::w',
    );
  });
});
