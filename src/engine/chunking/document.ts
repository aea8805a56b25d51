/**
 * A read document made ready for chunking: its quotable blocks become numbered paragraphs and
 * their sentences, each with where its quote starts (context rules).
 */
import type { ReadDocument } from '../readers/types.js';
import { boundSentence, needsContext } from './context.js';
import { splitGlued } from './captions.js';
import { splitSentences, type Span } from './sentences.js';

export interface Sentence extends Span {
  /** 1-based paragraph (quotable block) number within the document. */
  paragraph: number;
  /**
   * Where a quote of this sentence starts: the sentence itself, or the previous sentence of
   * the paragraph when this one cannot stand alone ("That is Kyiv’s prerogative.").
   */
  contextStart: number;
}

/** File facts kept with a document (from the corpus scan). */
export interface FileMeta {
  /** sha256 of the file's bytes. */
  hash: string;
  bytes: number;
  modifiedAt: string;
}

export interface SourceDocument extends FileMeta {
  /** File path relative to the corpus folder, with forward slashes: the citation id. */
  id: string;
  title: string;
  /** Canonical text; every span points into it. */
  text: string;
  paragraphs: Span[];
  sentences: Sentence[];
}

/** Block kinds whose text is quoted. Headings name sections; they are not answers. */
const QUOTABLE = new Set(['paragraph', 'list-item', 'table-row', 'quote', 'note']);

export function sourceDocument(id: string, read: ReadDocument, meta: FileMeta): SourceDocument {
  const { text } = read;
  const paragraphs: Span[] = read.blocks.filter((b) => QUOTABLE.has(b.kind)).map((b) => ({ start: b.start, end: b.end }));
  const sentences: Sentence[] = [];
  paragraphs.forEach((p, i) => {
    let prev: Span | undefined;
    // Photo captions glued into a sentence without a full stop become sentences of their own.
    for (const s of splitSentences(text, p.start, p.end).flatMap((span) => splitGlued(text, span))) {
      for (const piece of boundSentence(text, s)) {
        const contextStart =
          prev && needsContext(text.slice(piece.start, piece.end), text.slice(prev.start, prev.end)) ? prev.start : piece.start;
        sentences.push({ ...piece, paragraph: i + 1, contextStart });
        prev = piece;
      }
    }
  });
  return { id, title: read.title, text, paragraphs, sentences, ...meta };
}
