/**
 * How each known embedding model must be fed and pooled: one line per model, checked against its
 * model card. These win over the sentence-transformers files in the model folder (which the
 * Maven jars do not carry, so scripts/fetch-model.sh writes them); a model not listed here is
 * read from those files alone (`1_Pooling/config.json`, `config_sentence_transformers.json`).
 *
 * Prefixes matter: e5 was trained with "query: " / "passage: " on every input and degrades
 * without them; bge recommends its instruction on short retrieval queries only.
 */
export interface ModelSpec {
  pooling: 'mean' | 'cls';
  /** Prepended to questions (and claims) before embedding. */
  queryPrefix: string;
  /** Prepended to every indexed text (chunks, sentences, summaries). */
  documentPrefix: string;
}

export const MODEL_SPECS: Readonly<Record<string, ModelSpec>> = {
  // sentence-transformers/all-MiniLM-L6-v2: mean pooling, no prompts.
  'Xenova/all-MiniLM-L6-v2': { pooling: 'mean', queryPrefix: '', documentPrefix: '' },
  // BAAI/bge-small-en-v1.5: CLS pooling; the query instruction of its model card for short queries.
  'Xenova/bge-small-en-v1.5': { pooling: 'cls', queryPrefix: 'Represent this sentence for searching relevant passages: ', documentPrefix: '' },
  // intfloat/e5-small-v2: mean pooling; "query: " and "passage: " on every input, per its card.
  'Xenova/e5-small-v2': { pooling: 'mean', queryPrefix: 'query: ', documentPrefix: 'passage: ' },
};
