/**
 * Warm query latency, stage by stage, and the dense search against a plain Float32Array scan
 * of the same vectors, interleaved in the same process so machine noise hits both alike.
 */
import { readFile } from 'node:fs/promises';
import { checkQuestion } from '../../src/engine/answer/question.js';
import { dot } from '../../src/domain/vector.js';
import type { AskTimings, Engine } from '../../src/engine/engine.js';
import { terms } from '../../src/engine/lexical/bm25.js';
import { stats, timeAsync } from '../measure.js';
import type { LatencyResult } from '../protocol.js';

/**
 * The baseline: one pass of dot products into a score array, then top-k by insertion into a
 * small sorted list. No heap, no abstraction: what anyone would write by hand.
 */
export function plainTopK(matrix: Float32Array, dim: number, query: Float32Array, k: number): number[] {
  const n = matrix.length / dim;
  const scores = new Float32Array(n);
  for (let row = 0; row < n; row++) {
    let s = 0;
    const off = row * dim;
    for (let d = 0; d < dim; d++) s += matrix[off + d]! * query[d]!;
    scores[row] = s;
  }
  const ids: number[] = [];
  for (let row = 0; row < n; row++) {
    const s = scores[row]!;
    if (ids.length === k && s <= scores[ids[k - 1]!]!) continue;
    let i = ids.length === k ? k - 1 : ids.length;
    while (i > 0 && scores[ids[i - 1]!]! < s) {
      ids[i] = ids[i - 1]!;
      i--;
    }
    ids[i] = row;
  }
  return ids;
}

export async function querySection(engine: Engine, questionsFile: string, warmup: number): Promise<LatencyResult> {
  const questions = (JSON.parse(await readFile(questionsFile, 'utf8')) as string[]).filter((q) => checkQuestion(q).ok);
  const { index } = engine;
  const { texts } = index;

  for (const q of questions.slice(0, warmup)) await engine.ask(q);

  // BM25 work grows with the postings of the question's terms, not with the corpus as such:
  // count them (document frequency over the indexed sentence texts) to read the BM25 times by.
  const df = new Map<string, number>();
  for (const s of index.sentences) for (const term of new Set(terms(texts[s.doc]!.slice(s.contextStart, s.end)))) df.set(term, (df.get(term) ?? 0) + 1);
  const postings = questions.map((q) => [...new Set(terms(q))].reduce((a, term) => a + (df.get(term) ?? 0), 0));

  // Stage times come from the engine's own ask (its timing hook): nothing here re-implements it.
  const t = { embed: [] as number[], lexical: [] as number[], retrieve: [] as number[], compose: [] as number[], ask: [] as number[] };
  const queries: string[] = [];
  let answered = 0;
  for (const raw of questions) {
    const timings = {} as AskTimings;
    const answer = await engine.ask(raw, { timings });
    if (answer.answered) answered++;
    t.embed.push(timings.embed);
    t.lexical.push(timings.lexical);
    t.retrieve.push(timings.lexical + timings.dense + timings.passages);
    t.compose.push(timings.compose);
    t.ask.push(timings.total);
    queries.push(answer.question);
  }
  // Query vectors for the dense comparison, embedded outside the timed asks.
  const qvecs = await engine.embedder.embed(queries, 'query');

  const store = index.chunkVectors;
  const dim = store.dimension;
  const size = index.chunkKeys.length;
  const plain = new Float32Array(size * dim);
  (await store.get(index.chunkKeys)).forEach((v, i) => plain.set(v!, i * dim));
  const k = engine.profile.retrieval.denseK;
  // Tiny stores scan in microseconds: repeat calls so each sample spans ~2M multiply-adds.
  const repeat = Math.max(1, Math.round(2_000_000 / Math.max(1, size * dim)));
  const storeMs: number[] = [];
  const plainMs: number[] = [];
  let sameResults = true;
  for (const v of qvecs.slice(0, 3)) {
    await store.search(v, k);
    plainTopK(plain, dim, v, k);
  }
  for (const [i, v] of qvecs.entries()) {
    const runStore = async () => {
      const [hits, ms] = await timeAsync(async () => {
        let h = await store.search(v, k);
        for (let r = 1; r < repeat; r++) h = await store.search(v, k);
        return h;
      });
      storeMs.push(ms / repeat);
      return hits.map((h) => index.chunkPosition.get(h.id)!);
    };
    const runPlain = () => {
      const started = performance.now();
      let ids = plainTopK(plain, dim, v, k);
      for (let r = 1; r < repeat; r++) ids = plainTopK(plain, dim, v, k);
      plainMs.push((performance.now() - started) / repeat);
      return ids;
    };
    // Alternate which goes first, so neither always runs on a cache the other warmed.
    let storeIds: number[];
    let plainIds: number[];
    if (i % 2 === 0) {
      storeIds = await runStore();
      plainIds = runPlain();
    } else {
      plainIds = runPlain();
      storeIds = await runStore();
    }
    // Identical chunk texts (common in the synthetic corpora) tie, and ties may resolve to
    // different ids: the two top-k lists must hold the same scores.
    const scores = (ids: number[]) => ids.map((id) => dot(v, plain.subarray(id * dim, (id + 1) * dim))).sort((x, y) => y - x);
    const a = scores(storeIds);
    const b = scores(plainIds);
    if (a.length !== b.length || a.some((x, j) => Math.abs(x - b[j]!) > 1e-6)) sameResults = false;
  }

  const s = stats(storeMs);
  const p = stats(plainMs);
  const retrieveStats = stats(t.retrieve);
  return {
    questions: t.ask.length,
    sentences: index.sentences.length,
    lexicalPostings: stats(postings),
    warmup: Math.min(warmup, questions.length),
    answered,
    embed: stats(t.embed),
    lexical: stats(t.lexical),
    retrieve: retrieveStats,
    compose: stats(t.compose),
    ask: stats(t.ask),
    dense: {
      k,
      repeat,
      vectors: size,
      store: s,
      plain: p,
      ratioP50: s.p50 / p.p50,
      ratioMean: s.mean / p.mean,
      hybridRatioP50: retrieveStats.p50 / p.p50,
      sameResults,
    },
  };
}
