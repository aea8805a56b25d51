import { expect } from 'vitest';
import type { Block, ReadDocument } from '../../../../src/engine/readers/types.js';

/**
 * Every block is a non-empty, trimmed span of the canonical text, in document order; line
 * numbers match the offsets. Problems are collected and asserted once (thousands of blocks).
 */
export function expectWellFormed(doc: ReadDocument): void {
  // An oracle independent of the readers' own line index: count the newlines before the offset.
  const lineOf = (offset: number) => {
    let line = 1;
    for (let i = doc.text.indexOf('\n'); i !== -1 && i < offset; i = doc.text.indexOf('\n', i + 1)) line++;
    return line;
  };
  const problems: string[] = [];
  let prevEnd = 0;
  for (const b of doc.blocks) {
    const slice = doc.text.slice(b.start, b.end);
    const where = `${b.kind} ${b.start}-${b.end} ${JSON.stringify(slice.slice(0, 60))}`;
    if (b.start < prevEnd || b.end > doc.text.length || b.start >= b.end) problems.push(`out of order or range: ${where}`);
    if (slice.trim() === '') problems.push(`empty: ${where}`);
    if (b.kind !== 'code' && slice.trim() !== slice) problems.push(`not trimmed: ${where}`);
    if (b.lines && (lineOf(b.start) !== b.lines[0] || lineOf(b.end - 1) !== b.lines[1])) problems.push(`lines ${b.lines.join('-')} wrong: ${where}`);
    prevEnd = b.end;
  }
  expect(problems).toEqual([]);
}

export const show = (doc: ReadDocument, b: Block) => doc.text.slice(b.start, b.end);

/** The block whose text is exactly `text`. */
export function blockWith(doc: ReadDocument, text: string): Block {
  const b = doc.blocks.find((x) => show(doc, x) === text);
  if (!b) throw new Error(`no block "${text}" in ${JSON.stringify(doc.blocks.map((x) => show(doc, x)))}`);
  return b;
}

export const bytes = (s: string) => new TextEncoder().encode(s);
