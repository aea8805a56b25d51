/**
 * Structure carried from the readers to the answers, with the fake embedder: chunks and windows
 * stay inside one section, citations say where a quote is (section, page, lines), code is quoted
 * as code, and every quote is still the exact source text.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerText } from '../../../../src/cli/format.js';
import type { Answer } from '../../../../src/domain/types.js';
import type { Engine } from '../../../../src/engine/engine.js';
import { retrieve } from '../../../../src/engine/retrieval/retriever.js';
import { renderRecord } from '../../../../src/discord/render.js';
import { recordFromAnswer } from '../../../../src/discord/answer-record.js';
import { handbookPdf } from '../../../helpers/fixture-documents.js';
import { openFakeEngine, writeCorpus } from '../../../helpers/fake-engine.js';

// Two sections whose one-sentence paragraphs sit next to each other across a heading, and list
// items of one section next to a paragraph of the same section.
const GUIDE = [
  '# Server Guide',
  '',
  '## Port',
  '',
  'The server listens on port 5173 unless another port is configured.',
  '',
  '- Set strictPort to exit when the port is taken.',
  '- Set host to listen on every address.',
  '',
  '## Proxy',
  '',
  'The proxy forwards requests that match a prefix to another server.',
  '',
  '```js',
  'export default { server: { proxy: { "/api": "http://localhost:4000" } } }',
  '```',
  '',
].join('\n');

let engine: Engine;
beforeAll(async () => {
  const dir = writeCorpus({ 'guide.md': GUIDE, 'harbour.txt': 'The ferry leaves the harbour every morning at seven and returns at noon.\n' });
  writeFileSync(path.join(dir, 'handbook.pdf'), await handbookPdf());
  engine = await openFakeEngine({ CORPUS_DIR: dir });
});

const QUESTIONS = [
  'which port does the server listen on?',
  'how do I exit when the port is taken?',
  'how does the proxy forward requests?',
  'when do boats not sail?',
  'how many passengers per boat?',
];

function paragraphInfo(doc: number, paragraph: number) {
  return engine.index.paragraphs[doc]![paragraph - 1]!;
}

function expectVerbatim(a: Answer) {
  const { index } = engine;
  for (const c of a.citations) {
    const doc = index.manifest.documents.findIndex((d) => d.id === c.document);
    expect(index.texts[doc]!.slice(c.start, c.end)).toBe(c.quote);
  }
}

describe('section-aware chunks and windows', () => {
  it('keeps every chunk inside one section', () => {
    const { index } = engine;
    for (const chunk of index.chunks) {
      const doc = index.sentences[chunk.firstSentence]!.doc;
      const paths = new Set<string>();
      for (let s = chunk.firstSentence; s <= chunk.lastSentence; s++) paths.add(paragraphInfo(doc, index.sentences[s]!.paragraph).headingPath.join('/'));
      expect(paths.size).toBe(1);
    }
  });

  it('never builds a window across a section or across blocks of different kinds', async () => {
    const { index } = engine;
    let windows = 0;
    for (const q of QUESTIONS) {
      const qv = (await engine.embedder.embed([q], 'query'))[0]!;
      const r = await retrieve(index, q, qv, engine.profile, engine.scorer);
      for (const p of r.passages) {
        const a = index.sentences[p.sentence]!;
        const b = index.sentences[p.lastSentence]!;
        if (p.lastSentence !== p.sentence) windows++;
        expect(paragraphInfo(a.doc, a.paragraph).headingPath).toEqual(paragraphInfo(b.doc, b.paragraph).headingPath);
        expect(paragraphInfo(a.doc, a.paragraph).kind).toBe(paragraphInfo(b.doc, b.paragraph).kind);
      }
    }
    // The list items of "Port" are adjacent blocks of one kind and section: windows do exist.
    expect(windows).toBeGreaterThan(0);
  });
});

describe('citation locations', () => {
  it('gives Markdown quotes their section and source lines', async () => {
    const a = await engine.cite('Set strictPort to exit when the port is taken.');
    const c = a.citations.find((x) => x.document === 'guide.md')!;
    expect(c.section).toBe('Server Guide › Port');
    expect(c.kind).toBe('list-item');
    expect(c.page).toBeUndefined();
    const line = GUIDE.split('\n').indexOf('- Set strictPort to exit when the port is taken.') + 1;
    expect(c.lines).toEqual([line, line]);
    expectVerbatim(a);
  });

  it('gives PDF quotes their page', async () => {
    const a = await engine.cite('Boats do not sail when the wind exceeds force eight.');
    const c = a.citations.find((x) => x.document === 'handbook.pdf')!;
    expect(c.quote).toContain('force eight');
    expect(c.page).toBe(2);
    expect(c.lines).toBeUndefined();
    expectVerbatim(a);
  });

  it('quotes code as code in the CLI and on Discord, with its location', async () => {
    const a = await engine.cite('export default { server: { proxy: { "/api": "http://localhost:4000" } } }');
    const c = a.citations.find((x) => x.kind === 'code')!;
    expect(c.section).toBe('Server Guide › Proxy');
    expect(c.quote).toBe('export default { server: { proxy: { "/api": "http://localhost:4000" } } }');
    expectVerbatim(a);
    const only: Answer = { ...a, citations: [c] };
    expect(answerText(only)).toContain(`\`\`\`\n${c.quote}\n\`\`\``);
    const line = GUIDE.split('\n').indexOf(c.quote) + 1;
    // The page title is not repeated when it is also the top heading.
    expect(c.title).toBe('Server Guide');
    expect(answerText(only)).toContain(`Server Guide › Proxy — guide.md:${line}`);
    const embed = renderRecord(recordFromAnswer('quote', only, { id: 'r1', input: c.quote, elapsedMs: 1 })).embeds[0]!.toJSON();
    expect(embed.description).toContain('```\n> export default');
    expect(embed.fields![0]!.value).toContain(`guide.md:${line}`);
  });

  it('answers questions with verbatim quotes that carry their location', async () => {
    for (const q of QUESTIONS) {
      const a = await engine.ask(q);
      expectVerbatim(a);
      for (const c of a.citations) if (c.document !== 'handbook.pdf') expect(c.lines).toBeDefined();
    }
  });
});
