/**
 * Sentence-aware chunks: each chunk is a run of whole sentences from one paragraph (one quotable
 * block, hence one section: a block never spans a heading) that fits
 * the model's input (all-MiniLM-L6-v2 truncates at 256 word-pieces). A paragraph too long for
 * one chunk becomes several, each overlapping the previous by one sentence so no statement is
 * cut off from its context.
 */
import type { SourceDocument } from './document.js';

/**
 * Bump whenever cleaning, sentence splitting, chunking or the build-time summaries change: every
 * index built before becomes stale and is rebuilt at the next start.
 */
export const CHUNKER_VERSION = 'chunks-v15';

export interface Chunk {
  /** Position in the index (also the vector id). */
  id: number;
  document: string;
  /** 1-based paragraph number. */
  paragraph: number;
  start: number;
  end: number;
  /** Range of global sentence ids [first, last] covered by the chunk. */
  firstSentence: number;
  lastSentence: number;
}

import { SECTION_SEPARATOR } from '../../domain/citation.js';

/** The text embedded for a chunk: its section's heading path, then the chunk (never quoted). */
export function contextualText(chunkText: string, headingPath: readonly string[]): string {
  return headingPath.length ? `${headingPath.join(SECTION_SEPARATOR)}: ${chunkText}` : chunkText;
}

export interface ChunkOptions {
  /** Token budget per chunk, including the [CLS]/[SEP] the model adds. */
  maxTokens: number;
  /** Sentences repeated at the start of the next chunk of a long paragraph. */
  overlapSentences?: number;
  countTokens: (text: string) => number;
}

/**
 * `sentenceBase` is the global id of the document's first sentence, so chunks can point at
 * sentences stored corpus-wide.
 */
export function chunkDocument(doc: SourceDocument, sentenceBase: number, firstChunkId: number, opts: ChunkOptions): Chunk[] {
  const overlap = opts.overlapSentences ?? 1;
  const chunks: Chunk[] = [];
  const tokens = doc.sentences.map((s) => Math.max(1, opts.countTokens(doc.text.slice(s.start, s.end)) - 2));
  let i = 0;
  while (i < doc.sentences.length) {
    const paragraph = doc.sentences[i]!.paragraph;
    // The contextual header is embedded with the chunk, so it takes its share of the budget.
    const path = doc.paragraphInfo[paragraph - 1]?.headingPath ?? [];
    const header = path.length ? opts.countTokens(contextualText('', path)) - 2 : 0;
    const budget = Math.max(1, opts.maxTokens - 2 - header);
    let j = i;
    let used = tokens[i]!;
    while (j + 1 < doc.sentences.length && doc.sentences[j + 1]!.paragraph === paragraph && used + tokens[j + 1]! <= budget) {
      j++;
      used += tokens[j]!;
    }
    chunks.push({
      id: firstChunkId + chunks.length,
      document: doc.id,
      paragraph,
      start: doc.sentences[i]!.start,
      end: doc.sentences[j]!.end,
      firstSentence: sentenceBase + i,
      lastSentence: sentenceBase + j,
    });
    const next = j + 1;
    const continuesParagraph = next < doc.sentences.length && doc.sentences[next]!.paragraph === paragraph;
    // Overlap only inside a paragraph, and never so much that the window stops moving.
    i = continuesParagraph ? Math.max(i + 1, next - overlap) : next;
  }
  return chunks;
}
