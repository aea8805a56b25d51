import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../../../src/engine/chunking/chunker.js';
import { documentFromText } from '../../../helpers/documents.js';

const words = (n: number, w: string) => `${w[0]!.toUpperCase()}${w.slice(1)} ${Array.from({ length: n - 1 }, () => w).join(' ')}.`;
/** Whitespace tokens plus [CLS]/[SEP], like the fake embedder. */
const countTokens = (t: string) => t.split(/\s+/).filter(Boolean).length + 2;

describe('chunker', () => {
  const para1 = [words(10, 'alpha'), words(10, 'beta'), words(10, 'gamma'), words(10, 'delta')].join(' ');
  const para2 = words(12, 'omega');
  const text = `A title line\n\n${para1}\n\n${para2}\n`;
  const doc = documentFromText('doc.txt', text);

  it('keeps whole sentences of one paragraph within the token budget, overlapping one sentence', () => {
    const chunks = chunkDocument(doc, 100, 7, { maxTokens: 24, countTokens });
    const shown = chunks.map((c) => text.slice(c.start, c.end).split(' ')[0]!.toLowerCase());
    expect(shown).toEqual(['alpha', 'beta', 'gamma', 'omega']);
    expect(chunks.map((c) => [c.firstSentence, c.lastSentence])).toEqual([[100, 101], [101, 102], [102, 103], [104, 104]]);
    for (const c of chunks) expect(countTokens(text.slice(c.start, c.end)) - 2).toBeLessThanOrEqual(22);
    expect(chunks.map((c) => c.id)).toEqual([7, 8, 9, 10]);
    expect(chunks.map((c) => c.paragraph)).toEqual([1, 1, 1, 2]);
  });

  it('never joins sentences across paragraphs, even when they would fit', () => {
    const chunks = chunkDocument(doc, 0, 0, { maxTokens: 1000, countTokens });
    expect(chunks.map((c) => text.slice(c.start, c.end))).toEqual([para1, para2]);
  });

  it('gives a sentence longer than the budget a chunk of its own', () => {
    const chunks = chunkDocument(doc, 0, 0, { maxTokens: 5, countTokens });
    expect(chunks).toHaveLength(5);
  });
});

describe('context rules', () => {
  it('quotes a sentence that leans on the previous one together with it', () => {
    const text = 'Note\n\nThe council approved the new harbour budget on Friday evening. It includes money for two ferries.\n';
    const doc = documentFromText('n.txt', text);
    const [first, second] = doc.sentences;
    expect(second!.contextStart).toBe(first!.start);
    expect(first!.contextStart).toBe(first!.start);
  });

  it('reaches two sentences back when the previous sentence leans on its own predecessor, never three', () => {
    const text =
      'Note\n\nThe harbour council met the ferry operators on Friday evening in the town hall. They said fares would rise. It was the first rise in a decade. Those fares apply from May.\n';
    const doc = documentFromText('n.txt', text);
    const [s1, s2, s3, s4] = doc.sentences;
    expect(s2!.contextStart).toBe(s1!.start);
    expect(s3!.contextStart).toBe(s1!.start);
    expect(s4!.contextStart).toBe(s2!.start);
  });
});
