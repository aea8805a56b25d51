/**
 * Local sentence embeddings: the transformers.js tokenizer in front of an onnxruntime-node
 * session, pooled and L2-normalised the way sentence-transformers does it.
 *
 * Why not `pipeline('feature-extraction')`: transformers.js 2.17.2 creates its ONNX session
 * from a buffer, and onnxruntime-node 1.14 ignores `intraOpNumThreads` for buffer sessions.
 * Creating the session from the vendored file path keeps thread control (EMBED_THREADS).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PreTrainedTokenizer } from '@xenova/transformers';
import type ort from 'onnxruntime-node';
import { z } from 'zod';
import { UserError } from '../../errors.js';
import { normalize } from '../../domain/vector.js';
import { MODEL_SPECS, type ModelSpec } from './models.js';
import type { EmbedKind, Embedder } from './types.js';

export interface EmbedderOptions {
  /** Folder holding `<org>/<name>/…` model folders. */
  modelsDir: string;
  /** e.g. `Xenova/all-MiniLM-L6-v2`. */
  modelId: string;
  /** Download from the Hugging Face hub when the model is not vendored. */
  allowRemote?: boolean;
  /** onnxruntime intra-op threads. */
  threads?: number;
  /**
   * Texts per ONNX run. Default 1: the quantized graph quantizes activations per tensor, so
   * padding and neighbours in a batch shift each vector slightly, and on 2 cores batching was
   * measured slower anyway (padding waste). Larger batches are for benchmarking.
   */
  batchSize?: number;
}

export class EmbedderError extends UserError {
  override name = 'EmbedderError';
}

export const REQUIRED_MODEL_FILES = [
  'config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'onnx/model_quantized.onnx',
] as const;

const poolingSchema = z.object({
  pooling_mode_cls_token: z.boolean().default(false),
  pooling_mode_mean_tokens: z.boolean().default(true),
});
const promptsSchema = z.object({ prompts: z.record(z.string(), z.string()).default({}) });

const modelConfigSchema = z.object({ hidden_size: z.number().int().positive() });

interface Loaded {
  ort: typeof ort;
  tokenizer: PreTrainedTokenizer;
  session: ort.InferenceSession;
  dimension: number;
  pooling: 'mean' | 'cls';
  queryPrefix: string;
  documentPrefix: string;
  maxTokens: number;
}

function readJson<T>(file: string, schema: z.ZodType<T>, fallback: T): T {
  if (!existsSync(file)) return fallback;
  try {
    return schema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (err) {
    throw new EmbedderError(`model file ${file} is not valid (${(err as Error).message.split('\n')[0]}): restore it with "git checkout -- models"`);
  }
}

type Transformers = typeof import('@xenova/transformers');

/**
 * transformers.js's tokenizer and settings, and onnxruntime, imported by the first `load()`
 * rather than with this module: module loading at start that the engine overlaps with reading
 * its corpus and index. Only the tokenizer and env modules of transformers.js (pinned 2.17.2)
 * are imported, not its entry point, which also loads its image code and sharp's native library
 * (~0.1 s) that text embedding never uses; the hub path (ALLOW_REMOTE_MODELS) imports the rest.
 */
let runtime: Promise<{ transformers: Pick<Transformers, 'AutoTokenizer' | 'env'>; ort: typeof ort }> | undefined;
function loadRuntime(): NonNullable<typeof runtime> {
  // Specifiers as strings: the package's type declarations describe its entry point only.
  const tokenizers = '@xenova/transformers/src/tokenizers.js';
  const env = '@xenova/transformers/src/env.js';
  runtime ??= Promise.all([import(tokenizers), import(env), import('onnxruntime-node')]).then(([t, e, onnx]) => ({
    transformers: { AutoTokenizer: (t as Transformers).AutoTokenizer, env: (e as Transformers).env },
    // A CommonJS module: its exports are `default` under Node's interop, the namespace itself under tsx's.
    ort: (onnx as { default?: typeof ort }).default ?? (onnx as unknown as typeof ort),
  }));
  return runtime;
}

export class OnnxEmbedder implements Embedder {
  readonly modelId: string;
  readonly modelDir: string;
  private readonly opts: Required<EmbedderOptions>;
  private loading: Promise<Loaded> | undefined;
  private loaded: Loaded | undefined;

  constructor(opts: EmbedderOptions) {
    this.opts = { allowRemote: false, threads: 0, batchSize: 1, ...opts };
    this.modelId = opts.modelId;
    this.modelDir = path.join(opts.modelsDir, ...opts.modelId.split('/'));
  }

  /** Embedding size; known once the model is loaded (`await load()`). */
  get dimension(): number {
    return this.need().dimension;
  }

  /** Model's maximum input length in tokens; known once the model is loaded. */
  get maxTokens(): number {
    return this.need().maxTokens;
  }

  private need(): Loaded {
    if (!this.loaded) throw new EmbedderError('the embedding model was used before load()');
    return this.loaded;
  }

  /** Loads tokenizer and ONNX session once; concurrent callers share the same promise. */
  async load(): Promise<void> {
    await this.loadModel();
  }

  private loadModel(): Promise<Loaded> {
    this.loading ??= this.doLoad().then(
      (l) => (this.loaded = l),
      (err) => {
        this.loading = undefined; // let a later call retry after the user fixes the files
        throw err;
      },
    );
    return this.loading;
  }

  private fixHint(): string {
    const name = this.modelId.split('/')[1] ?? this.modelId;
    return `restore it with "git checkout -- models" or "scripts/fetch-model.sh ${name}", or set ALLOW_REMOTE_MODELS=true to download it from the Hugging Face hub`;
  }

  private async doLoad(): Promise<Loaded> {
    const relative = path.relative(process.cwd(), this.modelDir);
    const rel = relative && !relative.startsWith('..') ? relative : this.modelDir;
    const missing = REQUIRED_MODEL_FILES.filter((f) => !existsSync(path.join(this.modelDir, f)));
    const local = missing.length === 0;
    if (!local && !this.opts.allowRemote) {
      const what = existsSync(this.modelDir)
        ? `model folder ${rel} is incomplete (missing ${missing.join(', ')})`
        : `model folder ${rel} not found`;
      throw new EmbedderError(`${what}: ${this.fixHint()}`);
    }

    const { transformers, ort } = await loadRuntime();
    const { AutoTokenizer, env: transformersEnv } = transformers;
    transformersEnv.localModelPath = this.opts.modelsDir;
    transformersEnv.allowLocalModels = true;
    transformersEnv.allowRemoteModels = this.opts.allowRemote;

    let tokenizer: PreTrainedTokenizer;
    let session: ort.InferenceSession;
    try {
      tokenizer = await AutoTokenizer.from_pretrained(this.modelId, { quantized: true });
      if (local) {
        const sessionOptions: ort.InferenceSession.SessionOptions = {
          graphOptimizationLevel: 'all',
          executionMode: 'sequential',
          ...(this.opts.threads > 0 ? { intraOpNumThreads: this.opts.threads, interOpNumThreads: 1 } : {}),
        };
        session = await ort.InferenceSession.create(path.join(this.modelDir, 'onnx/model_quantized.onnx'), sessionOptions);
      } else {
        // Hub download: transformers.js fetches and caches the graph; its session comes from a
        // buffer, so EMBED_THREADS has no effect on this path.
        const { AutoModel } = await import('@xenova/transformers');
        const model = await AutoModel.from_pretrained(this.modelId, { quantized: true });
        session = (model as unknown as { session: ort.InferenceSession }).session;
      }
    } catch (err) {
      if (err instanceof EmbedderError) throw err;
      const reason = (err as Error).message.split('\n')[0];
      throw new EmbedderError(`could not load model ${this.modelId} from ${rel} (${reason}): the files may be corrupt; ${this.fixHint()}`);
    }

    const cfg = readJson(path.join(this.modelDir, 'config.json'), modelConfigSchema, { hidden_size: 0 });
    const spec = MODEL_SPECS[this.modelId] ?? this.specFromFiles();
    // The document prefix is embedded with every chunk, so it takes its share of the input limit.
    const prefixTokens = spec.documentPrefix ? tokenizer.encode(spec.documentPrefix).length - 2 : 0;
    const loaded: Loaded = {
      ort,
      tokenizer,
      session,
      dimension: cfg.hidden_size,
      pooling: spec.pooling,
      queryPrefix: spec.queryPrefix,
      documentPrefix: spec.documentPrefix,
      maxTokens: (tokenizer.model_max_length ?? 512) - prefixTokens,
    };
    // One probe run validates the graph (a truncated file can load but fail to run) and the dimension.
    const [probe] = await this.runBatch(loaded, ['probe']);
    if (!probe) throw new EmbedderError(`model ${this.modelId} produced no output: ${this.fixHint()}`);
    loaded.dimension = probe.length;
    return loaded;
  }

  /** A model outside MODEL_SPECS: pooling and prompts from its sentence-transformers files. */
  private specFromFiles(): ModelSpec {
    const pool = readJson(path.join(this.modelDir, '1_Pooling/config.json'), poolingSchema, {
      pooling_mode_cls_token: false,
      pooling_mode_mean_tokens: true,
    });
    const { prompts } = readJson(path.join(this.modelDir, 'config_sentence_transformers.json'), promptsSchema, { prompts: {} });
    return { pooling: pool.pooling_mode_cls_token ? 'cls' : 'mean', queryPrefix: prompts.query ?? '', documentPrefix: prompts.document ?? '' };
  }

  /** Embeds texts into unit-length vectors, in input order. */
  async embed(texts: readonly string[], kind: EmbedKind = 'document'): Promise<Float32Array[]> {
    const l = this.loaded ?? (await this.loadModel());
    const prefix = kind === 'query' ? l.queryPrefix : l.documentPrefix;
    const inputs = prefix ? texts.map((t) => prefix + t) : [...texts];
    // Sorting by length keeps padding (wasted compute) low inside each batch.
    const order = inputs.map((_, i) => i).sort((a, b) => inputs[a].length - inputs[b].length);
    const out = new Array<Float32Array>(inputs.length);
    for (let start = 0; start < order.length; start += this.opts.batchSize) {
      const idx = order.slice(start, start + this.opts.batchSize);
      const vecs = await this.runBatch(l, idx.map((i) => inputs[i]));
      idx.forEach((i, k) => (out[i] = vecs[k]));
    }
    return out;
  }

  /** Tokens the model sees (special tokens included), for sizing chunks. */
  countTokens(text: string): number {
    return this.need().tokenizer.encode(text).length;
  }

  private async runBatch(l: Loaded, texts: string[]): Promise<Float32Array[]> {
    const enc = l.tokenizer(texts, { padding: true, truncation: true }) as Record<
      string,
      { data: BigInt64Array; dims: number[] }
    >;
    const feeds: Record<string, ort.Tensor> = {};
    for (const name of l.session.inputNames) {
      const t = enc[name];
      if (t) feeds[name] = new l.ort.Tensor('int64', t.data, t.dims);
      else if (name === 'token_type_ids') {
        const ids = enc.input_ids!;
        feeds[name] = new l.ort.Tensor('int64', new BigInt64Array(ids.data.length), ids.dims);
      }
    }
    const result = await l.session.run(feeds);
    const hidden = result[l.session.outputNames[0]];
    return pool(hidden.data as Float32Array, hidden.dims as number[], enc.attention_mask!.data, l.pooling);
  }
}

/** Mean (masked) or CLS pooling over `[batch, tokens, dim]`, then L2 normalisation. */
export function pool(hidden: Float32Array, dims: readonly number[], mask: BigInt64Array, mode: 'mean' | 'cls'): Float32Array[] {
  const [batch, tokens, dim] = dims as [number, number, number];
  const out: Float32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const v = new Float32Array(dim);
    if (mode === 'cls') {
      v.set(hidden.subarray(b * tokens * dim, b * tokens * dim + dim));
    } else {
      let count = 0;
      for (let t = 0; t < tokens; t++) {
        if (mask[b * tokens + t] === 0n) continue;
        count++;
        const off = (b * tokens + t) * dim;
        for (let d = 0; d < dim; d++) v[d] += hidden[off + d];
      }
      if (count > 0) for (let d = 0; d < dim; d++) v[d] /= count;
    }
    out.push(normalize(v));
  }
  return out;
}
