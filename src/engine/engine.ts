/**
 * The engine's front door, and the only one: front ends (CLI, Discord) and the bench talk to
 * this class alone. Open it once, then ask, cite, summarise, list documents, reindex. It knows
 * nothing about how answers are shown.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
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
import { checkDocumentBytes, DocumentFileError, safeFileName, saveCorpusFile } from './index/corpus-files.js';
import { withIndexLock } from './index/lock.js';
import { readCorpus, type Corpus, type CorpusWarning, type ReadCache } from './index/corpus.js';
import { FORMAT_VERSION, loadIndex, readManifest, removeAbandonedTemps, type IndexData, type Manifest } from './index/snapshot.js';
import { retrieve, type RetrievalTimings } from './retrieval/retriever.js';
import { DEFAULT_VECTOR_STORE } from './stores/registry.js';
import { profileFor, type ScoringProfile } from './scoring/profile.js';
// The Postgres backend (and `pg`) is imported when DATABASE_URL is set, not at every start.
import type { Database } from './stores/postgres/database.js';
import { createScorer } from './scoring/registry.js';
import type { Scorer } from './scoring/types.js';
import { createSummarizer } from './summarize/registry.js';
import { corpusOverview, documentSummary, topicSummary } from './summarize/summaries.js';
import type { Summarizer } from './summarize/types.js';

/** Listing what the readers leave out needs no model or index: a function beside the facade. */
export { listSkipped, type SkippedReport } from './index/skipped.js';

export type EngineConfig = Pick<
  Config,
  'corpusDir' | 'indexDir' | 'modelsDir' | 'embeddingModel' | 'allowRemoteModels' | 'embedThreads' | 'embedBatchSize'
> &
  Partial<Pick<Config, 'databaseUrl' | 'pgEfSearch'>> & {
    /** Vector store for new builds (stores/registry.ts); default vectra. Loading uses the one a build names. Ignored with databaseUrl (pgvector). */
    vectorStore?: string;
  };

export interface OpenOptions {
  /** Called while an index is being built (missing, stale or corrupt index, or reindex). */
  onProgress?: (p: BuildProgress) => void;
  /** Rebuild even when the index is up to date. */
  forceRebuild?: boolean;
  /**
   * Embeds questions instead of the engine's own embedder, e.g. a worker pool so that the event
   * loop stays free (the bot). Must be the same model; index builds use the engine's embedder.
   */
  queryEmbedder?: QueryEmbedder;
  /**
   * Embeds documents for reindexes after open, e.g. the same worker pool, so that a reindex
   * leaves the event loop free while the bot serves (onnxruntime-node runs in-thread sessions
   * synchronously). Must be the same model. The build at open keeps the engine's own embedder
   * and all its threads: nothing is served yet.
   */
  reindexEmbedder?: Embedder;
}

export type QueryEmbedder = Pick<Embedder, 'modelId' | 'embed'>;

export interface DocumentInfo {
  id: string;
  title: string;
  bytes: number;
  paragraphs: number;
  sentences: number;
  chunks: number;
  modifiedAt: string;
}

/** A document added through `addDocument`: what was indexed. */
export interface AddedDocument {
  document: DocumentInfo;
  /** Whether it replaced a file of the same name. */
  replaced: boolean;
  /** Blocks the reader found (headings, paragraphs, list items…), and pages for paged formats. */
  blocks: number;
  pages?: number;
  report: ReindexReport;
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
  /** Distinct texts embedded by the last build in this process, and those reused from the previous build (0 when loaded). */
  embedded?: number;
  reused?: number;
}

export interface ReindexReport {
  added: string[];
  removed: string[];
  changed: string[];
  unchanged: number;
  /** Distinct texts embedded for this reindex, and those whose vectors were reused. */
  embedded: number;
  reused: number;
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

/** What the engine serves: an index and the status that describes it. */
function servedState(index: IndexData, corpus: Corpus, rebuilt: IndexStatus['rebuilt'], embedded: number, reused: number): State {
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
      embedded,
      reused,
    },
  };
}

/** Why an existing index cannot serve the current corpus and model, if it cannot. */
function staleness(manifest: Manifest, corpus: Corpus, modelId: string, summarizer: string, vectorStore: string): string | undefined {
  if (manifest.chunker !== CHUNKER_VERSION) return 'chunking rules changed';
  if (manifest.model.id !== modelId) return `model changed (${manifest.model.id} → ${modelId})`;
  if (manifest.summarizer !== summarizer) return `summarizer changed (${manifest.summarizer} → ${summarizer})`;
  if (manifest.vectorStore !== vectorStore) return `vector store changed (${manifest.vectorStore} → ${vectorStore})`;
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
  /** Set when the index lives in Postgres (DATABASE_URL). */
  private db: Database | undefined;
  private rebuilding: Promise<ReindexReport> | undefined;
  /** Files read by this engine's builds, so an update re-reads only changed files. */
  private readonly readCache: ReadCache = new Map();
  private queryEmbedder: QueryEmbedder | undefined;
  private reindexEmbedder: Embedder | undefined;

  private constructor(readonly config: EngineConfig) {
    this.embedder = createEmbedder(config);
    this.profile = profileFor(this.embedder.modelId);
    this.scorer = createScorer(this.profile);
    this.summarizer = createSummarizer(this.profile);
  }

  /** Loads the index, building it first when it is missing, stale or corrupt. */
  static async open(config: EngineConfig, opts: OpenOptions = {}): Promise<Engine> {
    const engine = new Engine(config);
    if (opts.queryEmbedder && opts.queryEmbedder.modelId !== engine.embedder.modelId) {
      throw new Error(`query embedder model ${opts.queryEmbedder.modelId} differs from ${engine.embedder.modelId}`);
    }
    engine.queryEmbedder = opts.queryEmbedder;
    if (opts.reindexEmbedder && opts.reindexEmbedder.modelId !== engine.embedder.modelId) {
      throw new Error(`reindex embedder model ${opts.reindexEmbedder.modelId} differs from ${engine.embedder.modelId}`);
    }
    engine.reindexEmbedder = opts.reindexEmbedder;
    // A build killed mid-way leaves its temporary folder (up to a whole index): gone at open, not at the next build.
    await removeAbandonedTemps(config.indexDir);
    engine.state = await engine.loadOrBuild(opts);
    return engine;
  }

  /**
   * The index for the corpus as it is now: `current` when still up to date, else the one on
   * disk, else a new build (under the index lock; only texts that changed are embedded).
   */
  private async loadOrBuild(opts: OpenOptions, current?: State): Promise<State> {
    // The model loads while the corpus and index are read; a load error surfaces at the await below.
    const modelLoad = this.documentEmbedder(current).load();
    modelLoad.catch(() => {});
    const corpus = await readCorpus(this.config.corpusDir);
    for (const w of corpus.warnings) log.warn(`skipped ${w.file}: ${w.reason}`);
    if (this.config.databaseUrl) {
      const { Database } = await import('./stores/postgres/database.js');
      this.db ??= await Database.open(this.config.databaseUrl, { efSearch: this.config.pgEfSearch });
      return this.loadOrSyncPostgres(this.db, corpus, modelLoad, opts, current);
    }
    let rebuilt: IndexStatus['rebuilt'] = opts.forceRebuild ? 'forced' : undefined;
    let index: IndexData | undefined;
    if (!rebuilt) {
      const found = await this.usableIndex(corpus, current);
      if ('index' in found) index = found.index;
      else rebuilt = found.rebuild;
    }
    await modelLoad;
    let embedded = 0;
    let reused = 0;
    if (!index) {
      index = await withIndexLock(this.config.indexDir, async (waited) => {
        // Another process built while we waited: its index may be exactly the one needed.
        if (waited) {
          const found = await this.usableIndex(corpus, current, false);
          if ('index' in found) {
            log.info('the other build left the index up to date; using it');
            rebuilt = undefined;
            return found.index;
          }
        }
        const built = await buildIndex(corpus, this.documentEmbedder(current), this.config.indexDir, {
          summarizer: this.summarizer,
          onProgress: opts.onProgress,
          vectorStore: this.config.vectorStore,
          // What is served now: its vectors and summaries are reused for unchanged texts and documents.
          previous: current?.index,
          readCache: this.readCache,
        });
        ({ embedded, reused } = built);
        log.debug(`build embedded ${embedded} text(s), reused ${reused}`);
        return built.index;
      });
    }
    const m = index.manifest;
    // A fresh build logged what its readers refused; an index read from disk says it here.
    if (!rebuilt && index !== current?.index) for (const w of m.skipped) log.warn(`skipped ${w.file}: ${w.reason}`);
    return servedState(index, corpus, rebuilt, embedded, reused);
  }

  /**
   * The index in Postgres: served as it is when it matches the corpus and model; otherwise this
   * process syncs it unless another one already is (advisory lock), in which case the index
   * already there is served meanwhile, or waited for when there is none yet. A sync embeds only
   * texts whose vectors the index served before does not already hold (same content hash).
   */
  private async loadOrSyncPostgres(db: Database, corpus: Corpus, modelLoad: Promise<void>, opts: OpenOptions, current?: State): Promise<State> {
    const { loadPgIndex, PG_VECTOR_STORE, publishIndex, readPgManifest } = await import('./index/postgres-snapshot.js');
    const { syncOnce } = await import('./stores/postgres/lock.js');
    const freshness = async () => {
      const read = await readPgManifest(db);
      if (read.status === 'ok') return { usable: true, why: staleness(read.manifest, corpus, this.embedder.modelId, this.summarizer.name, PG_VECTOR_STORE), builtAt: read.manifest.builtAt };
      return { usable: false, why: read.status === 'corrupt' ? read.reason : read.status, builtAt: undefined };
    };
    let rebuilt: IndexStatus['rebuilt'] = opts.forceRebuild ? 'forced' : undefined;
    let embedded = 0;
    let reused = 0;
    const before = await freshness();
    if (opts.forceRebuild || !before.usable || before.why) {
      await modelLoad;
      const outcome = await syncOnce(
        db,
        async () => {
          // Another process may have synced while this one waited for the lock.
          const now = await freshness();
          if (!opts.forceRebuild && now.usable && !now.why) return;
          rebuilt ??= now.why === 'missing' ? 'missing' : now.usable || now.why === 'outdated' ? 'stale' : 'corrupt';
          if (now.why && now.why !== 'missing') log.info(`index in Postgres needs a sync (${now.why})`);
          // Vectors to reuse: the index this engine serves, else the one in Postgres (stale but readable).
          const previous = current?.index ?? (now.usable ? await loadPgIndex(db).catch(() => undefined) : undefined);
          // Built in memory (the scratch folder only gets the small JSON parts), then published.
          const built = await buildIndex(corpus, this.documentEmbedder(current), path.join(this.config.indexDir, 'postgres-build'), {
            summarizer: this.summarizer,
            onProgress: opts.onProgress,
            vectorStore: 'memory',
            previous,
            readCache: this.readCache,
          });
          ({ embedded, reused } = built);
          log.debug(`build embedded ${embedded} text(s), reused ${reused}`);
          await publishIndex(db, built.index);
        },
        { waitIfBusy: !before.usable },
      );
      if (outcome === 'skipped') log.info('another process is syncing the index in Postgres; serving the one already there');
    }
    await modelLoad;
    const published = await readPgManifest(db);
    // Unchanged since this engine loaded it: keep serving what is in memory.
    const index =
      current && published.status === 'ok' && published.manifest.builtAt === current.index.manifest.builtAt ? current.index : await loadPgIndex(db);
    return servedState(index, corpus, rebuilt, embedded, reused);
  }

  /** What embeds documents: the reindex embedder once an index is served (`current`), else the engine's own. */
  private documentEmbedder(current: State | undefined): Embedder {
    return current ? (this.reindexEmbedder ?? this.embedder) : this.embedder;
  }

  /** The index that serves `corpus` as it is (the one in memory, else the one on disk), or why a build is needed. */
  private async usableIndex(
    corpus: Corpus,
    current: State | undefined,
    verbose = true,
  ): Promise<{ index: IndexData } | { rebuild: NonNullable<IndexStatus['rebuilt']> }> {
    const read = await readManifest(this.config.indexDir);
    const why =
      read.status === 'ok'
        ? staleness(read.manifest, corpus, this.embedder.modelId, this.summarizer.name, this.config.vectorStore ?? DEFAULT_VECTOR_STORE)
        : undefined;
    if (read.status === 'missing') return { rebuild: 'missing' };
    if (read.status === 'outdated' || why) {
      const format = read.status === 'outdated' ? `index format ${String(read.formatVersion)} → ${FORMAT_VERSION}` : '';
      if (verbose) log.info(`index is stale (${why ?? format}); rebuilding`);
      return { rebuild: 'stale' };
    }
    if (read.status === 'corrupt') {
      if (verbose) log.warn(`index in ${this.config.indexDir} is corrupt (${read.reason}); rebuilding`);
      return { rebuild: 'corrupt' };
    }
    if (current && current.index.manifest.builtAt === read.manifest.builtAt && current.index.manifest.corpusHash === read.manifest.corpusHash) {
      return { index: current.index };
    }
    try {
      return { index: await loadIndex(this.config.indexDir, read.manifest) };
    } catch (err) {
      if (!(err instanceof CorruptIndexError)) throw err;
      if (verbose) log.warn(`index in ${this.config.indexDir} is corrupt (${err.message}); rebuilding`);
      return { rebuild: 'corrupt' };
    }
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
      sentences: d.sentences,
      chunks: d.chunks,
      modifiedAt: d.modifiedAt,
    }));
  }

  private async embedQuery(text: string, kind: 'query' | 'document'): Promise<Float32Array> {
    const [v] = await (this.queryEmbedder ?? this.embedder).embed([text], kind);
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
   * Re-reads the corpus and updates the index when it changed (re-embedding only changed texts),
   * swapping it in when done; queries keep being served from the old index meanwhile. Concurrent
   * calls share one update.
   */
  reindex(onProgress?: (p: BuildProgress) => void): Promise<ReindexReport> {
    this.rebuilding ??= (async () => {
      const before = new Map(this.state.index.manifest.documents.map((d) => [d.id, d.hash]));
      const next = await this.loadOrBuild({ onProgress }, this.state);
      this.state = next;
      const after = next.index.manifest.documents;
      const afterIds = new Set(after.map((d) => d.id));
      return {
        added: after.filter((d) => !before.has(d.id)).map((d) => d.id),
        removed: [...before.keys()].filter((id) => !afterIds.has(id)),
        changed: after.filter((d) => before.has(d.id) && before.get(d.id) !== d.hash).map((d) => d.id),
        unchanged: after.filter((d) => before.get(d.id) === d.hash).length,
        embedded: next.status.embedded ?? 0,
        reused: next.status.reused ?? 0,
        status: next.status,
      };
    })().finally(() => (this.rebuilding = undefined));
    return this.rebuilding;
  }

  /** Re-reads the corpus, after any update already running (which may have read it before a change of ours). */
  private async reindexAfterPending(): Promise<ReindexReport> {
    await this.rebuilding?.catch(() => undefined);
    return this.reindex();
  }

  /**
   * Saves an uploaded file into the corpus folder under a safe name and indexes it. The bytes
   * are read first: a file that is not a readable document throws DocumentFileError and nothing
   * changes; an existing file is only replaced with `replace`.
   */
  async addDocument(fileName: string, bytes: Uint8Array, opts: { replace?: boolean } = {}): Promise<AddedDocument> {
    const name = safeFileName(fileName);
    const checked = await checkDocumentBytes(name, bytes);
    const saved = await saveCorpusFile(this.config.corpusDir, name, bytes, opts.replace === true);
    let report: ReindexReport;
    try {
      report = await this.reindexAfterPending();
    } catch (err) {
      await saved.undo();
      throw err;
    }
    const document = this.documents().find((d) => d.id === name);
    if (!document) {
      const why = this.status.warnings.find((w) => w.file === name)?.reason ?? 'it was not indexed';
      await saved.undo();
      await this.reindexAfterPending().catch(() => undefined);
      throw new DocumentFileError(`${name} cannot be indexed: ${why}`);
    }
    return { document, replaced: saved.previous !== undefined, blocks: checked.read.blocks.length, pages: checked.read.pages, report };
  }

  /** Deletes a document's file from the corpus folder and updates the index. */
  async removeDocument(query: string): Promise<{ document: DocumentInfo; report: ReindexReport }> {
    const document = this.findDocument(query);
    if (this.documents().length === 1) throw new DocumentFileError(`${document.id} is the only document: add another before removing it`);
    const file = path.resolve(this.config.corpusDir, document.id);
    if (!file.startsWith(path.resolve(this.config.corpusDir) + path.sep)) throw new DocumentFileError(`${document.id} is not inside the documents folder`);
    const previous = await readFile(file);
    await rm(file);
    try {
      return { document, report: await this.reindexAfterPending() };
    } catch (err) {
      await writeFile(file, previous);
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.embedder.close?.();
    await this.db?.close();
    this.db = undefined;
  }
}
