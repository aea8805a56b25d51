import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../../src/engine/engine.js';
import { fuseChunks, retrieve, topOfEach } from '../../../../src/engine/retrieval/retriever.js';
import type { LexicalHit } from '../../../../src/engine/lexical/types.js';
import { openFakeEngine, writeCorpus } from '../../../helpers/fake-engine.js';

let engine: Engine;
beforeAll(async () => {
  engine = await openFakeEngine();
});
const qvec = async (q: string) => (await engine.embedder.embed([q], 'query'))[0]!;

/** The texts of the two-sentence windows retrieval offers for `q` on a one-page corpus. */
async function windowTexts(file: string, page: string, q: string): Promise<string[]> {
  const e = await openFakeEngine({ CORPUS_DIR: writeCorpus({ [file]: page }) });
  try {
    const r = await retrieve(e.index, q, (await e.embedder.embed([q], 'query'))[0]!, e.profile, e.scorer);
    return r.passages.filter((p) => p.window).map((p) => e.index.texts[p.doc]!.slice(p.start, p.end));
  } finally {
    await e.close();
  }
}

describe('rank fusion', () => {
  it('adds reciprocal ranks of the dense chunk list and of the chunks of the keyword hits', async () => {
    const { index } = engine;
    const retrieval = { ...engine.profile.retrieval, denseK: 2 };
    const q = 'ferry harbour island';
    const v = await qvec(q);
    const dense = (await index.chunkVectors.search(v, 2)).map((h) => index.chunkPosition.get(h.id)!);
    // Keyword hits pointing at the second dense chunk's first sentence, then at a chunk dense search did not return.
    const other = index.chunks.find((c) => !dense.includes(c.id))!;
    const lex: LexicalHit[] = [
      { id: index.sentenceKeys[index.chunks[dense[1]!]!.firstSentence]!, score: 3, matched: [] },
      { id: index.sentenceKeys[other.firstSentence]!, score: 2, matched: [] },
    ];
    const fused = await fuseChunks(index, v, lex, retrieval);
    const k = retrieval.rrfK;
    expect(fused.get(dense[0]!)).toBeCloseTo(1 / (k + 1), 12);
    expect(fused.get(dense[1]!)).toBeCloseTo(1 / (k + 2) + 1 / (k + 1), 12);
    expect(fused.get(other.id)).toBeCloseTo(1 / (k + 2), 12);
    expect(fused.size).toBe(3);
  });
});

describe('candidate chunks', () => {
  it('lets the best chunk of each search compete even when fusion ranks it below the candidates', async () => {
    // Keyword search likes the rare word, dense search (bag of words here) the many shared common ones.
    const files = {
      'harbour.md': [
        '# Harbour',
        '',
        'What is the plan in the morning?',
        '',
        'The office opens in the morning.',
        '',
        'A zephyr blew.',
        '',
      ].join('\n'),
    };
    const e = await openFakeEngine({ CORPUS_DIR: writeCorpus(files) });
    const q = 'what is the zephyr in the morning';
    const v = (await e.embedder.embed([q], 'query'))[0]!;
    const retrieval = { ...e.profile.retrieval, denseK: 1, candidateChunks: 1 };
    const dense = await e.index.chunkVectors.search(v, retrieval.denseK);
    const lexical = await e.index.lexical.search(q, retrieval.lexicalK);
    const extra = topOfEach(e.index, dense, lexical, 1);
    const text = (c: number) => e.index.texts[0]!.slice(e.index.chunks[c]!.start, e.index.chunks[c]!.end);
    expect(extra.map(text)).toEqual(['What is the plan in the morning?', 'A zephyr blew.']);
    const quoted = async (topOfEachSearch: number) =>
      new Set((await retrieve(e.index, q, v, { ...e.profile, retrieval: { ...retrieval, topOfEach: topOfEachSearch } }, e.scorer)).passages.map((p) => text(e.index.sentences[p.sentence]!.chunk)));
    // Fusion alone keeps the chunk both searches found; the keyword search's best chunk joins it.
    expect(await quoted(0)).toEqual(new Set([text(extra[0]!)]));
    expect(await quoted(1)).toEqual(new Set(extra.map(text)));
    await e.close();
  });
});

describe('retrieve', () => {
  it('scores single sentences and adjacent windows of the best chunks, best first', async () => {
    const q = 'Who has commanded the ferry since 2011?';
    const r = await retrieve(engine.index, q, await qvec(q), engine.profile, engine.scorer);
    const scores = r.passages.map((p) => p.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const best = r.passages[0]!;
    // The answer sentence, alone or as either sentence of a window (the fitted ranker may prefer any of them).
    expect(engine.index.texts[best.doc]!.slice(best.start, best.end)).toMatch(/(^|\s)Captain Ilse Marlow has commanded the ferry since 2011\.($|\s)/);
    const windows = r.passages.filter((p) => p.window);
    expect(windows.length).toBeGreaterThan(0);
    for (const w of windows) {
      expect(w.lastSentence).toBe(w.sentence + 1);
      expect(engine.index.sentences[w.lastSentence]!.doc).toBe(w.doc);
    }
    for (const p of r.passages) expect(p.score).toBeCloseTo(engine.scorer.rank(p), 12);
  });

  it('runs a window from a lead-in into the command, list or code it introduces, and nowhere else across kinds', async () => {
    // Indented code blocks: nothing but blank space between the lead-in and its code.
    const page = [
      '# Console',
      '',
      'The kernel messages on the console can be limited with:',
      '',
      '    dmesg -n3',
      '',
      'If f is such a factor, you can use',
      '',
      '    as.numeric(levels(f))[f]',
      '',
      'The log files rotate every week.',
      '',
      '    logrotate --force',
      '    logrotate --debug',
      '',
    ].join('\n');
    const windows = await windowTexts('console.md', page, 'how do I limit kernel messages on the console, use a factor, rotate the log files');
    expect(windows).toContain('The kernel messages on the console can be limited with:\n\n    dmesg -n3');
    expect(windows).toContain('If f is such a factor, you can use\n\n    as.numeric(levels(f))[f]');
    // A finished sentence followed by a code listing of several lines is not a lead-in.
    expect(windows.some((w) => w.includes('rotate every week.') && w.includes('logrotate'))).toBe(false);
  });

  it('runs a window from one Markdown list item into the next, over the bullet', async () => {
    const page = [
      '# Static files',
      '',
      'Put a file in the static folder when it is:',
      '',
      '- Never imported by any module (e.g. `humans.txt`)',
      '- Kept under its own name, without a content hash',
      '',
      '1. Copied to the output folder unchanged.',
      '2. Served from the site root.',
      '',
    ].join('\n');
    const windows = await windowTexts('static.md', page, 'where does humans.txt go so it keeps its name without a hash, copied unchanged and served from the root');
    expect(windows).toContain('Never imported by any module (e.g. `humans.txt`)\n- Kept under its own name, without a content hash');
    expect(windows).toContain('Copied to the output folder unchanged.\n2. Served from the site root.');
    // The lead-in reaches its list's first item over the bullet too.
    expect(windows).toContain('Put a file in the static folder when it is:\n\n- Never imported by any module (e.g. `humans.txt`)');
  });
});
