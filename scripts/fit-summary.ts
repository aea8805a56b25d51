/**
 * Fits the summarizer's profile on the training half of a set of articles with reference
 * highlights, and records the validation half's scores (never used for choosing).
 *
 *   npx tsx scripts/fit-summary.ts --articles ../shared/eval/cnndm/articles --highlights ../shared/eval/cnndm/highlights
 *
 * Coordinate ascent over a small grid per parameter, maximising the mean of ROUGE-1, ROUGE-2 and
 * ROUGE-Lsum F1 of short summaries. Writes src/engine/summarize/profiles/<model>.json.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { parseConfig } from '../src/bootstrap/config.js';
import { CHUNKER_VERSION } from '../src/engine/chunking/chunker.js';
import { readCorpus } from '../src/engine/index/corpus.js';
import { Engine } from '../src/engine/engine.js';
import { loadIndex, readManifest, type IndexData } from '../src/engine/index/snapshot.js';
import { corpusIdf, summaryBudgets } from '../src/engine/summarize/document-summaries.js';
import { summaryProfile, summaryProfileSchema, type SummaryProfile } from '../src/engine/summarize/profile.js';
import { pacsumCentrality, prepare, quoteSpans, selectSummary, type Prepared, type SummaryInput } from '../src/engine/summarize/salient.js';
import { asLines, lead3, readArticles, scoreSystem, splitArticles, type Article, type SystemScores } from '../src/eval/summary-eval.js';

const opts = new Command('fit-summary')
  .requiredOption('--articles <dir>')
  .requiredOption('--highlights <dir>')
  .option('--index-dir <dir>', 'index of the articles (built when missing)', path.join(tmpdir(), 'doc-quote-bot-fit-summary'))
  .option('--rounds <n>', 'coordinate ascent rounds', '3')
  .parse()
  .opts<{ articles: string; highlights: string; indexDir: string; rounds: string }>();

const GRID: Partial<Record<keyof SummaryProfile, (number | boolean)[]>> = {
  dependentSentences: [false, true],
  minWords: [4, 6, 8],
  positionWeight: [0, 0.5, 1, 2, 4, 8],
  positionDecay: [0.5, 0.75, 1, 1.5, 2, 3, 5, 8],
  centralityWeight: [0, 0.25, 0.5, 1, 2],
  pacsumBeta: [0, 0.1, 0.2, 0.3, 0.5],
  pacsumBackward: [-2, -1, -0.5, 0, 0.5],
  coverageWeight: [0, 0.5, 1, 2, 4],
  minConceptSentences: [1, 2, 3],
  nameBoost: [0.5, 1, 2, 4],
  numberBoost: [0, 0.5, 1, 2],
  idfPower: [0, 0.5, 1, 2],
  redundancyWeight: [0, 0.2, 0.5, 1],
  redundancyMax: [0.6, 0.7, 0.8, 0.9, 1],
  lengthPower: [0, 0.25, 0.5],
  shortWords: [55, 65, 70, 75],
};

const articlesDir = path.resolve(opts.articles);
/**
 * The sentences and their vectors: from an index of the articles whose sentence splitting is
 * current (summaries it holds do not matter here, so a profile change does not cost a re-embedding).
 */
async function loadIndexOf(): Promise<IndexData> {
  const read = await readManifest(opts.indexDir);
  const corpus = await readCorpus(articlesDir);
  if (read.status === 'ok' && read.manifest.chunker === CHUNKER_VERSION && read.manifest.corpusHash === corpus.hash) return loadIndex(opts.indexDir, read.manifest);
  const engine = await Engine.open(parseConfig({ ...process.env, CORPUS_DIR: articlesDir, INDEX_DIR: opts.indexDir, LOG_LEVEL: 'warn' }));
  return engine.index;
}
const index = await loadIndexOf();
const texts = index.texts;
const docIds = index.manifest.documents.map((d) => d.id);
const vectors = await index.sentenceVectors.get(index.sentenceKeys);
const inputs: SummaryInput[] = docIds.map((_, d) => {
  const ids = index.sentences.flatMap((s, id) => (s.doc === d ? [id] : []));
  return { text: texts[d]!, units: ids.map((id) => index.sentences[id]!), vectors: ids.map((id) => vectors[id]!) };
});
const idf = corpusIdf(inputs);
const articles = await readArticles(articlesDir, path.resolve(opts.highlights));
const byId = new Map(docIds.map((id, d) => [id, d]));
const train = splitArticles(articles, 'train').filter((a) => byId.has(a.id));
const val = splitArticles(articles, 'val').filter((a) => byId.has(a.id));

const prepared = new Map<string, Prepared>();
const prepOf = (d: number, minWords: number, dependents: boolean) => {
  const key = `${d}/${minWords}/${dependents}`;
  let p = prepared.get(key);
  if (!p) prepared.set(key, (p = prepare({ ...inputs[d]!, idf }, minWords, dependents)));
  return p;
};
const centralities = new Map<string, number[]>();

function evaluate(profile: SummaryProfile, set: readonly Article[]): SystemScores {
  return scoreSystem(
    set.map((a) => {
      const d = byId.get(a.id)!;
      const p = prepOf(d, profile.minWords, profile.dependentSentences);
      const key = `${d}/${profile.minWords}/${profile.dependentSentences}/${profile.pacsumBeta}/${profile.pacsumBackward}`;
      let c = centralities.get(key);
      if (!c) centralities.set(key, (c = pacsumCentrality(p, profile.pacsumBeta, profile.pacsumBackward)));
      const picks = selectSummary(p, profile, summaryBudgets(profile).short, { centrality: c });
      const units = inputs[d]!.units;
      return { reference: a.reference, prediction: asLines(quoteSpans(units, picks).map((q) => texts[d]!.slice(q.start, q.end))) };
    }),
  );
}
const objective = (s: SystemScores) => (s.rouge1 + s.rouge2 + s.rougeLsum) / 3;

let best = { ...summaryProfile(index.manifest.model.id) };
let bestScore = objective(evaluate(best, train));
process.stderr.write(`start ${bestScore.toFixed(3)}\n`);
// Coordinate ascent: one parameter at a time over its grid, keeping any improvement, until a round changes nothing.
for (let round = 0; round < Number(opts.rounds); round++) {
  let improved = false;
  for (const [key, values] of Object.entries(GRID) as [keyof SummaryProfile, (number | boolean)[]][]) {
    for (const v of values) {
      const candidate = { ...best, [key]: v } as SummaryProfile;
      const s = objective(evaluate(candidate, train));
      if (s > bestScore + 1e-9) {
        best = candidate;
        bestScore = s;
        improved = true;
        process.stderr.write(`round ${round + 1}: ${String(key)}=${v} -> ${s.toFixed(3)}\n`);
      }
    }
  }
  if (!improved) break;
}

const round2 = (s: SystemScores) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, Math.round(v * 100) / 100]));
const lead = (set: readonly Article[]) => round2(scoreSystem(set.map((a) => ({ reference: a.reference, prediction: lead3(a.text) }))));
const scores = {
  train: { articles: train.length, bot: round2(evaluate(best, train)), lead3: lead(train) },
  val: { articles: val.length, bot: round2(evaluate(best, val)), lead3: lead(val) },
};
const profile = summaryProfileSchema.parse({
  ...best,
  model: index.manifest.model.id,
  fittedOn: `scripts/fit-summary.ts: ${train.length} training articles of ${path.relative(process.cwd(), articlesDir)} (first half by name), short summaries, mean ROUGE-1/2/Lsum F1`,
  scores,
});
const out = new URL(`../src/engine/summarize/profiles/${profile.model.replace(/\//g, '__')}.json`, import.meta.url);
writeFileSync(out, `${JSON.stringify(profile, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(scores)}\nwrote ${out.pathname}\n`);
