/**
 * The fitted scorer: a logistic-regression ranker gives each passage the probability that it
 * holds the answer, and a second, calibrated model gives the probability that the first passage
 * answers the question (from how good it is and how clearly it beats the runner-up). That
 * confidence decides whether to answer; below the answer threshold, a third model, P(the passage
 * is on the question's topic), tells related passages (the documents are about this but do not
 * say it) from not found (they are about something else). Thresholds are set on training questions. Weights,
 * thresholds and the validation metrics they reached live in the profile's `fitted` section,
 * written by `npm run train-scorer`.
 */
import { logit, sigmoid } from './logistic.js';
import type { FittedSection, ScoringProfile } from './profile.js';
import type { AnswerTier, PassageFeatures, Scorer } from './types.js';

/**
 * Every passage feature a ranker may read, by name. A profile's ranker lists the names it was
 * fitted on, so a profile fitted before a feature was added (or for another embedding model)
 * keeps working: each model reads its own columns.
 */
export const PASSAGE_EXTRACTORS = {
  dense: (f) => f.dense,
  chunkDense: (f) => f.chunkDense,
  lexical: (f) => f.lexical,
  chunkFused: (f) => f.chunkBonus,
  coverage: (f) => f.textCoverage,
  rareMissing: (f) => f.rareMissing,
  properMissing: (f) => f.properMissing,
  numberMissing: (f) => f.numberMissing,
  typed: (f) => (f.typed ? 1 : 0),
  untyped: (f) => (f.typeAsked && !f.typed ? 1 : 0),
  logWords: (f) => Math.log1p(f.words),
  window: (f) => (f.window ? 1 : 0),
  headingCoverage: (f) => f.headingCoverage,
  echo: (f) => f.echo,
  // A code line or quoted message the question repeats (a pasted error) is what the user saw, not
  // the explanation: in prose, restating the question is often where the answer is (SQuAD), so
  // the two get separate weights.
  blockEcho: (f) => (f.kind === 'code' || f.kind === 'quote' ? f.echo : 0),
  code: (f) => (f.kind === 'code' ? 1 : 0),
  quote: (f) => (f.kind === 'quote' ? 1 : 0),
  tableRow: (f) => (f.kind === 'table-row' ? 1 : 0),
  listItem: (f) => (f.kind === 'list-item' ? 1 : 0),
  phrase: (f) => f.phraseCoverage,
  sectionCoverage: (f) => f.sectionCoverage,
} as const satisfies Record<string, (f: PassageFeatures) => number>;

export type PassageFeatureName = keyof typeof PASSAGE_EXTRACTORS;

/** Passage features `npm run train-scorer` fits the ranker on, in the order of its weights. */
export const PASSAGE_FEATURES: readonly PassageFeatureName[] = Object.keys(PASSAGE_EXTRACTORS) as PassageFeatureName[];

/** What the abstention model may read about the best passage and its runner-up, by name. */
const ANSWER_EXTRACTORS = {
  topLogit: (a) => a.top,
  gapToNext: (a) => a.gap,
  // The listwise ranker's own margin over the runner-up (with an evidence model, topLogit and
  // gapToNext read the evidence model instead): how clearly the ranker chose, per question.
  rankerGap: (a) => a.rankerGap,
  topDense: (a) => a.best.dense,
  topCoverage: (a) => a.best.textCoverage,
  topRareMissing: (a) => a.best.rareMissing,
  topProperMissing: (a) => a.best.properMissing,
  topNumberMissing: (a) => a.best.numberMissing,
  topUntyped: (a) => (a.best.typeAsked && !a.best.typed ? 1 : 0),
  topChunkDense: (a) => a.best.chunkDense,
  topHeadingCoverage: (a) => a.best.headingCoverage,
  topEcho: (a) => a.best.echo,
  // Question x corpus: what was asked about is nowhere in the corpus at all.
  corpusMissing: (a) => a.best.corpusMissing,
} as const satisfies Record<string, (a: { top: number; gap: number; rankerGap: number; best: PassageFeatures }) => number>;

export type AnswerFeatureName = keyof typeof ANSWER_EXTRACTORS;
export const ANSWER_FEATURES: readonly AnswerFeatureName[] = Object.keys(ANSWER_EXTRACTORS) as AnswerFeatureName[];
/**
 * What `npm run train-scorer` fits the abstention on unless told otherwise. rankerGap and
 * corpusMissing are left out: with them the SQuAD validation AUC fell (0.652 -> 0.644 with
 * corpusMissing, evidence model or not), and no threshold kept seed held-out answered >= 0.97 with
 * more abstention than without them (README, "The scoring profile").
 */
export const DEFAULT_ANSWER_FEATURES: readonly AnswerFeatureName[] = ANSWER_FEATURES.filter((n) => n !== 'rankerGap' && n !== 'corpusMissing');

/**
 * What the topic model may read about a passage, to judge whether the question is about what the
 * passage is about at all, whatever the answer. (The share of the question's terms the corpus
 * lacks altogether was tried: weight 0.00 next to these.)
 */
const TOPIC_EXTRACTORS = {
  dense: (f) => f.dense,
  chunkDense: (f) => f.chunkDense,
  coverage: (f) => f.textCoverage,
} as const satisfies Record<string, (f: PassageFeatures) => number>;

export type TopicFeatureName = keyof typeof TOPIC_EXTRACTORS;
export const TOPIC_FEATURES: readonly TopicFeatureName[] = Object.keys(TOPIC_EXTRACTORS) as TopicFeatureName[];

export function topicRow(f: PassageFeatures, names: readonly string[] = TOPIC_FEATURES): number[] {
  return names.map((n) => TOPIC_EXTRACTORS[n as TopicFeatureName](f));
}

/** Names a fitted model may list (checked when a profile is loaded). */
export const KNOWN_FEATURES = {
  ranker: new Set<string>(PASSAGE_FEATURES),
  evidence: new Set<string>(PASSAGE_FEATURES),
  abstention: new Set<string>(ANSWER_FEATURES),
  topic: new Set<string>(TOPIC_FEATURES),
};

type Named = Pick<FittedSection['ranker'], 'features'>;
type PassageModel = Named & Parameters<typeof logit>[0];

export function passageRow(f: PassageFeatures, names: readonly string[] = PASSAGE_FEATURES): number[] {
  return names.map((n) => PASSAGE_EXTRACTORS[n as PassageFeatureName](f));
}

/**
 * The abstention model's row for the ranker's best passage and its runner-up. Their logits come
 * from the evidence model when the profile has one (comparable across questions), else from the
 * ranker (profiles fitted before it).
 */
export function answerRow(
  fit: { ranker: PassageModel; evidence?: PassageModel },
  best: PassageFeatures,
  runnerUp?: PassageFeatures,
  names: readonly string[] = ANSWER_FEATURES,
): number[] {
  const model = fit.evidence ?? fit.ranker;
  const top = logit(model, passageRow(best, model.features));
  const gap = runnerUp ? top - logit(model, passageRow(runnerUp, model.features)) : 0;
  const rankerGap = runnerUp ? logit(fit.ranker, passageRow(best, fit.ranker.features)) - logit(fit.ranker, passageRow(runnerUp, fit.ranker.features)) : 0;
  return names.map((n) => ANSWER_EXTRACTORS[n as AnswerFeatureName]({ top, gap, rankerGap, best }));
}

/**
 * Answer from the answer threshold up. Below it, with a topic model and the passage: related
 * when the passage is on the question's topic (P(on topic) >= tiers.topic), else none; without
 * them (a passage judged on its confidence alone, or a profile fitted before the topic model),
 * the related floor on the confidence decides.
 */
export function tierOf(confidence: number, tiers: FittedSection['tiers'], onTopic?: number): AnswerTier {
  if (confidence >= tiers.answer) return 'answer';
  if (onTopic !== undefined && tiers.topic !== undefined) return onTopic >= tiers.topic ? 'related' : 'none';
  return confidence >= tiers.related ? 'related' : 'none';
}

export function fittedFromSection(fit: Pick<FittedSection, 'ranker' | 'evidence' | 'abstention' | 'tiers' | 'topic'>): Scorer & { onTopic(f: PassageFeatures): number | undefined } {
  const onTopic = (f: PassageFeatures) => (fit.topic ? sigmoid(logit(fit.topic, topicRow(f, fit.topic.features))) : undefined);
  return {
    name: 'fitted',
    rank: (f) => sigmoid(logit(fit.ranker, passageRow(f, fit.ranker.features))),
    confidence: (best, runnerUp) => sigmoid(logit(fit.abstention, answerRow(fit, best, runnerUp, fit.abstention.features))),
    tier: (c, passage) => tierOf(c, fit.tiers, passage && onTopic(passage)),
    onTopic,
  };
}

export function fittedScorer(profile: ScoringProfile): Scorer {
  if (!profile.fitted) throw new Error(`scoring profile for ${profile.model} names the fitted scorer but has no "fitted" section; run npm run train-scorer`);
  for (const part of ['ranker', 'evidence', 'abstention', 'topic'] as const) {
    const unknown = (profile.fitted[part]?.features ?? []).filter((n) => !KNOWN_FEATURES[part].has(n));
    if (unknown.length) throw new Error(`scoring profile for ${profile.model}: its ${part} reads unknown features (${unknown.join(', ')}); refit it with npm run train-scorer`);
  }
  return fittedFromSection(profile.fitted);
}
