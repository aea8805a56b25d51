import { describe, expect, it } from 'vitest';
import { passageFeatures, questionFeatures, type PassageInput } from '../../../../src/engine/scoring/features.js';

const IDF_ABSENT = 5;

/** Question features with hand-set IDFs (stems as the lexical index makes them). */
function question(text: string, idf: Record<string, number>) {
  return questionFeatures(text, Float32Array.from([1, 0]), new Map(Object.entries(idf)), [], IDF_ABSENT);
}

function input(text: string, over: Partial<PassageInput> = {}): PassageInput {
  return { text, vector: Float32Array.from([1, 0]), hits: [], chunkBonus: 1, window: false, chunkVector: Float32Array.from([0.6, 0.8]), ...over };
}

describe('passageFeatures (corpus-independent part)', () => {
  it('flags a name or a number of the question that the passage lacks', () => {
    const q = question('When was the treaty signed in Warsaw in 1955?', { treati: 2, sign: 1, warsaw: 4, 1955: 4 });
    const has = passageFeatures(q, input('The treaty was signed in Warsaw in 1955 by eight states.'));
    const lacks = passageFeatures(q, input('The treaty was signed in Prague in 1956 by eight states.'));
    expect([has.properMissing, has.numberMissing, has.rareMissing]).toEqual([0, 0, 0]);
    expect([lacks.properMissing, lacks.numberMissing]).toEqual([1, 1]);
    expect(lacks.rareMissing).toBeCloseTo(4 / IDF_ABSENT, 9);
    expect(has.textCoverage).toBe(1);
    expect(lacks.textCoverage).toBeCloseTo(3 / 11, 9);
  });

  it('matches a country in the question to its demonym in the passage', () => {
    const q = question("What did Indonesia's foreign minister urge?", { indonesia: 4, foreign: 2, minist: 2, urg: 2 });
    const f = passageFeatures(q, input('Indonesian Foreign Minister Retno Marsudi urged talks.'));
    expect(f.properMissing).toBe(0);
    expect(f.textCoverage).toBe(1);
  });

  it('ignores the capitalised first word of a question', () => {
    expect(question('Signed where was the treaty?', {}).proper).toEqual([]);
  });

  it('measures similarity to the chunk and counts words', () => {
    const f = passageFeatures(question('treaty', { treati: 1 }), input('One two three four.'));
    expect(f.chunkDense).toBeCloseTo(0.6, 6);
    expect(f.words).toBe(4);
  });
});
