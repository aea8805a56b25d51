/**
 * A read document made ready for chunking: its quotable blocks become numbered paragraphs and
 * their sentences, each with where its quote starts (context rules).
 */
import type { BlockKind, ReadDocument } from '../readers/types.js';
import { boundSentence, needsContext } from './context.js';
import { splitGlued } from './captions.js';
import { splitSentences, type Span } from './sentences.js';

export interface Sentence extends Span {
  /** 1-based paragraph (quotable block) number within the document. */
  paragraph: number;
  /**
   * Where a quote of this sentence starts: the sentence itself, or the previous sentence of
   * the paragraph when this one cannot stand alone ("That is Kyiv’s prerogative."), or the one
   * before that when the previous one cannot stand alone either.
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

/** What the engine keeps of a quotable block besides its span: its kind and location. */
export interface ParagraphInfo {
  kind: BlockKind;
  headingPath: string[];
  page?: number;
  lines?: [number, number];
}

export interface SourceDocument extends FileMeta {
  /** File path relative to the corpus folder, with forward slashes: the citation id. */
  id: string;
  title: string;
  /** Canonical text; every span points into it. */
  text: string;
  paragraphs: Span[];
  /** Aligned with `paragraphs`. */
  paragraphInfo: ParagraphInfo[];
  sentences: Sentence[];
}

/** Block kinds whose text is quoted. Headings name sections; they are not answers. */
const QUOTABLE = new Set<BlockKind>(['paragraph', 'list-item', 'table-row', 'quote', 'note', 'code']);

export function sourceDocument(id: string, read: ReadDocument, meta: FileMeta): SourceDocument {
  const { text } = read;
  const quotable = read.blocks.filter((b) => QUOTABLE.has(b.kind));
  const paragraphs: Span[] = quotable.map((b) => ({ start: b.start, end: b.end }));
  const paragraphInfo: ParagraphInfo[] = quotable.map((b) => ({
    kind: b.kind,
    headingPath: b.headingPath,
    ...(b.page !== undefined ? { page: b.page } : {}),
    ...(b.lines ? { lines: b.lines } : {}),
  }));
  const sentences: Sentence[] = [];
  paragraphs.forEach((p, i) => {
    if (paragraphInfo[i]!.kind === 'code') {
      // Code has no sentences: the block is one quote (cut only when overlong), never merged with prose.
      for (const piece of boundSentence(text, p)) sentences.push({ ...piece, paragraph: i + 1, contextStart: piece.start });
      return;
    }
    let prev: Sentence | undefined;
    let beforePrev: Sentence | undefined;
    // Photo captions glued into a sentence without a full stop become sentences of their own.
    for (const s of splitSentences(text, p.start, p.end).flatMap((span) => splitGlued(text, span))) {
      for (const piece of boundSentence(text, s)) {
        let contextStart = piece.start;
        if (prev && needsContext(text.slice(piece.start, piece.end), text.slice(prev.start, prev.end))) {
          // When the previous sentence leans on its own predecessor ("Putin met Xi. He said … It
          // was …"), the subject is two sentences back: the quote reaches it (never further).
          contextStart = beforePrev && prev.contextStart < prev.start ? beforePrev.start : prev.start;
        }
        const sentence: Sentence = { ...piece, paragraph: i + 1, contextStart };
        sentences.push(sentence);
        beforePrev = prev;
        prev = sentence;
      }
    }
  });
  return { id, title: read.title, text, paragraphs, paragraphInfo, sentences, ...meta };
}
