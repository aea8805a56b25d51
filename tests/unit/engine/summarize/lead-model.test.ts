import { describe, expect, it } from 'vitest';
import { profileFor, scoringProfileSchema } from '../../../../src/engine/scoring/profile.js';
import { documentSummaryProfile } from '../../../../src/engine/summarize/document-summaries.js';
import { leadFeatures, leadProbabilities, selectLead, speechFeatures } from '../../../../src/engine/summarize/lead-model.js';
import { documentSummaryProfileSchema, LEAD_FEATURES } from '../../../../src/engine/summarize/profile.js';
import { prepare, quoteSpans, type SummaryInput, type SummaryUnit } from '../../../../src/engine/summarize/salient.js';
import { documentFromText } from '../../../helpers/documents.js';

/** Unit vectors chosen per test: sentences are alike only when a test says so. */
function basis(i: number, dim = 16): Float32Array {
  const v = new Float32Array(dim);
  v[i % dim] = 1;
  return v;
}

function input(sentences: string[], vector: (i: number) => Float32Array = basis): SummaryInput {
  const text = sentences.join(' ');
  const units: SummaryUnit[] = documentFromText('doc.txt', text).sentences.map((s) => ({ ...s }));
  return { text, units, vectors: units.map((_, i) => vector(i)) };
}

const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
const shownWords = (d: SummaryInput, picks: number[]) => quoteSpans(d.units, picks).reduce((a, q) => a + words(d.text.slice(q.start, q.end)), 0);
const opts = (over: Partial<Parameters<typeof selectLead>[3]> = {}) => ({ budget: { words: 40, sentences: 3 }, lengthPenalty: 0, searched: 8, window: null, fill: false, redundancyMax: 0.9, ...over });

describe('lead model: features', () => {
  it('gives every LEAD_FEATURE of every candidate, with rank-based position', () => {
    const d = input(['The first sentence of this story says what happened today.', 'A second sentence adds a detail about it all.', 'A third sentence closes the story for good now.']);
    const p = prepare(d, 4, true);
    const f = leadFeatures(d.text, p, [1, 0.5, 0]);
    expect(f).toHaveLength(3);
    for (const row of f) expect(Object.keys(row).sort()).toEqual([...LEAD_FEATURES].sort());
    expect(f.map((r) => r.inverseRank)).toEqual([1, 1 / 2, 1 / 3]);
    expect(f[0]!.leadSimilarity).toBeCloseTo(1);
    expect(f[1]!.leadSimilarity).toBeCloseTo(0);
  });

  it('tells direct and reported speech, names and numbers from plain news', () => {
    const news = speechFeatures('The harbour bridge will close next week for repairs.');
    expect(news).toEqual({ quoteShare: 0, attribution: 0, nameShare: 0, numberShare: 0 });
    const speech = speechFeatures('"We will not be able to open it again before spring," the mayor said.');
    expect(speech.quoteShare).toBeGreaterThan(0.6);
    expect(speech.attribution).toBe(1);
    // A curly quotation left open runs to the end of the sentence.
    expect(speechFeatures('“The works will take eighteen months.').quoteShare).toBeGreaterThan(0.9);
    const detail = speechFeatures('Mayor Anne Hart said 40 ferries and 1,200 staff would run from Monday.');
    // 13 words; "Mayor" opens the sentence, so Anne, Hart and Monday count as names.
    expect(detail.nameShare).toBeCloseTo(3 / 13);
    expect(detail.numberShare).toBeCloseTo(2 / 13);
  });

  it('measures how much of a sentence the first candidate already mentions', () => {
    const d = input(['The harbour bridge in Portsmouth will close next week for repairs.', 'Repairs to the Portsmouth harbour bridge will cost forty million.', 'Ferries will carry commuters during the works.']);
    const f = leadFeatures(d.text, prepare(d, 4, true), [0, 0, 0]);
    expect(f[0]!.firstOverlap).toBe(1);
    expect(f[1]!.firstOverlap).toBeGreaterThan(0.5);
    expect(f[2]!.firstOverlap).toBe(0);
  });

  it('scores a sentence at build time with the same features the fit saw', () => {
    // The fit reads every feature (leadFeatures); the build computes only the model's (leadProbabilities).
    const d = input(['"We will not reopen the bridge before spring," the mayor said on Monday.', 'The harbour bridge in Portsmouth closes next week.', 'Repairs to the Portsmouth bridge will cost 40 million pounds.']);
    const p = prepare(d, 4, true);
    const centrality = [0.2, 1, 0.4];
    const features = ['inverseRank', 'quoteShare', 'attribution', 'numberShare', 'firstOverlap', 'centrality'] as const;
    const model = { features: [...features], mean: features.map(() => 0), scale: features.map(() => 1), weights: [1, -2, -1, 3, 0.5, 1], bias: -1 };
    const expected = leadFeatures(d.text, p, centrality).map((f) => 1 / (1 + Math.exp(-(model.bias + features.reduce((z, name, i) => z + model.weights[i]! * f[name], 0)))));
    const prob = leadProbabilities(d.text, p, centrality, model);
    prob.forEach((x, k) => expect(x).toBeCloseTo(expected[k]!, 10));
    // Direct speech costs the first sentence its lead.
    expect(prob[0]!).toBeLessThan(prob[1]!);
  });

  it('probabilities follow the fitted position prior: the first sentence is the likeliest', () => {
    const profile = documentSummaryProfile();
    const d = input(Array.from({ length: 12 }, (_, i) => `Sentence number ${i + 1} of the story tells the reader one more plain fact.`));
    const p = prepare(d, profile.minWords, true);
    const prob = leadProbabilities(d.text, p, new Array(p.candidates.length).fill(0.5), profile.lead.model);
    expect(prob.every((x) => x > 0 && x < 1)).toBe(true);
    expect(prob.indexOf(Math.max(...prob))).toBe(0);
    expect(prob[0]!).toBeGreaterThan(prob[11]!);
  });
});

describe('lead model: best subset within the budget', () => {
  const sentences = [
    'Officials in the port city confirmed late on Monday night that the long planned harbour bridge closure will begin next week and last for well over a year of repairs.', // 32 words
    'Repairs to the bridge will cost forty million dollars in total.',
    'Ferries will carry commuters across the harbour during the works.',
    'The city council meets again on Thursday to set the fares.',
  ];

  it('prefers two likely short sentences over one long one that fills the budget alone', () => {
    const d = input(sentences);
    const p = prepare(d, 4, true);
    expect(p.words).toEqual([30, 11, 10, 11]);
    const picks = selectLead(d.text, p, [0.6, 0.5, 0.5, 0.2], opts());
    expect(picks).toEqual([1, 2, 3]);
    expect(shownWords(d, picks)).toBeLessThanOrEqual(40);
    // With room for both, the long sentence is in.
    expect(selectLead(d.text, p, [0.6, 0.5, 0.5, 0.2], opts({ budget: { words: 52, sentences: 3 } }))).toEqual([0, 1, 2]);
  });

  it('stays within the word and sentence budget, in document order, and leaves out a sentence repeating a picked one', () => {
    const d = input(sentences, (i) => basis(i === 2 ? 1 : i));
    const p = prepare(d, 4, true);
    const picks = selectLead(d.text, p, [0.9, 0.8, 0.7, 0.2], opts({ budget: { words: 60, sentences: 2 } }));
    expect(picks).toEqual([0, 1]);
    const three = selectLead(d.text, p, [0.1, 0.8, 0.7, 0.2], opts({ budget: { words: 60, sentences: 3 } }));
    expect(three).toContain(1);
    expect(three).not.toContain(2);
    expect([...three].sort((a, b) => a - b)).toEqual(three);
  });

  it('counts a dependent sentence with its context unless that one is picked, and never shows a sentence twice', () => {
    const d = input(['The mayor announced that the harbour bridge will close next week for repairs.', 'He said the work would take eighteen months.', 'Ferries will carry commuters across the harbour during the works.']);
    expect(d.units[1]!.contextStart).toBe(d.units[0]!.start);
    const p = prepare(d, 4, true);
    const both = selectLead(d.text, p, [0.5, 0.5, 0.1], opts({ budget: { words: 22, sentences: 3 } }));
    expect(both).toEqual([0, 1]);
    expect(shownWords(d, both)).toBe(words(d.text.slice(d.units[0]!.start, d.units[1]!.end)));
    // Alone, the dependent sentence costs its context's words too: it no longer fits next to the third.
    const alone = selectLead(d.text, p, [0, 0.5, 0.45], opts({ budget: { words: 15, sentences: 3 } }));
    expect(alone).toEqual([2]);
  });

  it('draws only on the first `window` candidates, and with `fill` gives unused words to the likeliest later sentence that fits', () => {
    const d = input(sentences);
    const p = prepare(d, 4, true);
    const prob = [0.6, 0.5, 0.2, 0.55];
    // Without a window the likely fourth sentence beats the third; with a window of three it cannot be picked.
    expect(selectLead(d.text, p, prob, opts({ budget: { words: 60, sentences: 3 } }))).toEqual([0, 1, 3]);
    expect(selectLead(d.text, p, prob, opts({ budget: { words: 60, sentences: 3 }, window: 3 }))).toEqual([0, 1, 2]);
    // Long lead sentences: a window of one leaves two sentences and 30 words unused.
    expect(selectLead(d.text, p, prob, opts({ budget: { words: 60, sentences: 3 }, window: 1 }))).toEqual([0]);
    const filled = selectLead(d.text, p, prob, opts({ budget: { words: 60, sentences: 3 }, window: 1, fill: true }));
    expect(filled).toEqual([0, 1, 3]);
    expect(shownWords(d, filled)).toBeLessThanOrEqual(60);
    // Filling respects the word budget: only one more sentence fits in 45 words.
    expect(selectLead(d.text, p, prob, opts({ budget: { words: 45, sentences: 3 }, window: 1, fill: true }))).toEqual([0, 3]);
  });

  it('gives a document of over-budget sentences its likeliest one', () => {
    const d = input([`Word ${'word '.repeat(50).trim()} ends here.`, `Other ${'other '.repeat(50).trim()} ends too.`]);
    expect(d.units).toHaveLength(2);
    const p = prepare(d, 4, true);
    expect(selectLead(d.text, p, [0.2, 0.7], opts())).toEqual([1]);
  });
});

describe('summary profile in the scoring profile', () => {
  it('the default model has one, and it validates', () => {
    const own = profileFor('Xenova/all-MiniLM-L6-v2').summary.document;
    expect(own).toBeDefined();
    expect(documentSummaryProfileSchema.safeParse(own).success).toBe(true);
    expect(documentSummaryProfile(profileFor('fake/hashed-bow'))).toEqual(own);
  });

  it('rejects a budget past what readers expect, and a feature the model does not know', () => {
    const own = profileFor('Xenova/all-MiniLM-L6-v2');
    const doc = own.summary.document!;
    const bad = { ...own, summary: { ...own.summary, document: { ...doc, budgets: { ...doc.budgets, short: { words: 90, sentences: 3 } } } } };
    expect(scoringProfileSchema.safeParse(bad).success).toBe(false);
    const unknown = { ...doc, lead: { ...doc.lead, model: { ...doc.lead.model, features: doc.lead.model.features.map((f, i) => (i === 0 ? 'magic' : f)) } } };
    expect(documentSummaryProfileSchema.safeParse(unknown).success).toBe(false);
  });
});
