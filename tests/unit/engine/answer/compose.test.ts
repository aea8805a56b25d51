import { beforeAll, describe, expect, it } from 'vitest';
import { composeAnswer, RELATED_MESSAGE } from '../../../../src/engine/answer/compose.js';
import type { Engine } from '../../../../src/engine/engine.js';
import { retrieve, type Retrieval } from '../../../../src/engine/retrieval/retriever.js';
import { handTunedScorer } from '../../../../src/engine/scoring/hand-tuned.js';
import type { Scorer } from '../../../../src/engine/scoring/types.js';
import { openFakeEngine } from '../../../helpers/fake-engine.js';

let engine: Engine;
let r: Retrieval;
// Composition is tested on the hand-tuned ranking: its scores spread evenly on the fake embedder,
// so the relative quote floors leave several passages to compose from.
let ranking: Scorer;
const question = 'ferry harbour island storms winter weekdays';
beforeAll(async () => {
  engine = await openFakeEngine();
  const [v] = await engine.embedder.embed([question], 'query');
  ranking = handTunedScorer(engine.profile);
  r = await retrieve(engine.index, question, v!, engine.profile, ranking);
});

/** A scorer with the engine's ranking and a fixed decision. */
const deciding = (tier: 'answer' | 'none'): Scorer => ({ ...ranking, name: tier, confidence: () => 1, tier: () => tier });
const compose = (scorer: Scorer, limit?: number) =>
  composeAnswer(engine.index, question, r.passages, r.chunks, { profile: engine.profile, scorer, sentenceVectors: r.sentenceVectors, limit });

describe('composing an answer', () => {
  it('abstains when the scorer says so, suggesting documents in chunk rank order', () => {
    const a = compose(deciding('none'));
    expect(a).toMatchObject({ answered: false, citations: [] });
    expect(a.suggestions[0]!.document).toBe(engine.index.chunks[r.chunks[0]!]!.document);
    expect(new Set(a.suggestions.map((s) => s.document)).size).toBe(a.suggestions.length);
  });

  it('offers the best passage as related when the scorer judges it on topic, and extra passages only on their own confidence', () => {
    // On topic when shown the passage; judged on confidence alone (the extra passages), not worth it.
    const topical: Scorer = { ...ranking, name: 'topical', confidence: () => 0, tier: (_c, p) => (p ? 'related' : 'none') };
    const a = compose(topical, 9);
    expect(a).toMatchObject({ answered: false, tier: 'related', message: RELATED_MESSAGE });
    expect(a.citations.map((c) => c.start)).toEqual([r.passages[0]!.start]);
    const offTopic: Scorer = { ...topical, tier: () => 'none' };
    expect(compose(offTopic)).toMatchObject({ answered: false, tier: 'none', citations: [] });
  });

  it('quotes verbatim, never overlapping itself, up to the limit', () => {
    const a = compose(deciding('answer'), 9);
    expect(a.answered).toBe(true);
    expect(a.citations.length).toBeGreaterThan(1);
    expect(a.citations.length).toBeLessThanOrEqual(9);
    for (const c of a.citations) {
      const doc = engine.index.manifest.documents.findIndex((d) => d.id === c.document);
      expect(engine.index.texts[doc]!.slice(c.start, c.end)).toBe(c.quote);
    }
    for (const [i, c] of a.citations.entries()) {
      for (const d of a.citations.slice(i + 1)) expect(c.document === d.document && c.start < d.end && d.start < c.end).toBe(false);
    }
    expect(compose(deciding('answer'), 1).citations).toHaveLength(1);
  });

  it('shows at most the profile’s quotes by default, the best passage first', () => {
    const a = compose(deciding('answer'));
    expect(a.citations.length).toBeLessThanOrEqual(engine.profile.answer.maxQuotes);
    expect(a.citations[0]!.score).toBe(Math.round(r.passages[0]!.score * 1000) / 1000);
  });

  it('cites both paragraphs of a quote that runs into the next one, and only then', () => {
    const sentences = engine.index.sentences;
    const crossing = r.passages.find((p) => sentences[p.lastSentence]!.paragraph !== sentences[p.sentence]!.paragraph);
    const within = r.passages.find((p) => sentences[p.lastSentence]!.paragraph === sentences[p.sentence]!.paragraph);
    expect(crossing).toBeDefined();
    const one = (p: typeof crossing) =>
      composeAnswer(engine.index, question, [p!], r.chunks, { profile: engine.profile, scorer: deciding('answer'), sentenceVectors: r.sentenceVectors }).citations[0]!;
    const c = one(crossing);
    expect([c.paragraph, c.lastParagraph]).toEqual([sentences[crossing!.sentence]!.paragraph, sentences[crossing!.lastSentence]!.paragraph]);
    expect(one(within).lastParagraph).toBeUndefined();
  });
});
