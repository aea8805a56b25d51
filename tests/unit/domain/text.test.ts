import { describe, expect, it } from 'vitest';
import { foldChar, foldText, wordCount } from '../../../src/domain/text.js';
import { dot, normalize } from '../../../src/domain/vector.js';

describe('the text normaliser', () => {
  it('ignores case, spacing, quote styles and dashes', () => {
    expect(foldText('  “It’s  OK” —\n said she ')).toBe(`"it's ok" - said she`);
    expect(foldChar('’')).toBe("'");
    expect(foldChar('É')).toBe('é');
  });

  it('folds accents, apostrophes and punctuation only when asked', () => {
    expect(foldText('Café’s menu!')).toBe("café's menu!");
    expect(foldText('Café’s menu!', { accents: true, dropApostrophes: true, punctuationToSpace: true })).toBe('cafes menu');
  });

  it('counts words separated by any whitespace', () => {
    expect(wordCount('  one\ttwo\n three ')).toBe(3);
    expect(wordCount('')).toBe(0);
  });
});

describe('vector math', () => {
  it('normalises to unit length in place and leaves a zero vector alone', () => {
    const v = Float32Array.of(3, 4);
    expect(normalize(v)).toBe(v);
    expect(Array.from(v)).toEqual([0.6000000238418579, 0.800000011920929]);
    expect(Array.from(normalize(new Float32Array(2)))).toEqual([0, 0]);
    expect(dot(Float32Array.of(1, 2), Float32Array.of(3, -1))).toBe(1);
  });
});
