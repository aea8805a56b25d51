/**
 * The text formats share one path: the file's text is the canonical text, and the news-chrome
 * cleaner decides which paragraphs are the document (see chunking/clean.ts). Every kept
 * paragraph becomes a 'paragraph' block; everything the cleaner dropped is a skipped block.
 */
import { cleanDocument } from '../chunking/clean.js';
import type { ReadDocument } from './types.js';

export function cleanedDocument(text: string, fileName: string, markdown: boolean): ReadDocument {
  const fallbackTitle = (fileName.split('/').pop() ?? fileName).replace(/\.[^.]+$/, '');
  const cleaned = cleanDocument(text, { markdown, fallbackTitle });
  return {
    text,
    title: cleaned.title,
    blocks: cleaned.paragraphs.map((p) => ({ kind: 'paragraph', start: p.start, end: p.end, headingPath: [] })),
    skipped: cleaned.units
      .filter((u) => u.kind !== 'prose' || u.dropped)
      .map((u) => ({ start: u.start, end: u.end, reason: u.dropped ?? u.kind })),
  };
}
