import { describe, expect, it } from 'vitest';
import { displayText, simplifyMarkdown } from '../../../../src/engine/readers/display.js';
import { readMarkdownText } from '../../../../src/engine/readers/markdown.js';
import { blockWith } from './helpers.js';

describe('display text', () => {
  it('drops Markdown that Discord cannot render and keeps absolute links', () => {
    expect(simplifyMarkdown('See [the guide](/guide/index.md#x) or [MDN](https://developer.mozilla.org "MDN").')).toBe(
      'See the guide or [MDN](https://developer.mozilla.org).',
    );
    expect(simplifyMarkdown('Use `vite build` <Badge type="tip" text="new" /> ![logo](./logo.png)')).toBe('Use `vite build`');
    expect(simplifyMarkdown('server.port {#server-port}')).toBe('server.port');
  });

  it('shows a table row as "header: value" and code verbatim, while offsets still point at the source', () => {
    const md = '# T\n\n| Option | Default |\n| --- | --- |\n| `port` | 5173 |\n\n```\n  a <b>\n```\n';
    const doc = readMarkdownText(md, 't.md');
    const row = blockWith(doc, '| `port` | 5173 |');
    expect(displayText(doc, row, { markdown: true })).toBe('Option: port; Default: 5173');
    const code = blockWith(doc, '  a <b>');
    expect(displayText(doc, code, { markdown: true })).toBe('  a <b>');
  });
});
