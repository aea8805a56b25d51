/**
 * Every model in the embedder's table can be switched to with EMBEDDING_MODEL and gets numbers
 * fitted for its own similarity scale, not MiniLM's borrowed ones.
 */
import { describe, expect, it } from 'vitest';
import { MODEL_SPECS } from '../../../../src/engine/embedders/models.js';
import { KNOWN_FEATURES } from '../../../../src/engine/scoring/fitted.js';
import { PROFILES, profileFor } from '../../../../src/engine/scoring/profile.js';
import { createScorer } from '../../../../src/engine/scoring/registry.js';

describe('embedding model table', () => {
  it.each(Object.keys(MODEL_SPECS))('%s has its own fitted scoring profile, over features the scorer knows', (id) => {
    expect(PROFILES[id]).toBeDefined();
    const p = profileFor(id);
    expect(p.model).toBe(id);
    expect(p.scorer).toBe('fitted');
    // Profiles name the features they were fitted on: one fitted before a feature was added stays usable.
    for (const part of ['ranker', 'abstention'] as const) {
      expect(p.fitted![part].features.length).toBeGreaterThan(0);
      expect(p.fitted![part].features.filter((n) => !KNOWN_FEATURES[part].has(n))).toEqual([]);
      expect(p.fitted![part].weights).toHaveLength(p.fitted![part].features.length);
    }
    expect(createScorer(p).name).toBe('fitted');
  });

  it('prefixes end with a space, so they never glue onto the first word of a text', () => {
    for (const s of Object.values(MODEL_SPECS)) for (const prefix of [s.queryPrefix, s.documentPrefix].filter(Boolean)) expect(prefix).toMatch(/ $/);
  });
});
