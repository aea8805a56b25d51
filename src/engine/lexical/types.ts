/**
 * Keyword search over sentences (the unit quotes are made of). Implementations: BM25 in memory
 * (MiniSearch, `bm25.ts`) for the embedded index; Postgres full-text search for `DATABASE_URL`.
 * Ids are the same stable keys the vector store uses for sentences.
 */
export interface LexicalHit {
  id: string;
  score: number;
  /** Normalised (stemmed) query terms found in this sentence. */
  matched: string[];
}

export interface LexicalSearch {
  /** Number of sentences indexed. */
  size(): Promise<number>;
  add(items: readonly { id: string; text: string }[]): Promise<void>;
  delete(ids: readonly string[]): Promise<void>;
  /** Best first. */
  search(query: string, limit: number): Promise<LexicalHit[]>;
  /** Inverse document frequency (BM25 form) of normalised terms; absent terms get the maximum. */
  idf(terms: readonly string[]): Promise<Map<string, number>>;
}
