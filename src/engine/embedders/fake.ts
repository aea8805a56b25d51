/**
 * A deterministic stand-in for the model, for unit tests: a hashed bag of words (lower-cased
 * words, FNV-1a into `dimension` buckets, each with a hash-derived sign) scaled to unit length.
 * Texts sharing words are close, texts sharing none are orthogonal-ish; no model is loaded.
 */
import { wordCount } from '../../domain/text.js';
import { normalize } from '../../domain/vector.js';
import type { EmbedKind, Embedder } from './types.js';

export const FAKE_MODEL_PREFIX = 'fake/';

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class FakeEmbedder implements Embedder {
  /** Texts embedded so far (tests check what was embedded, e.g. that duplicates are embedded once). */
  embedded = 0;

  constructor(
    readonly modelId = `${FAKE_MODEL_PREFIX}hashed-bow`,
    readonly dimension = 256,
    readonly maxTokens = 256,
  ) {}

  async load(): Promise<void> {}

  async embed(texts: readonly string[], _kind: EmbedKind): Promise<Float32Array[]> {
    this.embedded += texts.length;
    return texts.map((t) => {
      const v = new Float32Array(this.dimension);
      for (const w of t.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
        const h = fnv1a(w);
        v[h % this.dimension]! += h & 0x80000000 ? -1 : 1;
      }
      return normalize(v);
    });
  }

  /** Whitespace-separated tokens plus the two special tokens a real model adds. */
  countTokens(text: string): number {
    return wordCount(text) + 2;
  }
}
