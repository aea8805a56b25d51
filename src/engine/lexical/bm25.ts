/**
 * BM25 keyword search (MiniSearch) over sentences, the unit quotes are made of, keyed by the
 * sentences' stable ids. Passage-level lexical ranks are derived from their sentences' scores
 * in the retriever.
 */
import type { Options } from 'minisearch';
import { stemmer } from 'stemmer';
import { foldText } from '../../domain/text.js';
import { SavedMiniSearch } from './bm25-file.js';
import type { LexicalHit, LexicalSearch } from './types.js';

const STOPWORDS = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing down during each few for from further had has have having he her here hers herself him ' +
    'himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other ' +
    'our ours ourselves out over own same she should so some such than that the their theirs them themselves then there ' +
    'these they this those through to too under until up very was we were what when where which while who whom why will ' +
    'with would you your yours yourself yourselves also said says say tell told one ones us s t whose'
  ).split(' '),
);

const TOKEN = /(?:\p{L}\.){2,}|[\p{L}\p{N}]+(?:['’]\p{L}+)*/gu;

/** What `term` makes of each word seen so far ('' for a word left out); see WORD_CACHE_LIMIT. */
const wordTerms = new Map<string, string>();

/**
 * Words of a corpus repeat endlessly and folding + stemming one costs microseconds, which adds up:
 * answering re-reads every candidate passage's words (features.ts), about a quarter of an answer's
 * main-thread time under load before this cache (bot profile, issue 14). A corpus's vocabulary is bounded; questions may add any word, so the
 * cache starts afresh when it reaches this many words.
 */
const WORD_CACHE_LIMIT = 200_000;

/** One word as the lexical index sees it, or '' when it is left out. */
function term(raw: string): string {
  const cached = wordTerms.get(raw);
  if (cached !== undefined) return cached;
  const word = raw.replace(/['’]s$/i, '').replace(/\./g, '');
  const acronym = word.length >= 2 && word === word.toUpperCase() && /\p{Lu}/u.test(word);
  const folded = foldText(word, { accents: true });
  const result = !acronym && (STOPWORDS.has(folded) || folded.length < 2) ? '' : stemmer(folded);
  if (wordTerms.size >= WORD_CACHE_LIMIT) wordTerms.clear();
  wordTerms.set(raw, result);
  return result;
}

/**
 * Words as the lexical index sees them: possessives dropped, diacritics folded, stop words
 * removed (but not all-caps acronyms: "US" is a country, "us" a pronoun), then stemmed.
 */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const t = term(m[0]);
    if (t) out.push(t);
  }
  return out;
}

interface LexicalDoc {
  id: string;
  text: string;
}

const OPTIONS: Options<LexicalDoc> = {
  fields: ['text'],
  idField: 'id',
  tokenize: terms,
  // `terms` already normalised and stemmed.
  processTerm: (t) => t,
};

/**
 * Query terms are searched rarest first until their postings (sentences containing them) add up
 * to this: on large corpora the most common terms of a question would cost the most and weigh
 * the least. Small corpora never reach it, so every term counts there.
 */
export const POSTINGS_BUDGET = 5000;

export class Bm25Index implements LexicalSearch {
  private constructor(
    private readonly ms: SavedMiniSearch<LexicalDoc>,
    /** Sentences containing each term (document frequency). */
    private readonly df: Map<string, number>,
    /** Distinct terms of each sentence added in this process, to keep `df` right on delete. */
    private readonly docTerms = new Map<string, string[]>(),
  ) {}

  static create(): Bm25Index {
    return new Bm25Index(new SavedMiniSearch<LexicalDoc>(OPTIONS), new Map());
  }

  /** An index saved by `toBytes`; throws LexicalFileError when the bytes are not one. */
  static fromBytes(bytes: Uint8Array): Bm25Index {
    const { search, df } = SavedMiniSearch.fromBytes<LexicalDoc>(bytes, OPTIONS);
    return new Bm25Index(search, df);
  }

  /** The saved form (see bm25-file.ts): loads in a fraction of the time MiniSearch's JSON takes. */
  toBytes(): Buffer {
    return this.ms.toBytes(this.df);
  }

  /** Number of sentences indexed, synchronously. */
  get count(): number {
    return this.ms.documentCount;
  }

  async size(): Promise<number> {
    return this.count;
  }

  async add(items: readonly { id: string; text: string }[]): Promise<void> {
    this.addSync(items);
  }

  addSync(items: readonly { id: string; text: string }[]): void {
    this.deleteSync(items.filter((it) => this.ms.has(it.id)).map((it) => it.id));
    this.ms.addAll(items);
    for (const it of items) {
      const unique = [...new Set(terms(it.text))];
      this.docTerms.set(it.id, unique);
      for (const term of unique) this.df.set(term, (this.df.get(term) ?? 0) + 1);
    }
  }

  async delete(ids: readonly string[]): Promise<void> {
    this.deleteSync(ids);
  }

  private deleteSync(ids: readonly string[]): void {
    for (const id of ids) {
      if (!this.ms.has(id)) continue;
      const known = this.docTerms.get(id);
      // The saved form keeps document frequencies, not each sentence's terms.
      if (!known) throw new Error(`sentence ${id} was loaded from disk and cannot be removed alone: rebuild the index`);
      this.ms.discard(id);
      this.docTerms.delete(id);
      for (const term of known) {
        const n = (this.df.get(term) ?? 0) - 1;
        if (n > 0) this.df.set(term, n);
        else this.df.delete(term);
      }
    }
  }

  async idf(queryTerms: readonly string[]): Promise<Map<string, number>> {
    return new Map(queryTerms.map((t) => [t, this.idfOf(t)]));
  }

  /** Inverse document frequency (BM25 form) of a stemmed term; absent terms get the maximum. */
  idfOf(term: string): number {
    const df = this.df.get(term) ?? 0;
    const n = this.ms.documentCount;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  async search(query: string, limit: number): Promise<LexicalHit[]> {
    return this.searchSync(query, limit);
  }

  searchSync(query: string, limit = 100): LexicalHit[] {
    const unique = [...new Set(terms(query))].sort((a, b) => (this.df.get(a) ?? 0) - (this.df.get(b) ?? 0));
    const kept: string[] = [];
    let postings = 0;
    for (const t of unique) {
      const df = this.df.get(t) ?? 0;
      if (kept.length > 0 && postings + df > POSTINGS_BUDGET) continue;
      kept.push(t);
      postings += df;
    }
    if (kept.length === 0) return [];
    return this.ms
      .search(
        { combineWith: 'OR', queries: kept },
        {
          // The terms are already normalised and stemmed.
          tokenize: (t) => [t],
          processTerm: (t) => t,
          // Only words the corpus does not contain are likely typos worth matching loosely.
          fuzzy: (term) => (this.df.has(term) || term.length < 5 ? false : 0.2),
          weights: { fuzzy: 0.5, prefix: 0.5 },
        },
      )
      .slice(0, limit)
      .map((r) => ({ id: r.id as string, score: r.score, matched: r.queryTerms }));
  }
}
