import { describe, expect, it } from 'vitest';
import { PASSAGE_FEATURES } from '../../../../src/engine/scoring/fitted.js';
import { profileFor, PROFILES } from '../../../../src/engine/scoring/profile.js';
import { createScorer } from '../../../../src/engine/scoring/registry.js';

// Every model EMBEDDING_MODEL can select ships its own profile; a refit or a hand edit that breaks
// one would only show when someone switches models, so each is loaded here as the engine would.
describe.each(Object.keys(PROFILES))('scoring profile of %s', (modelId) => {
  const p = profileFor(modelId);

  it('is its own (not the fallback) and builds its scorer', () => {
    expect(p.model).toBe(modelId);
    expect(p.scorer).toBe('fitted');
    expect(() => createScorer(p)).not.toThrow();
  });

  it('has a topic model, ordered tiers and validation metrics written by its fit', () => {
    expect(p.fitted?.topic).toBeDefined();
    expect(p.fitted!.tiers.related).toBeLessThanOrEqual(p.fitted!.tiers.answer);
    expect(p.fitted!.ranker.features.every((n) => (PASSAGE_FEATURES as readonly string[]).includes(n))).toBe(true);
    expect(Object.keys(p.fitted!.metrics).filter((k) => k.endsWith('-validation')).length).toBeGreaterThan(0);
  });

  it('carries the summary profile the engine reads for document summaries', () => {
    expect(p.summary.document).toBeDefined();
  });
});
