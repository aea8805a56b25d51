/**
 * npx tsx scripts/maxsim-eval.ts [--index-dir DIR]
 *
 * Offline experiment (issue 12): does late interaction re-rank SQuAD answers better? For each
 * answerable SQuAD question, the engine's own retrieval and fitted ranker give the candidates;
 * the top 10 are re-scored with MaxSim (ColBERT-style): the mean over question tokens of the best
 * cosine to any token of the passage, from the ONNX model's last hidden state before pooling.
 * New score = ranker logit + w * MaxSim; w is chosen on the TRAINING articles (same split as
 * train-scorer: alphabetical, every third validates) and reported on the validation articles.
 * hit@1 here is passage-level (the first candidate holds an answer phrase), not the composed
 * answer's. Also prints what MaxSim costs per question. Nothing is shipped by this script.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { AutoTokenizer, env as transformersEnv } from '@xenova/transformers';
import ort from 'onnxruntime-node';
import { Command } from 'commander';
import { loadConfigOrExit, PROJECT_ROOT } from '../src/bootstrap/config.js';
import { setLogLevel } from '../src/bootstrap/logger.js';
import { cleanQuery } from '../src/engine/answer/query-clean.js';
import { checkQuestion } from '../src/engine/answer/question.js';
import { Engine } from '../src/engine/engine.js';
import { normalizeForMatch, readQuestions } from '../src/engine/evaluate.js';
import { MODEL_SPECS } from '../src/engine/embedders/models.js';
import { retrieve } from '../src/engine/retrieval/retriever.js';
import { passageRow } from '../src/engine/scoring/fitted.js';
import { logit } from '../src/engine/scoring/logistic.js';

const TOP = 10;
const WEIGHTS = Array.from({ length: 41 }, (_, i) => i * 0.5);

const program = new Command('maxsim-eval')
  .option('--index-dir <dir>', 'index of the SQuAD corpus (built if missing)', path.join(PROJECT_ROOT, '.train-scorer', 'squad2-corpus'))
  .parse();

/** Unit-length token vectors of one text, special tokens and padding dropped. */
async function tokenStates(tokenizer: Awaited<ReturnType<typeof AutoTokenizer.from_pretrained>>, session: ort.InferenceSession, text: string): Promise<Float32Array[]> {
  const enc = tokenizer([text], { padding: true, truncation: true }) as Record<string, { data: BigInt64Array; dims: number[] }>;
  const feeds: Record<string, ort.Tensor> = {};
  for (const name of session.inputNames) {
    const t = enc[name] ?? { data: new BigInt64Array(enc.input_ids!.data.length), dims: enc.input_ids!.dims };
    feeds[name] = new ort.Tensor('int64', t.data, t.dims);
  }
  const out = (await session.run(feeds))[session.outputNames[0]!]!;
  const [, tokens, dim] = out.dims as [number, number, number];
  const data = out.data as Float32Array;
  const vecs: Float32Array[] = [];
  for (let t = 1; t < tokens - 1; t++) {
    const v = data.slice(t * dim, (t + 1) * dim);
    let n = 0;
    for (const x of v) n += x * x;
    n = Math.sqrt(n) || 1;
    for (let d = 0; d < dim; d++) v[d]! /= n;
    vecs.push(v);
  }
  return vecs;
}

function maxSim(q: readonly Float32Array[], p: readonly Float32Array[]): number {
  if (!q.length || !p.length) return 0;
  let total = 0;
  for (const a of q) {
    let best = -1;
    for (const b of p) {
      let s = 0;
      for (let d = 0; d < a.length; d++) s += a[d]! * b[d]!;
      if (s > best) best = s;
    }
    total += best;
  }
  return total / q.length;
}

async function main(): Promise<void> {
  const { indexDir } = program.opts<{ indexDir: string }>();
  const base = loadConfigOrExit();
  setLogLevel('warn');
  const corpusDir = path.resolve(PROJECT_ROOT, '../shared/eval/squad2/corpus');
  const engine = await Engine.open({ ...base, corpusDir, indexDir });
  const fit = engine.profile.fitted;
  if (!fit) throw new Error(`the profile of ${base.embeddingModel} has no fitted section: run npm run train-scorer first`);
  const spec = MODEL_SPECS[base.embeddingModel] ?? { queryPrefix: '', documentPrefix: '' };
  transformersEnv.localModelPath = base.modelsDir;
  transformersEnv.allowRemoteModels = false;
  const tokenizer = await AutoTokenizer.from_pretrained(base.embeddingModel, { quantized: true });
  const modelFile = path.join(base.modelsDir, ...base.embeddingModel.split('/'), 'onnx/model_quantized.onnx');
  const session = await ort.InferenceSession.create(modelFile, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' });

  const questions = (await readQuestions(path.resolve(PROJECT_ROOT, '../shared/eval/squad2/questions.jsonl'))).filter((q) => q.answers.length > 0);
  const articles = [...new Set(questions.map((q) => q.document ?? ''))].sort();
  const validation = new Set(articles.filter((_, i) => i % 3 === 1));
  const passageCache = new Map<string, Float32Array[]>();
  const rows: { split: 'train' | 'validation'; labels: number[]; logits: number[]; sims: number[] }[] = [];
  let passageMs = 0;
  let passageRuns = 0;
  let simMs = 0;
  for (const q of questions) {
    const check = checkQuestion(q.question);
    const query = check.ok ? cleanQuery(check.text) : '';
    if (!/[\p{L}\p{N}]/u.test(query)) continue;
    const [qvec] = await engine.embedder.embed([query], 'query');
    const r = await retrieve(engine.index, query, qvec!, engine.profile, engine.scorer);
    const wanted = q.answers.map(normalizeForMatch);
    const top = r.passages
      .map((p) => ({ p, logit: logit(fit.ranker, passageRow(p)) }))
      .sort((a, b) => b.logit - a.logit)
      .slice(0, TOP);
    const labels = top.map(({ p }) => (wanted.some((w) => normalizeForMatch(engine.index.texts[p.doc]!.slice(p.start, p.end)).includes(w)) ? 1 : 0));
    if (!labels.includes(1)) continue; // MaxSim can only re-order what retrieval found
    const qTokens = await tokenStates(tokenizer, session, spec.queryPrefix + query);
    const sims: number[] = [];
    for (const { p } of top) {
      const key = `${p.doc}:${p.start}:${p.end}`;
      let pt = passageCache.get(key);
      if (!pt) {
        const t0 = performance.now();
        pt = await tokenStates(tokenizer, session, spec.documentPrefix + engine.index.texts[p.doc]!.slice(p.start, p.end));
        passageMs += performance.now() - t0;
        passageRuns++;
        passageCache.set(key, pt);
      }
      const t1 = performance.now();
      sims.push(maxSim(qTokens, pt));
      simMs += performance.now() - t1;
    }
    rows.push({ split: validation.has(q.document ?? '') ? 'validation' : 'train', labels, logits: top.map((t) => t.logit), sims });
  }
  const hitAt1 = (split: string, w: number) => {
    const rs = rows.filter((r) => r.split === split);
    const hits = rs.filter((r) => {
      let best = 0;
      r.logits.forEach((l, i) => {
        if (l + w * r.sims[i]! > r.logits[best]! + w * r.sims[best]!) best = i;
      });
      return r.labels[best] === 1;
    }).length;
    return { n: rs.length, hit: hits / rs.length };
  };
  const bestW = WEIGHTS.reduce((a, w) => (hitAt1('train', w).hit > hitAt1('train', a).hit ? w : a), 0);
  const line = (label: string, w: number) =>
    `${label.padEnd(22)} w=${w.toFixed(1).padStart(4)}  train hit@1 ${hitAt1('train', w).hit.toFixed(3)} (n=${hitAt1('train', w).n})  validation hit@1 ${hitAt1('validation', w).hit.toFixed(3)} (n=${hitAt1('validation', w).n})`;
  process.stdout.write(`model ${base.embeddingModel}; answerable questions whose top ${TOP} hold an answer\n`);
  process.stdout.write(`${line('fitted ranker alone', 0)}\n${line('+ w * MaxSim (w fit on train)', bestW)}\n`);
  process.stdout.write(
    `cost: passage token states ${(passageMs / passageRuns).toFixed(2)} ms per passage (${passageRuns} passages, one ONNX run each, 1 thread); MaxSim over ${TOP} passages ${(simMs / rows.length).toFixed(3)} ms per question\n`,
  );
  await engine.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
