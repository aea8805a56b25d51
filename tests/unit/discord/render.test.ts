import { describe, expect, it } from 'vitest';
import { recordFromSummary, type AnswerRecord, type ShownCitation } from '../../../src/discord/answer-record.js';
import { parseCustomId } from '../../../src/discord/custom-id.js';
import {
  embedLength,
  escapeMentions,
  escapeText,
  fitQuotes,
  LIMITS,
  renderRecord,
  renderReindex,
  renderSources,
  trimAtWord,
} from '../../../src/discord/render.js';
import { expectWithinLimits, quotesOf, unescapeText } from '../../e2e/helpers.js';

function citation(quote: string, n: number, document = `doc-${n % 3}.txt`): ShownCitation {
  return { quote, document, title: `Title ${document}`, paragraph: n, start: n * 100, end: n * 100 + quote.length, score: 0.9 };
}

function record(citations: ShownCitation[], over: Partial<AnswerRecord> = {}): AnswerRecord {
  return {
    v: 1,
    id: 'abcdefghijkl',
    kind: 'ask',
    input: 'What happened?',
    title: 'What happened?',
    citations,
    suggestions: [],
    notes: [],
    elapsedMs: 12,
    createdAt: new Date().toISOString(),
    ...over,
  };
}

function json(r: AnswerRecord, page = 0) {
  const m = renderRecord(r, page);
  return { embeds: m.embeds.map((e) => e.toJSON()), components: m.components.map((c) => c.toJSON()) };
}

const words = (n: number, word = 'word') => Array.from({ length: n }, (_, i) => `${word}${i}`).join(' ');

describe('trimAtWord', () => {
  it('cuts at a word boundary and adds an ellipsis', () => {
    expect(trimAtWord('the quick brown fox jumps', 16)).toBe('the quick brown…');
    expect(trimAtWord('short', 10)).toBe('short');
    expect(trimAtWord('the quick, brown', 11)).toBe('the quick…');
  });

  it('hard-cuts a single huge word without splitting a surrogate pair', () => {
    const out = trimAtWord('😀'.repeat(10), 6);
    expect(out.length).toBeLessThanOrEqual(6);
    expect(out).toBe('😀😀…');
  });
});

describe('escaping', () => {
  it('breaks every kind of mention with a zero-width space, keeping the visible text', () => {
    const text = '@everyone @here <@123456789012345678> <@!123456789012345678> <@&123456789012345678>';
    const out = escapeMentions(text);
    expect(out).not.toMatch(/@everyone|@here|<@!?\d|<@&\d/);
    expect(out.replace(/\u200b/g, '')).toBe(text);
  });

  it('escapes markdown so quotes display verbatim', () => {
    const text = '**bold** _it_ `code` # heading\n- item > [link](http://x)';
    expect(unescapeText(escapeText(text))).toBe(text);
    expect(escapeText('**bold**')).toBe('\\*\\*bold\\*\\*');
  });
});

describe('renderRecord', () => {
  it('shows related passages under their notice, in another colour than an answer', () => {
    const quotes = [citation('The agency was founded in 1957.', 1)];
    const answer = json(record(quotes)).embeds[0]!;
    const related = json(record(quotes, { message: "I couldn't find a direct answer; these passages may help." })).embeds[0]!;
    expect(related.description).toMatch(/^\*I couldn.t find a direct answer; these passages may help\.\*\n\n/);
    expect(related.description).toContain('The agency was founded in 1957.');
    expect(answer.description).not.toMatch(/direct answer/);
    expect(related.color).not.toBe(answer.color);
  });

  it('gives a summary quote from a PDF its section and page, as an answer quote has', () => {
    const summary = {
      kind: 'document' as const,
      title: 'Ferry Handbook',
      citations: [{ quote: 'Boats do not sail in a gale.', document: 'handbook.pdf', title: 'Ferry Handbook', paragraph: 6, start: 10, end: 38, section: 'Ferry Handbook › Limits', page: 2 }],
    };
    const r = recordFromSummary(summary, { id: 'abcdefghijkl', input: 'handbook', elapsedMs: 3 });
    expect(r.citations[0]).toMatchObject({ section: 'Ferry Handbook › Limits', page: 2 });
    expect(json(r).embeds[0]!.fields?.[0]?.value).toBe('**[1]** Ferry Handbook › Limits, p. 2 (`handbook.pdf`)');
  });

  it('numbers quotes, groups sources by document and shows the elapsed time', () => {
    const out = json(record([citation('First quote.', 1, 'a.txt'), citation('Second quote.', 2, 'b.txt'), citation('Third.', 3, 'a.txt')]));
    const embed = out.embeds[0]!;
    expect(embed.description).toBe('> First quote. **[1]**\n\n> Second quote. **[2]**\n\n> Third. **[3]**');
    expect(embed.fields).toEqual([
      { name: 'Sources', value: '**[1]** ¶1 · **[3]** ¶3 — Title a.txt (`a.txt`)\n**[2]** ¶2 — Title b.txt (`b.txt`)' },
    ]);
    expect(embed.footer?.text).toBe('⏱ 12 ms');
    expect(out.components[0]!.components.map((c) => ('custom_id' in c ? c.custom_id : ''))).toEqual([
      'v1:vote:abcdefghijkl:up',
      'v1:vote:abcdefghijkl:down',
    ]);
  });

  it('keeps within every limit with enormous quotes and titles: trimmed at words, never cut mid-citation', () => {
    const huge = [0, 1, 2].map((n) => citation(words(900, `q${n}w`), n, `${'x'.repeat(60)}-${n}.txt`));
    for (const c of huge) c.title = words(80, 'title');
    const r = record(huge, { title: words(2000, 'question') });
    const out = json(r);
    const embed = out.embeds[0]!;
    expectWithinLimits({ embeds: out.embeds });
    expect(embedLength(embed)).toBeLessThanOrEqual(LIMITS.embedTotal);
    expect(embed.title!.length).toBeLessThanOrEqual(201);
    const quotes = quotesOf(embed);
    expect(quotes).toHaveLength(3);
    quotes.forEach((q, i) => {
      expect(q.endsWith('…')).toBe(true);
      expect(huge[i]!.quote.startsWith(q.slice(0, -1))).toBe(true);
      expect(q.slice(0, -1)).toMatch(/\d$/); // ends on a whole word
    });
    for (let n = 1; n <= 3; n++) expect(embed.description).toContain(`**[${n}]**`);
  });

  it('fits quotes full of markdown characters, whose escaping doubles their length', () => {
    const stars = citation('*'.repeat(3000), 1);
    const out = json(record([stars, citation('plain', 2)]));
    expectWithinLimits({ embeds: out.embeds });
    expect(out.embeds[0]!.description).toContain('**[2]**');
  });

  it('pages summaries five citations at a time with a "More sources" button carrying the page', () => {
    const cites = Array.from({ length: 12 }, (_, i) => citation(`Sentence ${i + 1}.`, i + 1, 'a.txt'));
    const r = record(cites, { kind: 'summary', title: 'A doc' });
    const first = json(r, 0);
    expect(first.embeds[0]!.title).toBe('Summary: A doc');
    expect(first.embeds[0]!.footer?.text).toBe('⏱ 12 ms · page 1/3');
    const more = first.components[0]!.components[0]!;
    expect(more).toMatchObject({ label: 'More sources (2/3)', custom_id: 'v1:more:abcdefghijkl:1' });
    const third = json(r, 2);
    expect(quotesOf(third.embeds[0]!)).toEqual(['Sentence 11.', 'Sentence 12.']);
    expect(third.embeds[0]!.description).toContain('**[11]**');
    expect(third.components[0]!.components).toHaveLength(2); // only the votes: no page after the last
  });

  it('says "not found in the documents" with the closest documents', () => {
    const r = record([], { message: 'The documents do not seem to answer this.', suggestions: [{ document: 'a.txt', title: 'A *title*' }] });
    const embed = json(r).embeds[0]!;
    expect(embed.description).toBe(
      '**Not found in the documents.**\nThe documents do not seem to answer this.\n\nClosest documents:\n• A \\*title\\* (`a.txt`)',
    );
    expect(embed.fields).toBeUndefined();
  });

  it('custom ids stay short and parse back', () => {
    const r = record(Array.from({ length: 400 }, (_, i) => citation('x', i)), { kind: 'summary' });
    for (const row of json(r).components) {
      for (const c of row.components) {
        const id = 'custom_id' in c ? c.custom_id : '';
        expect(id.length).toBeLessThanOrEqual(100);
        expect(parseCustomId(id)).toBeDefined();
      }
    }
    expect(parseCustomId('v1:more:abcdefghijkl:79')).toEqual({ action: 'more', answerId: 'abcdefghijkl', page: 79 });
    expect(parseCustomId('v1:vote:abcdefghijkl:up')).toEqual({ action: 'vote', answerId: 'abcdefghijkl', vote: 'up' });
    for (const bad of ['', 'more:1', 'v1:vote:abc:up', 'v1:vote:abcdefghijkl:maybe', 'v2:more:abcdefghijkl:1', 'v1:more:../../etc:1']) {
      expect(parseCustomId(bad)).toBeUndefined();
    }
  });
});

describe('fitQuotes', () => {
  it('lets short quotes pass their share to long ones', () => {
    const out = fitQuotes(['short one', words(400)], 1, 1000);
    expect(out.length).toBeLessThanOrEqual(1000);
    expect(out).toContain('> short one **[1]**');
    expect(out.length).toBeGreaterThan(900);
  });
});

describe('renderSources and renderReindex', () => {
  const status = { builtAt: '2024-01-01T00:00:00.000Z', buildMs: 2100, documents: 2, chunks: 30, sentences: 200, warnings: [] };

  it('lists documents, and summarises when there are too many for one message', () => {
    const docs = Array.from({ length: 300 }, (_, i) => ({
      id: `doc-${i}.txt`,
      title: `Document number ${i} @everyone`,
      bytes: 2048 + i,
      paragraphs: 10,
      sentences: 30,
      chunks: 4,
      modifiedAt: '2024-01-01T00:00:00.000Z',
    }));
    const embed = renderSources(docs, status).embeds[0]!.toJSON();
    expectWithinLimits({ embeds: [embed] });
    expect(embed.title).toBe('Documents (300)');
    expect(embed.description).toMatch(/\n…and \d+ more$/);
    expect(embed.description).toContain('**Document number 0 @\u200beveryone**\n`doc-0.txt` · 2.0 KB · 10 ¶ · modified <t:1704067200:d>');
  });

  it('reports what a reindex changed, within field limits', () => {
    const added = Array.from({ length: 200 }, (_, i) => `a-rather-long-document-name-${i}.txt`);
    const embed = renderReindex({ added, removed: [], changed: ['c.txt'], unchanged: 3, embedded: 7, reused: 90, status }).embeds[0]!.toJSON();
    expect(embed.description).toBe('201 document(s) changed since the last build. 7 passage(s) embedded, 90 reused.');
    expectWithinLimits({ embeds: [embed] });
    expect(embed.fields![0]!.name).toBe('Added (200)');
    expect(embed.fields![0]!.value).toMatch(/\n…and \d+ more$/);
    expect(embed.fields![2]).toEqual({ name: 'Changed (1)', value: '`c.txt`', inline: true });
    expect(embed.footer?.text).toBe('2 documents · 30 passages · 200 sentences · built in 2.1 s');
  });
});

describe('messagesThatMayPing (the e2e check itself)', () => {
  it('flags message bodies without allowed_mentions {parse: []} and ignores other requests', async () => {
    const { messagesThatMayPing } = await import('../../e2e/helpers.js');
    const req = (method: string, route: string, body: unknown) =>
      ({ seq: 1, at: 0, method, path: `/api/v10${route}`, route, routeName: null, query: {}, headers: {}, body, files: [], status: 200, responseBody: null, injected: false }) as const;
    expect(
      messagesThatMayPing([
        req('POST', '/interactions/1/tok/callback', { type: 4, data: { content: 'hi', allowed_mentions: { parse: [] } } }),
        req('POST', '/interactions/2/tok/callback', { type: 4, data: { content: '@everyone' } }),
        req('POST', '/interactions/3/tok/callback', { type: 5, data: { flags: 0 } }),
        req('PATCH', '/webhooks/1/tok/messages/@original', { content: 'x', allowed_mentions: { parse: ['users'] } }),
        req('POST', '/channels/123/messages', { content: 'x', allowed_mentions: { parse: [], replied_user: false } }),
        req('POST', '/channels/123/typing', null),
      ]),
    ).toEqual(['POST /interactions/2/tok/callback', 'PATCH /webhooks/1/tok/messages/@original']);
  });
});
