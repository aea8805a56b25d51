/**
 * npm run -s train-scorer [-- --index-root DIR] [--dry-run]
 *
 * Fits the scoring profile of the configured EMBEDDING_MODEL from labelled questions:
 *  1. runs every question through retrieval (the engine's own code) and keeps the candidates'
 *     features; a candidate is positive when its quote contains an answer phrase (the eval's
 *     matching rule);
 *  2. fits a ranker (pointwise logistic regression over candidates of answerable training
 *     questions) and an abstention model (P(the first passage answers); unanswerable questions
 *     are negatives), then sets the tier thresholds on the training questions;
 *  3. evaluates on every split exactly as `npm run eval` does (same answer composition and
 *     matching), and writes the profile with those metrics to src/engine/scoring/profiles/.
 *
 * Splits are fixed by rule, never by score: SQuAD articles in alphabetical order, every third
 * one (2nd, 5th, 8th) is validation; the seed dev questions train, our held-out seed questions
 * and the Vite docs questions only validate. Deterministic: no sampling anywhere.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { loadConfigOrExit, PROJECT_ROOT } from '../src/config.js';
import { composeAnswer } from '../src/engine/answer.js';
import { Engine } from '../src/engine/engine.js';
import { evaluate, normalizeForMatch, readQuestions, type EvalQuestion, type EvalReport } from '../src/engine/evaluate.js';
import { checkQuestion } from '../src/engine/question.js';
import { cleanQuery } from '../src/engine/query-clean.js';
import { retrieve, type Retrieval } from '../src/engine/retriever.js';
import { ANSWER_FEATURES, PASSAGE_FEATURES } from '../src/engine/scoring/features.js';
import { featureRows, FittedScorer, rankRows } from '../src/engine/scoring/fitted.js';
import { handTunedScorer } from '../src/engine/scoring/hand-tuned.js';
import { fitLogistic, logit, sigmoid, type LogisticModel } from '../src/engine/scoring/logistic.js';
import { PROFILE_VERSION, profileSchema, type ScoringProfile } from '../src/engine/scoring/profile.js';
import { profilePath } from '../src/engine/scoring/registry.js';
import type { Scorer } from '../src/engine/scoring/types.js';
import { setLogLevel } from '../src/logger.js';

/** Every knob of the fit, in one place; each says why it has its value. */
const FIT = {
  /** L2 on standardised weights: weak, the data (~100k candidates) dominates; only keeps collinear features finite. */
  l2: 1e-3,
  /**
   * Share of answerable TRAINING questions that must reach the answer tier. Thresholds carried
   * to new articles undershoot by 3–4 points (measured in issue 12), so the 0.90 we want on new
   * text is asked for with a 3-point margin.
   */
  answeredOnTrain: 0.93,
  /** Below the answer tier, passages are still offered as related for this share of answerable training questions. */
  relatedOnTrain: 0.99,
  /**
   * Extra quotes must reach this share of the first one's ranker probability (in the answer;
   * on further pages of sources). The hand-set policy's 0.75 / 0.6 floors, carried over: the
   * dumps label only whether a quote holds the answer, not whether a second quote helps.
   */
  quoteFloor: { answer: 0.75, more: 0.6 },
} as const;

interface QuestionSet {
  name: string;
  corpus: string;
  questions: string;
  /** Split of one question. */
  split: (q: EvalQuestion, position: number) => 'train' | 'validation';
  /** Questions about other documents: all unanswerable here; used only as abstention negatives. */
  offTopic?: boolean;
}

const SQUAD_ARTICLES_VALIDATION = (articles: readonly string[]) => new Set([...articles].sort().filter((_, i) => i % 3 === 1));

const SETS: QuestionSet[] = [
  { name: 'squad', corpus: '../shared/eval/squad2/corpus', questions: '../shared/eval/squad2/questions.jsonl', split: () => 'train' },
  // Questions about other documents, asked of the seed articles: none of them is answered there,
  // so they teach abstention what an off-topic question looks like (no seed question is used).
  { name: 'squad-on-seed', corpus: 'corpus', questions: '../shared/eval/squad2/questions.jsonl', split: () => 'train', offTopic: true },
  { name: 'seed-dev', corpus: 'corpus', questions: '../shared/eval/dev-questions.jsonl', split: () => 'train' },
  { name: 'seed-heldout', corpus: 'corpus', questions: 'eval/heldout-questions.jsonl', split: () => 'validation' },
  // A fixed half split of the Vite docs questions: odd lines of the file train, even lines validate.
  { name: 'docs', corpus: '../shared/eval/docs/corpus', questions: '../shared/eval/docs/questions.jsonl', split: (_q, i) => (i % 2 === 0 ? 'train' : 'validation') },
];

interface Collected {
  set: string;
  split: 'train' | 'validation';
  question: EvalQuestion;
  /** Query as searched; undefined when the question has nothing to search. */
  query?: string;
  qvec?: Float32Array;
  retrieval?: Retrieval;
  /** Per candidate: contains an answer phrase. */
  labels: number[];
}

/** What `--reuse` reads back: retrieval does not change while only the scorer is being fitted. */
interface CachedQuestion {
  set: string;
  query?: string;
  qvec?: number[];
  retrieval?: Retrieval;
}

function labelsOf(texts: readonly string[], r: Retrieval, answers: readonly string[]): number[] {
  const wanted = answers.map(normalizeForMatch);
  return r.passages.map((p) => (wanted.some((w) => normalizeForMatch(texts[p.doc]!.slice(p.start, p.end)).includes(w)) ? 1 : 0));
}

/** Largest threshold that keeps at least `share` of the (weighted) scores at or above it. */
function thresholdKeeping(scores: readonly { score: number; weight: number }[], share: number): number {
  const sorted = [...scores].sort((a, b) => b.score - a.score);
  const total = sorted.reduce((a, s) => a + s.weight, 0);
  let kept = 0;
  for (const s of sorted) {
    kept += s.weight;
    if (kept >= share * total) return s.score;
  }
  return sorted.at(-1)?.score ?? 0;
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
const modelJson = (m: LogisticModel, features: readonly string[]) => ({
  features: [...features],
  mean: m.mean.map(round),
  scale: m.scale.map(round),
  weights: m.weights.map(round),
  bias: round(m.bias),
});

const program = new Command('train-scorer')
  .description('Fit the ranker, abstention model and tiers for EMBEDDING_MODEL; print and save validation metrics.')
  .option('--index-root <dir>', 'where the per-corpus indexes are built and kept', path.join(PROJECT_ROOT, '.train-scorer'))
  .option('--dry-run', 'print the metrics, do not write the profile')
  .option('--show <split>', 'list the questions a split gets wrong (e.g. seed-dev-train)')
  .option('--reuse', 'reuse the candidates collected by the last run (same model, corpora and retrieval code)')
  .showHelpAfterError();

async function main(): Promise<void> {
  const opts = program.parse().opts<{ indexRoot: string; dryRun?: boolean; reuse?: boolean; show?: string }>();
  const base = loadConfigOrExit();
  setLogLevel(base.logLevel === 'info' ? 'warn' : base.logLevel);
  const collected: Collected[] = [];
  const engines = new Map<string, Engine>();
  const cacheFile = path.join(opts.indexRoot, `collected-${base.embeddingModel.replace(/[^\w.-]+/g, '__')}.json`);
  const cached = opts.reuse && existsSync(cacheFile) ? (JSON.parse(await readFile(cacheFile, 'utf8')) as CachedQuestion[]) : undefined;
  for (const set of SETS) {
    const corpusDir = path.resolve(PROJECT_ROOT, set.corpus);
    const key = set.corpus;
    let engine = engines.get(key);
    if (!engine) {
      const indexDir = path.join(opts.indexRoot, path.basename(path.dirname(corpusDir)) + '-' + path.basename(corpusDir));
      process.stderr.write(`opening ${corpusDir} (index ${indexDir})\n`);
      engine = await Engine.open({ ...base, corpusDir, indexDir }, { scorer: handTunedScorer });
      engines.set(key, engine);
    }
    let questions = await readQuestions(path.resolve(PROJECT_ROOT, set.questions));
    let split = set.split;
    if (set.questions.includes('squad2')) {
      const validation = SQUAD_ARTICLES_VALIDATION([...new Set(questions.map((q) => q.document ?? ''))]);
      split = (q) => (validation.has(q.document ?? '') ? 'validation' : 'train');
      // Off-topic negatives come from the training articles' answerable questions only.
      if (set.offTopic) questions = questions.filter((q, i) => split(q, i) === 'train' && q.answers.length > 0).map((q) => ({ ...q, answers: [] }));
    }
    const splitOf = new Map(questions.map((q, i) => [q, split(q, i)] as const));
    const { index, texts } = engine.answerContext;
    const fromCache = cached?.filter((c) => c.set === set.name);
    if (fromCache && fromCache.length === questions.length) {
      fromCache.forEach((c, i) => {
        const q = questions[i]!;
        collected.push({ set: set.name, split: splitOf.get(q)!, question: q, query: c.query, qvec: c.qvec ? Float32Array.from(c.qvec) : undefined, retrieval: c.retrieval, labels: c.retrieval ? labelsOf(texts, c.retrieval, q.answers) : [] });
      });
      continue;
    }
    for (const q of questions) {
      const check = checkQuestion(q.question);
      const query = check.ok ? cleanQuery(check.text) : '';
      if (!/[\p{L}\p{N}]/u.test(query)) {
        collected.push({ set: set.name, split: splitOf.get(q)!, question: q, labels: [] });
        continue;
      }
      const qvec = await engine.embedder.embedOne(query, 'query');
      const retrieval = retrieve(index, texts, query, qvec);
      collected.push({ set: set.name, split: splitOf.get(q)!, question: q, query, qvec, retrieval, labels: labelsOf(texts, retrieval, q.answers) });
    }
    process.stderr.write(`${set.name}: ${questions.length} questions collected\n`);
  }
  if (!cached || cached.length !== collected.length) {
    const dump: CachedQuestion[] = collected.map((c) => ({ set: c.set, query: c.query, qvec: c.qvec ? [...c.qvec] : undefined, retrieval: c.retrieval }));
    await writeFile(cacheFile, JSON.stringify(dump));
  }
  const contextOf = (c: Collected) => engines.get(SETS.find((s) => s.name === c.set)!.corpus)!.answerContext;
  const train = collected.filter((c) => c.split === 'train' && c.retrieval);
  // Every training set weighs the same in total, so SQuAD's ~1,600 crowd questions do not drown
  // the styles of the smaller sets (news readers, Discord users, off-topic questions). (Weights
  // proportional to the square root of a set's size were also tried: better on SQuAD, worse on
  // the seed and docs validation questions.)
  const perSet = new Map<string, number>();
  for (const c of train) perSet.set(c.set, (perSet.get(c.set) ?? 0) + 1);
  const weightOf = (c: Collected) => train.length / (perSet.size * perSet.get(c.set)!);

  // (a) Ranker: every candidate of answerable training questions whose candidates hold the answer.
  const xs: number[][] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  // Features once per question: fitting and evaluating only re-weigh them.
  const rowsOf = new Map<Collected, number[][]>();
  const rowsByPassages = new Map<readonly unknown[], number[][]>();
  for (const c of collected) {
    if (!c.retrieval) continue;
    const { index, texts } = contextOf(c);
    const rows = featureRows({ index, texts, question: c.query!, qvec: c.qvec!, passages: c.retrieval.passages });
    rowsOf.set(c, rows);
    rowsByPassages.set(c.retrieval.passages, rows);
  }
  for (const c of train) {
    if (c.question.answers.length === 0 || !c.labels.includes(1)) continue;
    rowsOf.get(c)!.forEach((r, i) => {
      xs.push(r);
      ys.push(c.labels[i]!);
      ws.push(weightOf(c));
    });
  }
  const ranker = fitLogistic(xs, ys, { l2: FIT.l2, weights: ws });
  const rankerJson = modelJson(ranker, PASSAGE_FEATURES);

  // (b) Abstention: one example per training question, from the ranked list the ranker gives.
  const ax: number[][] = [];
  const ay: number[] = [];
  const aw: number[] = [];
  for (const c of train) {
    const s = rankRows(rankerJson, rowsOf.get(c)!);
    if (s.order.length === 0) continue;
    ax.push(s.answer);
    ay.push(c.labels[s.order[0]!] ?? 0);
    aw.push(weightOf(c));
  }
  const abstention = fitLogistic(ax, ay, { l2: FIT.l2, weights: aw });
  const abstentionJson = modelJson(abstention, ANSWER_FEATURES);

  // Tiers from the answerable training questions' confidences.
  const trainConf = train
    .filter((c) => c.question.answers.length > 0)
    .map((c) => {
      const s = rankRows(rankerJson, rowsOf.get(c)!);
      return { score: s.order.length ? sigmoid(logit(abstentionJson, s.answer)) : 0, weight: weightOf(c) };
    });
  const tiers = { answer: round(thresholdKeeping(trainConf, FIT.answeredOnTrain)), related: round(thresholdKeeping(trainConf, FIT.relatedOnTrain)) };

  const draft: Omit<ScoringProfile, 'metrics'> = {
    version: PROFILE_VERSION,
    model: base.embeddingModel,
    ranker: rankerJson,
    abstention: abstentionJson,
    tiers,
    quoteFloor: { ...FIT.quoteFloor },
    training: {
      command: 'npm run -s train-scorer',
      train: [...new Set(train.map((c) => `${c.set}:${c.question.document ?? '*'}`))].sort(),
      validation: [...new Set(collected.filter((c) => c.split === 'validation').map((c) => `${c.set}:${c.question.document ?? '*'}`))].sort(),
      l2: FIT.l2,
      examples: { rankerCandidates: xs.length, rankerPositives: ys.filter((y) => y === 1).length, abstentionQuestions: ax.length },
    },
  };
  const fittedScorer = new FittedScorer({ ...draft, metrics: {} });
  const fitted: Scorer = {
    name: fittedScorer.name,
    quotable: (p, best, level) => fittedScorer.quotable(p, best, level),
    score: (input) => {
      const rows = rowsByPassages.get(input.passages);
      return rows ? fittedScorer.scoreRows(input.passages, rows) : fittedScorer.score(input);
    },
  };

  // Evaluation exactly as `npm run eval` scores answers, from the collected retrievals.
  const evaluateWith = async (items: readonly Collected[], scorer: Scorer): Promise<EvalReport> => {
    const byQuestion = new Map(items.map((c) => [c.question, c]));
    let i = 0;
    return evaluate(
      items.map((c) => c.question),
      async () => {
        const c = byQuestion.get(items[i++]!.question)!;
        if (!c.retrieval) return { question: c.question.question, answered: false, citations: [], suggestions: [], confidence: 0, tier: 'none' };
        return composeAnswer(contextOf(c), c.query!, c.retrieval.passages, c.retrieval.chunks, undefined, { scorer, qvec: c.qvec! });
      },
    );
  };
  const metrics: ScoringProfile['metrics'] = {};
  const groups = new Map<string, Collected[]>();
  for (const c of collected) groups.set(`${c.set}-${c.split}`, [...(groups.get(`${c.set}-${c.split}`) ?? []), c]);
  const lines: string[] = [];
  for (const [name, items] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    for (const [label, scorer] of [['before', handTunedScorer], ['after', fitted]] as const) {
      const r = await evaluateWith(items, scorer);
      // Ordering alone, whatever the tier: does the first candidate hold the answer?
      const answerable = items.filter((c) => c.question.answers.length > 0 && c.retrieval);
      const top1 = answerable.filter((c) => {
        const { index, texts } = contextOf(c);
        const first = scorer.score({ index, texts, question: c.query!, qvec: c.qvec!, passages: c.retrieval!.passages }).ranked[0];
        return first !== undefined && c.labels[c.retrieval!.passages.indexOf(c.retrieval!.passages.find((p) => p.start === first.start && p.end === first.end && p.doc === first.doc)!)] === 1;
      }).length / Math.max(1, items.filter((c) => c.question.answers.length > 0).length);
      const m = { questions: r.questions, top1: Math.round(top1 * 1000) / 1000, hitAt1: r.hitAt1, hitAt3: r.hitAt3, mrr: r.mrr, answered: r.answeredRate, abstained: r.abstainRate, auc: r.auc };
      if (label === 'after') metrics[name] = m;
      if (opts.show === name) {
        for (const x of r.results) {
          const wrong = x.answerable ? x.rank !== 1 : x.answered;
          if (wrong) lines.push(`  [${label}] ${x.tier ?? ''} ${x.confidence ?? ''} ${x.question}\n      → ${x.citations[0]?.quote.slice(0, 160) ?? '(none)'}`);
        }
      }
      lines.push(`${name.padEnd(24)} ${label.padEnd(6)} n=${String(m.questions).padStart(4)}  top1 ${m.top1.toFixed(3)}  hit@1 ${m.hitAt1.toFixed(3)}  hit@3 ${m.hitAt3.toFixed(3)}  MRR ${m.mrr.toFixed(3)}  answered ${m.answered.toFixed(3)}  abstained ${m.abstained.toFixed(3)}  AUC ${m.auc.toFixed(3)}`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  const show = (m: LogisticModel, names: readonly string[]) => names.map((n, j) => `${n} ${m.weights[j]!.toFixed(2)}`).join(', ');
  process.stdout.write(`ranker (standardised weights): ${show(ranker, PASSAGE_FEATURES)}\nabstention: ${show(abstention, ANSWER_FEATURES)}\n`);
  process.stdout.write(`tiers: answer >= ${tiers.answer}, related >= ${tiers.related}; ranker on ${xs.length} candidates, abstention on ${ax.length} questions\n`);

  const profile = profileSchema.parse({ ...draft, metrics });
  if (opts.dryRun) return;
  const file = profilePath(base.embeddingModel);
  await writeFile(file, `${JSON.stringify(profile, null, 2)}\n`);
  process.stdout.write(`wrote ${path.relative(PROJECT_ROOT, file)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
