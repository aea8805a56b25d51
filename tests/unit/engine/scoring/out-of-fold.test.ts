import { describe, expect, it } from 'vitest';
import { outOfFold } from '../../../../src/engine/scoring/out-of-fold.js';

// Items are questions tagged with their document; the "model" is the set of documents it was fitted on.
const items = ['a1', 'a2', 'b1', 'c1', 'c2', 'c3', 'd1', 'e1'].map((id) => ({ id, doc: id[0]! }));
const fitDocs = (training: readonly { doc: string }[]) => new Set(training.map((x) => x.doc));

describe('outOfFold', () => {
  it("gives every item a model fitted without its own document, and with every other fold's", () => {
    const models = outOfFold(items, (x) => x.doc, 3, fitDocs);
    expect(models.size).toBe(items.length);
    for (const item of items) {
      const seen = models.get(item)!;
      expect(seen.has(item.doc)).toBe(false);
      // Only its own fold is held out: with 5 documents in 3 folds, at least 3 others are seen.
      expect(seen.size).toBeGreaterThanOrEqual(3);
    }
    // Questions of one document share one model (the document is never split across folds).
    expect(models.get(items[3]!)).toBe(models.get(items[5]!));
  });

  it('fits one model per fold, deterministically', () => {
    let fits = 0;
    const first = outOfFold(items, (x) => x.doc, 2, (t) => (fits++, fitDocs(t)));
    expect(fits).toBe(2);
    const again = outOfFold(items, (x) => x.doc, 2, fitDocs);
    for (const item of items) expect([...again.get(item)!].sort()).toEqual([...first.get(item)!].sort());
  });

  it('refuses fewer than 2 folds or more folds than documents, with one clear line', () => {
    expect(() => outOfFold(items, (x) => x.doc, 1, fitDocs)).toThrow(/at least 2 folds/);
    expect(() => outOfFold(items, (x) => x.doc, 6, fitDocs)).toThrow(/5 groups, 6 folds/);
  });
});
