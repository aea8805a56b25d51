/**
 * Scoring profile: every tuned number of retrieval, ranking, abstention, citing and summaries,
 * for ONE embedding model (scores of different models live on different scales). Profiles are
 * data files in `profiles/`, validated here; a script that fits numbers writes such a file.
 * A new model is one JSON file plus one line in PROFILES.
 */
import { z } from 'zod';
import { log } from '../../bootstrap/logger.js';
import { logisticModelSchema } from './logistic.js';
import { documentSummaryProfileSchema } from '../summarize/profile.js';
import miniLm from './profiles/all-MiniLM-L6-v2.json' with { type: 'json' };
import bgeSmall from './profiles/bge-small-en-v1.5.json' with { type: 'json' };
import e5Small from './profiles/e5-small-v2.json' with { type: 'json' };

const share = z.number().min(0).max(1);
const weight = z.number().min(0);
const count = z.number().int().positive();

const logisticModel = logisticModelSchema(z.string());

/** Written by `npm run train-scorer` (scripts/train-scorer.ts), never by hand. */
const fittedSection = z.object({
  /** P(passage holds the answer), over PASSAGE_FEATURES (scoring/fitted.ts). */
  ranker: logisticModel,
  /**
   * P(passage holds the answer) fitted pointwise over the ranker's candidates: its logit is
   * comparable across questions, which the listwise ranker's is not (a softmax is shift-invariant
   * per question), so the abstention reads it for the ranker's best passage and its runner-up.
   * Optional: older profiles have none, and their abstention reads the ranker's logit.
   */
  evidence: logisticModel.optional(),
  /** P(the best passage answers the question) over ANSWER_FEATURES; unanswerable questions are negatives. */
  abstention: logisticModel,
  /** P(the question is about what the passage is about) over TOPIC_FEATURES; off-topic questions are negatives. Optional: older profiles have none. */
  topic: logisticModel.optional(),
  tiers: z
    .object({
      /** Confidence from which the best passages are quoted as the answer. */
      answer: share,
      /** Confidence from which a passage beyond the first is offered, and (profiles without a topic model) from which the first is offered as related. */
      related: share,
      /** With a topic model: P(on topic) from which passages below the answer threshold are offered as related, not "not found". */
      topic: share.optional(),
    })
    .refine((t) => t.related <= t.answer, { message: 'tiers.related must not exceed tiers.answer' }),
  training: z.object({
    command: z.string(),
    train: z.array(z.string()),
    validation: z.array(z.string()),
    l2: z.number(),
    /** How the answer tier's threshold was set (scoring/thresholds.ts), e.g. answered:0.9. Optional: older profiles used youden. */
    thresholdRule: z.string().optional(),
    /** Folds of the out-of-fold ranker logits the abstention was fitted on (scoring/out-of-fold.ts); absent or 0: in-sample. */
    folds: z.number().int().nonnegative().optional(),
    examples: z.record(z.string(), z.number()),
  }),
  /** Metrics per split, e.g. {"squad-validation": {"hitAt1": 0.86, ...}}. */
  metrics: z.record(z.string(), z.record(z.string(), z.number())),
});

export const scoringProfileSchema = z.object({
  /** Embedding model the numbers were tuned or fitted for. */
  model: z.string(),
  /** Scorer implementation (see scoring/registry.ts). */
  scorer: z.string(),
  notes: z.string().optional(),
  retrieval: z.object({
    /** Dense candidates taken from the vector store. */
    denseK: count,
    /** Lexical (sentence) hits considered. */
    lexicalK: count,
    /** Reciprocal rank fusion constant (the usual 60). */
    rrfK: weight,
    /** Fused chunks whose sentences compete for quotes. */
    candidateChunks: count,
    /**
     * The best chunks of each search alone that join the candidates even when fusion ranks them
     * lower: a chunk that only one search finds (a table row that shares no word with the
     * question, a sentence whose chunk the model reads as off-topic) loses to every chunk both
     * searches find, however high one of them ranks it. 0 = fusion alone decides.
     */
    topOfEach: z.number().int().nonnegative().default(0),
  }),
  ranking: z.object({
    /** Weight of the passage's BM25 score (normalised to the best hit) in its final score. */
    lexicalWeight: weight,
    /** Weight of the chunk's fused rank in its passages' final score. */
    chunkWeight: weight,
    /** Bonus for a passage holding the kind of fact the question asks for (a name for "who"…). */
    typeBonus: weight,
    /** Cost of quoting two sentences instead of one. */
    windowPenalty: weight,
  }),
  evidence: z.object({
    /** Below this the answer is "not found in the documents". */
    minEvidence: z.number(),
    coverageWeight: weight,
    typedWeight: weight,
    /** A "who"/"when"/"how many" question whose best passage holds no name/time/number. */
    untypedPenalty: weight,
  }),
  answer: z.object({
    /** Quotes in an answer unless the caller asks for more (e.g. to page through sources). */
    maxQuotes: count,
    /** Quotes after the first must score at least this share of the first. */
    relativeFloor: share,
    /** How much lower a typed extension of the best passage may score and still replace it. */
    extensionMargin: weight,
    /** Two sentences this similar say the same thing: show one. */
    duplicateCosine: share,
  }),
  cite: z.object({
    /** Citations returned unless the caller asks for more. */
    maxCitations: count,
    /** Share of the claim's character trigrams found in a passage for a near-exact match. */
    nearExact: share,
    /** Cosine similarity for a passage to count as semantic support. */
    minSemantic: z.number(),
    /** Semantic matches after the first must reach this share of the first one's score. */
    relativeFloor: share,
  }),
  fitted: fittedSection.optional(),
  summary: z.object({
    /** PageRank damping and iterations for LexRank. */
    damping: share,
    iterations: count,
    /** Up to this share extra for the first paragraph, fading to 0 at the end of the document. */
    leadBias: weight,
    /** MMR trade-off between centrality (or relevance) and novelty. */
    mmrLambda: share,
    /** Sentences more similar than this to one already picked repeat it. */
    redundancy: z.number(),
    /** Sentences shorter than this rarely carry a point on their own. */
    minWords: count,
    /** Topic summaries: sentences below this similarity to the topic are off-topic. */
    minTopicRelevance: z.number(),
    /** Topic summaries: penalty per sentence already taken from the same document (spreads sources). */
    sameDocumentPenalty: weight,
    /** Document summaries (summarize/profile.ts), fitted by scripts/fit-summary.ts; a model without one uses the default model's. */
    document: documentSummaryProfileSchema.optional(),
  }),
});
export type ScoringProfile = z.infer<typeof scoringProfileSchema>;
export type FittedSection = z.infer<typeof fittedSection>;

/** Profiles by embedding model id. */
export const PROFILES: Readonly<Record<string, unknown>> = {
  'Xenova/all-MiniLM-L6-v2': miniLm,
  'Xenova/bge-small-en-v1.5': bgeSmall,
  'Xenova/e5-small-v2': e5Small,
};

export const DEFAULT_PROFILE_MODEL = 'Xenova/all-MiniLM-L6-v2';

const cache = new Map<string, ScoringProfile>();

function parse(modelId: string, data: unknown): ScoringProfile {
  const parsed = scoringProfileSchema.safeParse(data);
  if (!parsed.success) {
    throw new Error(`scoring profile for ${modelId} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/**
 * The profile tuned for `modelId`. A model without one gets the default model's numbers, with a
 * warning: its scores are on another scale, so answers and abstentions will be off until a
 * profile is fitted for it (test embedders, which are not judged on quality, are not warned about).
 */
export function profileFor(modelId: string): ScoringProfile {
  let p = cache.get(modelId);
  if (p) return p;
  const own = PROFILES[modelId];
  if (own === undefined && !modelId.startsWith('fake/')) {
    log.warn(`no scoring profile for ${modelId}: using the one tuned for ${DEFAULT_PROFILE_MODEL} (add one in src/engine/scoring/profiles/)`);
  }
  p = parse(modelId, own ?? PROFILES[DEFAULT_PROFILE_MODEL]);
  cache.set(modelId, p);
  return p;
}
