/**
 * The engine's front door. Front ends (CLI, Discord) only talk to this class: open it once,
 * then ask, cite, summarise, list sources, reindex. It knows nothing about how answers are shown.
 */
import type { Config } from '../config.js';
import { log } from '../logger.js';
import { composeAnswer, suggest, type Answer, type AnswerContext } from './answer.js';
import { findSupport } from './cite.js';
import { resolveDocument } from './documents.js';
import { corpusOverview, documentSummary, topicSummary } from './summarize.js';
import type { Summary, SummaryLength } from './summary-types.js';
import { buildIndex, type BuildProgress } from './build-index.js';
import { CHUNKER_VERSION } from './chunker.js';
import { readCorpus, type Corpus, type CorpusWarning } from './corpus/read-corpus.js';
import { Embedder } from './embedder.js';
import { loadIndex, readManifest, type IndexData, type Manifest } from './index-store.js';
import { checkQuestion } from './question.js';
import { cleanQuery } from './query-clean.js';
import { scorerFor } from './scoring/registry.js';
import type { Scorer } from './scoring/types.js';
import { retrieve } from './retriever.js';
import { CorruptIndexError } from './store/vectra-store.js';

export type EngineConfig = Pick<
  Config,
  'corpusDir' | 'indexDir' | 'modelsDir' | 'embeddingModel' | 'allowRemoteModels' | 'embedThreads' | 'embedBatchSize'
>;

export interface OpenOptions {
  /** Called while an index is being built (missing, stale or corrupt index, or reindex). */
  onProgress?: (p: BuildProgress) => void;
  /** Rebuild even when the index is up to date. */
  forceRebuild?: boolean;
  /** Instead of the model's registered scorer (the scorer's own training script must not need a profile). */
  scorer?: Scorer;
}

export interface DocumentInfo {
  id: string;
  title: string;
  bytes: number;
  paragraphs: number;
  chunks: number;
  modifiedAt: string;
}

export interface IndexStatus {
  /** Why the index was (re)built at open, if it was. */
  rebuilt?: 'missing' | 'stale' | 'corrupt' | 'forced';
  builtAt: string;
  buildMs: number;
  documents: number;
  chunks: number;
  sentences: number;
  warnings: CorpusWarning[];
}

export interface ReindexReport {
  added: string[];
  removed: string[];
  changed: string[];
  unchanged: number;
  status: IndexStatus;
}

interface State {
  index: IndexData;
  texts: string[];
  status: IndexStatus;
}

/** Why an existing index cannot serve the current corpus and model, if it cannot. */
function staleness(manifest: Manifest, corpus: Corpus, modelId: string): string | undefined {
  if (manifest.chunker !== CHUNKER_VERSION) return 'chunking rules changed';
  if (manifest.model.id !== modelId) return `model changed (${manifest.model.id} → ${modelId})`;
  if (manifest.corpusHash !== corpus.hash) return 'documents changed';
  return undefined;
}

const NOTHING_TO_SEARCH = 'Please ask with words: mentions, links and emoji alone give me nothing to search the documents for.';

export class Engine {
  readonly embedder: Embedder;
  /** Orders candidate passages and decides answer / related / none. */
  readonly scorer: Scorer;
  private state!: State;
  private rebuilding: Promise<ReindexReport> | undefined;

  private constructor(
    readonly config: EngineConfig,
    scorer?: Scorer,
  ) {
    this.embedder = new Embedder({
      modelsDir: config.modelsDir,
      modelId: config.embeddingModel,
      allowRemote: config.allowRemoteModels,
      threads: config.embedThreads,
      batchSize: config.embedBatchSize,
    });
    this.scorer = scorer ?? scorerFor(config.embeddingModel);
  }

  /** Loads the index, building it first when it is missing, stale or corrupt. */
  static async open(config: EngineConfig, opts: OpenOptions = {}): Promise<Engine> {
    const engine = new Engine(config, opts.scorer);
    engine.state = await engine.loadOrBuild(opts);
    return engine;
  }

  private async loadOrBuild(opts: OpenOptions): Promise<State> {
    const corpus = await readCorpus(this.config.corpusDir);
    for (const w of corpus.warnings) log.warn(`skipped ${w.file}: ${w.reason}`);
    // The model loads while the index is read; a load error surfaces at the await below.
    const modelLoad = this.embedder.load();
    modelLoad.catch(() => {});
    let rebuilt: IndexStatus['rebuilt'] = opts.forceRebuild ? 'forced' : undefined;
    let index: IndexData | undefined;
    if (!rebuilt) {
      const read = await readManifest(this.config.indexDir);
      const why = read.status === 'ok' ? staleness(read.manifest, corpus, this.embedder.modelId) : undefined;
      if (read.status === 'missing') rebuilt = 'missing';
      else if (read.status === 'outdated' || why) {
        log.info(`index is stale (${why ?? 'index format changed'}); rebuilding`);
        rebuilt = 'stale';
      } else if (read.status === 'corrupt') {
        log.warn(`index in ${this.config.indexDir} is corrupt (${read.reason}); rebuilding`);
        rebuilt = 'corrupt';
      } else {
        try {
          index = await loadIndex(this.config.indexDir, read.manifest);
        } catch (err) {
          if (!(err instanceof CorruptIndexError)) throw err;
          log.warn(`index in ${this.config.indexDir} is corrupt (${err.message}); rebuilding`);
          rebuilt = 'corrupt';
        }
      }
    }
    await modelLoad;
    if (!index) index = (await buildIndex(corpus, this.embedder, this.config.indexDir, opts.onProgress)).index;
    const m = index.manifest;
    const files = new Map(corpus.files.map((f) => [f.id, f.text]));
    return {
      index,
      texts: m.documents.map((d) => files.get(d.id)!),
      status: {
        rebuilt,
        builtAt: m.builtAt,
        buildMs: m.buildMs,
        documents: m.documents.length,
        chunks: m.counts.chunks,
        sentences: m.counts.sentences,
        warnings: [...corpus.warnings, ...m.skipped],
      },
    };
  }

  get status(): IndexStatus {
    return this.state.status;
  }

  /** The index currently served (read-only). */
  get index(): IndexData {
    return this.state.index;
  }

  documents(): DocumentInfo[] {
    return this.state.index.manifest.documents.map((d) => ({
      id: d.id,
      title: d.title,
      bytes: d.bytes,
      paragraphs: d.paragraphs,
      chunks: d.chunks,
      modifiedAt: d.modifiedAt,
    }));
  }

  /** Index and document texts, for code that composes its own results (benchmarks, summaries). */
  get answerContext(): AnswerContext {
    return { index: this.state.index, texts: this.state.texts };
  }

  /**
   * Answers a question with verbatim quotes. `context` is an earlier question this one follows
   * up on ("and when was that?"): it joins the retrieval query, not the reported question.
   * `limit` raises the number of quotes (default 3) for front ends that page through sources.
   */
  async ask(rawQuestion: string, opts: { context?: string; limit?: number } = {}): Promise<Answer> {
    const check = checkQuestion(rawQuestion);
    if (!check.ok) return { question: rawQuestion, answered: false, citations: [], suggestions: [], message: check.message, confidence: 0, tier: 'none' };
    // Mentions, emoji, URLs and emphasis are shown back but not searched for.
    const searched = cleanQuery(check.text);
    if (!/[\p{L}\p{N}]/u.test(searched)) {
      return { question: check.text, answered: false, citations: [], suggestions: [], message: NOTHING_TO_SEARCH, confidence: 0, tier: 'none' };
    }
    const context = opts.context ? checkQuestion(cleanQuery(opts.context)) : undefined;
    const query = context?.ok ? `${context.text} ${searched}` : searched;
    const { index, texts } = this.state;
    const qvec = await this.embedder.embedOne(query, 'query');
    const r = retrieve(index, texts, query, qvec);
    const answer = composeAnswer({ index, texts }, query, r.passages, r.chunks, opts.limit, { scorer: this.scorer, qvec });
    return { ...answer, question: check.text };
  }

  /** Passages supporting a claim: exact or near-exact wording first, then the closest meaning. */
  async cite(rawClaim: string, opts: { limit?: number } = {}): Promise<Answer> {
    const check = checkQuestion(rawClaim);
    if (!check.ok) return { question: rawClaim, answered: false, citations: [], suggestions: [], message: check.message };
    const ctx = this.answerContext;
    const qvec = await this.embedder.embedOne(check.text, 'document');
    const candidates = this.candidateSentences(check.text, qvec, 10, 50);
    const citations = findSupport(ctx, check.text, qvec, candidates, opts.limit);
    if (citations.length > 0) return { question: check.text, answered: true, citations, suggestions: [] };
    return {
      question: check.text,
      answered: false,
      citations: [],
      suggestions: suggest(ctx, this.state.index.chunkVectors.search(qvec, 10).map((h) => h.id)),
      message: 'Nothing in the documents supports this.',
    };
  }

  /** Sentences of the best dense chunks plus the best lexical sentence hits. */
  private candidateSentences(text: string, qvec: Float32Array, chunks: number, lexical: number): number[] {
    const { index } = this.state;
    const ids = new Set<number>();
    for (const h of index.chunkVectors.search(qvec, chunks)) {
      const c = index.chunks[h.id]!;
      for (let s = c.firstSentence; s <= c.lastSentence; s++) ids.add(s);
    }
    for (const h of index.lexical.search(text, lexical)) ids.add(h.id);
    return [...ids];
  }

  /** A document from a file name, an unambiguous prefix, or title words; throws UnknownDocumentError. */
  findDocument(query: string): DocumentInfo {
    return resolveDocument(query, this.documents());
  }

  summarizeDocument(query: string, length: SummaryLength = 'medium'): Summary {
    const doc = this.findDocument(query);
    const docIndex = this.state.index.manifest.documents.findIndex((d) => d.id === doc.id);
    return documentSummary(this.answerContext, docIndex, length);
  }

  async summarizeTopic(rawTopic: string, length: SummaryLength = 'medium'): Promise<Summary> {
    const check = checkQuestion(rawTopic);
    if (!check.ok) return { kind: 'topic', title: rawTopic, citations: [], message: check.message };
    const qvec = await this.embedder.embedOne(check.text, 'query');
    return topicSummary(this.answerContext, check.text, qvec, this.candidateSentences(check.text, qvec, 30, 100), length);
  }

  /** One line per document: title and its most representative sentence. */
  overview(): Summary {
    return corpusOverview(this.answerContext);
  }

  /**
   * Re-reads the corpus and rebuilds the index, swapping it in when done; queries keep being
   * served from the old index meanwhile. Concurrent calls share one rebuild.
   */
  reindex(onProgress?: (p: BuildProgress) => void): Promise<ReindexReport> {
    this.rebuilding ??= (async () => {
      const before = new Map(this.state.index.manifest.documents.map((d) => [d.id, d.hash]));
      const next = await this.loadOrBuild({ forceRebuild: true, onProgress });
      this.state = next;
      const after = next.index.manifest.documents;
      const afterIds = new Set(after.map((d) => d.id));
      return {
        added: after.filter((d) => !before.has(d.id)).map((d) => d.id),
        removed: [...before.keys()].filter((id) => !afterIds.has(id)),
        changed: after.filter((d) => before.has(d.id) && before.get(d.id) !== d.hash).map((d) => d.id),
        unchanged: after.filter((d) => before.get(d.id) === d.hash).length,
        status: next.status,
      };
    })().finally(() => (this.rebuilding = undefined));
    return this.rebuilding;
  }
}
