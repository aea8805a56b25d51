/**
 * How each known embedding model must be fed and pooled: one line per model, checked against its
 * model card. These win over the sentence-transformers files in the model folder (which the
 * Maven jars do not carry, so scripts/fetch-model.sh writes them); a model not listed here is
 * read from those files alone (`1_Pooling/config.json`, `config_sentence_transformers.json`).
 *
 * Prefixes matter: e5 was trained with "query: " / "passage: " on every input and degrades
 * without them; bge's optional query instruction was measured and left out.
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
  // BAAI/bge-small-en-v1.5: CLS pooling. Its card's query instruction ("Represent this sentence
  // for searching relevant passages: ", optional for v1.5) measured worse on our questions, which
  // are whole sentences: SQuAD validation hit@3 0.930 vs 0.941, seed held-out hit@1 0.921 vs
  // 0.974 (docs/embedding-models.md). So none.
  'Xenova/bge-small-en-v1.5': { pooling: 'cls', queryPrefix: '', documentPrefix: '' },
  // intfloat/e5-small-v2: mean pooling; "query: " and "passage: " on every input, per its card.
  'Xenova/e5-small-v2': { pooling: 'mean', queryPrefix: 'query: ', documentPrefix: 'passage: ' },
};
