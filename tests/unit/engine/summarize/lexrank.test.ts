import { describe, expect, it } from 'vitest';
import { FakeEmbedder } from '../../../../src/engine/embedders/fake.js';
import { lexRankSummarizer } from '../../../../src/engine/summarize/lexrank.js';
import { profileFor } from '../../../../src/engine/scoring/profile.js';
import { createSummarizer } from '../../../../src/engine/summarize/registry.js';

const profile = profileFor('fake/hashed-bow');
const summarizer = lexRankSummarizer(profile.summary);
const embedder = new FakeEmbedder();

/** A document of one sentence per paragraph, with its sentence spans and fake vectors. */
async function input(sentences: string[]) {
  let text = '';
  const spans = sentences.map((s, i) => {
    if (i) text += '\n\n';
    const start = text.length;
    text += s;
    return { start, end: text.length, contextStart: start, paragraph: i + 1 };
  });
  return { text, sentences: spans, vectors: await embedder.embed(sentences, 'document') };
}

describe('LexRank document summaries', () => {
  it('picks central sentences first and never the same point twice', async () => {
    const doc = await input([
      'The harbour ferry carries passengers to the island every morning.',
      'The harbour ferry carries passengers to the island every morning.',
      'Passengers on the island ferry buy tickets at the harbour office.',
      'A bakery near the station sells sourdough bread on Sundays only.',
      'The island ferry and the harbour office close during winter storms.',
    ]);
    const picks = summarizer.rankDocument(doc);
    expect(new Set(picks).size).toBe(picks.length);
    expect(picks.includes(0) && picks.includes(1)).toBe(false);
    expect(picks.indexOf(3)).toBe(picks.length - 1);
  });

  it('leaves out questions and sentences that need their predecessor, when it can', async () => {
    const doc = await input([
      'The council approved the harbour budget for the coming year.',
      'Why did the council wait so long before approving the budget?',
      'The budget pays for two new ferries and a longer pier.',
      'Repairs to the old pier will start in the spring after the storms.',
    ]);
    expect(summarizer.rankDocument(doc)).not.toContain(1);
  });
});

describe('LexRank topic summaries', () => {
  it('keeps only sentences on the topic, spread over documents, without overlapping quotes', async () => {
    const texts = [
      'The harbour ferry leaves for the island every morning at seven.',
      'The island ferry leaves the harbour again every evening at six.',
      'Sourdough bread needs a starter that ferments for five days.',
    ];
    const vectors = await embedder.embed(texts, 'document');
    const candidates = texts.map((text, i) => ({ doc: i, start: 0, end: text.length, contextStart: 0, paragraph: 1, text, vector: vectors[i]! }));
    const [q] = await embedder.embed(['harbour ferry island every'], 'query');
    const picks = summarizer.rankTopic(q!, candidates, 6);
    expect(picks.sort()).toEqual([0, 1]);
    expect(summarizer.rankTopic(q!, [candidates[2]!], 6)).toEqual([]);
  });

  it('is registered (the default is the salient summarizer, whose topic summaries are these)', () => {
    expect(createSummarizer(profile, 'lexrank').name).toBe('lexrank');
    expect(createSummarizer(profile).name).toMatch(/^salient-v\d+:/);
    expect(() => createSummarizer(profile, 'nope')).toThrow(/unknown summarizer "nope"/);
  });
});
