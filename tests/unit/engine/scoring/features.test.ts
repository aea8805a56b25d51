import { describe, expect, it } from 'vitest';
import type { IndexData } from '../../../../src/engine/index-store.js';
import { LexicalIndex } from '../../../../src/engine/lexical.js';
import type { Passage } from '../../../../src/engine/retriever.js';
import { PASSAGE_FEATURES, passageFeatures, queryTerms } from '../../../../src/engine/scoring/features.js';
import { MatrixStore } from '../../../../src/engine/store/vector-store.js';

const TEXTS = [
  'The treaty was signed in Warsaw in 1955 by eight states.',
  'Indonesian Foreign Minister Retno Marsudi urged talks.',
  'The weather was mild that spring and the harvest was good.',
];

/** The parts of an index the features read: one chunk per sentence, BM25 statistics, chunk vectors. */
function tinyIndex(): IndexData {
  const chunkVectors = new MatrixStore(2, Float32Array.from([1, 0, 0.6, 0.8, 0, 1]));
  const partial: Pick<IndexData, 'lexical' | 'chunkVectors' | 'sentences'> = {
    lexical: LexicalIndex.build(TEXTS),
    chunkVectors,
    sentences: TEXTS.map((t, i) => ({ doc: i, paragraph: 1, start: 0, end: t.length, contextStart: 0, chunk: i })),
  };
  // The features never touch the rest of IndexData (manifest, summaries, sentence vectors).
  return partial as IndexData;
}

function passage(doc: number, dense: number, over: Partial<Passage> = {}): Passage {
  return {
    sentence: doc,
    lastSentence: doc,
    doc,
    start: 0,
    end: TEXTS[doc]!.length,
    dense,
    lexical: 0,
    matched: [],
    coverage: 0,
    typed: false,
    typeAsked: false,
    chunkBonus: 1,
    score: dense,
    ...over,
  };
}

const col = (rows: number[][], name: (typeof PASSAGE_FEATURES)[number]) => rows.map((r) => r[PASSAGE_FEATURES.indexOf(name)]!);

describe('passageFeatures', () => {
  const index = tinyIndex();
  const qvec = Float32Array.from([1, 0]);

  it('flags a proper noun or a number of the question that a passage lacks', () => {
    const q = queryTerms(index, 'When was the treaty signed in Warsaw in 1955?');
    const rows = passageFeatures(index, TEXTS, q, qvec, [passage(0, 0.8), passage(2, 0.3)]);
    expect(col(rows, 'properMissing')).toEqual([0, 1]);
    expect(col(rows, 'numberMissing')).toEqual([0, 1]);
    expect(col(rows, 'coverage')[0]).toBeGreaterThan(col(rows, 'coverage')[1]!);
    expect(col(rows, 'rareMissing')[0]).toBe(0);
  });

  it('matches a country in the question to its demonym in the passage', () => {
    const q = queryTerms(index, "What did Indonesia's foreign minister urge?");
    const rows = passageFeatures(index, TEXTS, q, qvec, [passage(1, 0.5)]);
    expect(col(rows, 'properMissing')).toEqual([0]);
  });

  it('measures dense similarity and coverage against the best candidate of the same question', () => {
    const q = queryTerms(index, 'treaty signed');
    const rows = passageFeatures(index, TEXTS, q, qvec, [passage(0, 0.8), passage(1, 0.5)]);
    expect(col(rows, 'denseToBest')[0]).toBe(0);
    expect(col(rows, 'denseToBest')[1]).toBeCloseTo(-0.3, 6);
    expect(col(rows, 'chunkDense')).toEqual([1, expect.closeTo(0.6, 6)]);
    expect(col(rows, 'coverageToBest')[0]).toBe(0);
  });

  it('ignores the capitalised first word of a question', () => {
    expect(queryTerms(index, 'Signed where was the treaty?').proper).toEqual([]);
  });
});
