/**
 * The original hand-set policy (weights in RETRIEVAL and ANSWER, fitted by eye on the seed
 * articles), kept as the fallback for embedding models that have no fitted profile yet.
 */
import { ANSWER, evidence, isEvidenceStrong, preferTypedExtension } from '../answer.js';
import type { Scorer } from './types.js';

export const handTunedScorer: Scorer = {
  name: 'hand-tuned',
  quotable: (p, best, level) => isEvidenceStrong(p) && p.score >= best.score * (level === 'answer' ? ANSWER.relativeFloor : ANSWER.moreSourcesFloor),
  score({ passages }) {
    const ranked = preferTypedExtension([...passages].sort((a, b) => b.score - a.score));
    const best = ranked[0];
    // Evidence is not a probability; clipped to 0–1 it still orders questions for an AUC.
    const confidence = best ? Math.min(1, Math.max(0, evidence(best))) : 0;
    return { ranked, confidence, tier: isEvidenceStrong(best) ? 'answer' : 'none' };
  },
};
