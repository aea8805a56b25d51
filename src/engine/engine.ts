/**
 * The engine's front door, and the only one: front ends (CLI, Discord) and the bench talk to
 * this class alone. Open it once, then ask, cite, summarise, list documents, reindex. It knows
 * nothing about how answers are shown.
 */
import type { Config } from '../bootstrap/config.js';
import { log } from '../bootstrap/logger.js';
import type { Answer, Summary, SummaryLength } from '../domain/types.js';
import { CorruptIndexError } from '../errors.js';
import { citeClaim } from './answer/cite.js';
import { composeAnswer, suggest } from './answer/compose.js';
import { checkQuestion } from './answer/question.js';
import { cleanQuery } from './answer/query-clean.js';
import { CHUNKER_VERSION } from './chunking/chunker.js';
import { resolveDocument } from './documents.js';
import { createEmbedder } from './embedders/registry.js';
import type { Embedder } from './embedders/types.js';
import { buildIndex, type BuildProgress } from './index/build.js';
import { readCorpus, type Corpus, type CorpusWarning } from './index/corpus.js';
import { loadIndex, readManifest, type IndexData, type Manifest } from './index/snapshot.js';
import { retrieve, type RetrievalTimings } from './retrieval/retriever.js';
import { profileFor, type ScoringProfile } from './scoring/profile.js';
import { createScorer } from './scoring/registry.js';
import type { Scorer } from './scoring/types.js';
import { createSummarizer } from './summarize/registry.js';
import { corpusOverview, documentSummary, topicSummary } from './summarize/summaries.js';
import type { Summarizer } from './summarize/types.js';

export type EngineConfig = Pick<
  Config,
  'corpusDir' | 'indexDir' | 'modelsDir' | 'embeddingModel' | 'allowRemoteModels' | 'embedThreads' | 'embedBatchSize'
>;

export interface OpenOptions {
  /** Called while an index is being built (missing, stale or corrupt index, or reindex). */
  onProgress?: (p: BuildProgress) => void;
  /** Rebuild even when the index is up to date. */
  forceRebuild?: boolean;
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

/** Where the time of one `ask` went, in ms (filled in when passed to `ask`; for the bench). */
export interface AskTimings extends RetrievalTimings {
  embed: number;
  compose: number;
  total: number;
}

interface State {
  index: IndexData;
  status: IndexStatus;
}

/** Why an existing index cannot serve the current corpus and model, if it cannot. */
function staleness(manifest: Manifest, corpus: Corpus, modelId: string, summarizer: string): string | undefined {
  if (manifest.chunker !== CHUNKER_VERSION) return 'chunking rules changed';
  if (manifest.model.id !== modelId) return `model changed (${manifest.model.id} → ${modelId})`;
  if (manifest.summarizer !== summarizer) return `summarizer changed (${manifest.summarizer} → ${summarizer})`;
  if (manifest.corpusHash !== corpus.hash) return 'documents changed';
  return undefined;
}

const NOTHING_TO_SEARCH = 'Please ask with words: mentions, links and emoji alone give me nothing to search the documents for.';

export class Engine {
  readonly embedder: Embedder;
  /** Tuned numbers for the embedding model. */
  readonly profile: ScoringProfile;
  readonly scorer: Scorer;
  readonly summarizer: Summarizer;
  private state!: State;
  private rebuilding: Promise<ReindexReport> | undefined;

  private constructor(readonly config: EngineConfig) {
    this.embedder = createEmbedder(config);
    this.profile = profileFor(this.embedder.modelId);
    this.scorer = createScorer(this.profile);
    this.summarizer = createSummarizer(this.profile);
  }

  /** Loads the index, building it first when it is missing, stale or corrupt. */
  static async open(config: EngineConfig, opts: OpenOptions = {}): Promise<Engine> {
    const engine = new Engine(config);
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
      const why = read.status === 'ok' ? staleness(read.manifest, corpus, this.embedder.modelId, this.summarizer.name) : undefined;
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
    if (!index) {
      index = (await buildIndex(corpus, this.embedder, this.config.indexDir, { summarizer: this.summarizer, onProgress: opts.onProgress })).index;
    }
    const m = index.manifest;
    return {
      index,
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

  /** The index currently served (read-only; for the bench and diagnostics). */
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

  private async embedQuery(text: string, kind: 'query' | 'document'): Promise<Float32Array> {
    const [v] = await this.embedder.embed([text], kind);
    return v!;
  }

  /**
   * Answers a question with verbatim quotes. `context` is an earlier question this one follows
   * up on ("and when was that?"): it joins the retrieval query, not the reported question.
   * `limit` raises the number of quotes (default 3) for front ends that page through sources.
   * `timings`, when given, is filled with where the time went.
   */
  async ask(rawQuestion: string, opts: { context?: string; limit?: number; timings?: AskTimings } = {}): Promise<Answer> {
    const started = performance.now();
    const check = checkQuestion(rawQuestion);
    if (!check.ok) return { question: rawQuestion, answered: false, citations: [], suggestions: [], message: check.message, confidence: 0, tier: 'none' };
    // Mentions, emoji, links and emphasis are shown back but not searched for.
    const searched = cleanQuery(check.text);
    if (!/[\p{L}\p{N}]/u.test(searched)) {
      return { question: check.text, answered: false, citations: [], suggestions: [], message: NOTHING_TO_SEARCH, confidence: 0, tier: 'none' };
    }
    const context = opts.context ? checkQuestion(cleanQuery(opts.context)) : undefined;
    const query = context?.ok ? `${context.text} ${searched}` : searched;
    const { index } = this.state;
    let t = performance.now();
    const qvec = await this.embedQuery(query, 'query');
    const embedMs = performance.now() - t;
    const r = await retrieve(index, query, qvec, this.profile, this.scorer, opts.timings);
    t = performance.now();
    const answer = composeAnswer(index, query, r.passages, r.chunks, {
      profile: this.profile,
      scorer: this.scorer,
      sentenceVectors: r.sentenceVectors,
      limit: opts.limit,
    });
    if (opts.timings) Object.assign(opts.timings, { embed: embedMs, compose: performance.now() - t, total: performance.now() - started });
    return { ...answer, question: check.text };
  }

  /** Passages supporting a claim: exact or near-exact wording first, then the closest meaning. */
  async cite(rawClaim: string, opts: { limit?: number } = {}): Promise<Answer> {
    const check = checkQuestion(rawClaim);
    if (!check.ok) return { question: rawClaim, answered: false, citations: [], suggestions: [], message: check.message };
    const { index } = this.state;
    const qvec = await this.embedQuery(check.text, 'document');
    const candidates = await this.candidateSentences(check.text, qvec, 10, 50);
    const citations = await citeClaim(index, check.text, qvec, candidates, this.profile.cite, opts.limit);
    if (citations.length > 0) return { question: check.text, answered: true, citations, suggestions: [] };
    const near = (await index.chunkVectors.search(qvec, 10)).map((h) => index.chunkPosition.get(h.id)!);
    return {
      question: check.text,
      answered: false,
      citations: [],
      suggestions: suggest(index, near),
      message: 'Nothing in the documents supports this.',
    };
  }

  /** Sentences of the best dense chunks plus the best lexical sentence hits (positions). */
  private async candidateSentences(text: string, qvec: Float32Array, chunks: number, lexical: number): Promise<number[]> {
    const { index } = this.state;
    const ids = new Set<number>();
    for (const h of await index.chunkVectors.search(qvec, chunks)) {
      const c = index.chunks[index.chunkPosition.get(h.id)!]!;
      for (let s = c.firstSentence; s <= c.lastSentence; s++) ids.add(s);
    }
    for (const h of await index.lexical.search(text, lexical)) ids.add(index.sentencePosition.get(h.id)!);
    return [...ids];
  }

  /** A document from a file name, an unambiguous prefix, or title words; throws UnknownDocumentError. */
  findDocument(query: string): DocumentInfo {
    return resolveDocument(query, this.documents());
  }

  summarizeDocument(query: string, length: SummaryLength = 'medium'): Summary {
    const doc = this.findDocument(query);
    const docIndex = this.state.index.manifest.documents.findIndex((d) => d.id === doc.id);
    return documentSummary(this.state.index, docIndex, length);
  }

  async summarizeTopic(rawTopic: string, length: SummaryLength = 'medium'): Promise<Summary> {
    const check = checkQuestion(rawTopic);
    if (!check.ok) return { kind: 'topic', title: rawTopic, citations: [], message: check.message };
    const qvec = await this.embedQuery(check.text, 'query');
    const candidates = await this.candidateSentences(check.text, qvec, 30, 100);
    return topicSummary(this.state.index, this.summarizer, check.text, qvec, candidates, length);
  }

  /** One line per document: title and its most representative sentence. */
  overview(): Summary {
    return corpusOverview(this.state.index);
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

  async close(): Promise<void> {
    await this.embedder.close?.();
  }
}
