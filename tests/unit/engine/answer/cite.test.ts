import { describe, expect, it } from 'vitest';
import { containment, fold } from '../../../../src/engine/answer/cite.js';

describe('matching a claim to document text', () => {
  it('folds case, spacing and quote styles, remembering where each character came from', () => {
    const text = 'He said:  “It’s\n  DONE.”';
    const f = fold(text);
    expect(f.text).toBe(`he said: "it's done."`);
    const at = f.text.indexOf('done');
    expect(text.slice(f.offsets[at]!, f.offsets[at + 3]! + 1)).toBe('DONE');
  });

  it('measures how much of a claim’s wording a passage holds', () => {
    expect(containment('the ferry leaves at seven', 'The ferry leaves at seven every morning.'.toLowerCase())).toBe(1);
    expect(containment('the fery leaves at sevn', 'the ferry leaves at seven every morning.')).toBeGreaterThan(0.7);
    expect(containment('sourdough bread', 'the ferry leaves at seven')).toBeLessThan(0.2);
  });
});
