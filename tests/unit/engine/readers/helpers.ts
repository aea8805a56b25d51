import { expect } from 'vitest';
import type { Block, ReadDocument } from '../../../../src/engine/readers/types.js';

/** Every block is a non-empty, trimmed span of the canonical text; line numbers match the offsets. */
export function expectWellFormed(doc: ReadDocument): void {
  for (const b of doc.blocks) {
    expect(b.start).toBeGreaterThanOrEqual(0);
    expect(b.end).toBeLessThanOrEqual(doc.text.length);
    const slice = doc.text.slice(b.start, b.end);
    expect(slice.trim(), JSON.stringify(b)).not.toBe('');
    if (b.kind !== 'code') expect(slice.trim()).toBe(slice);
    if (b.lines) {
      expect(doc.text.slice(0, b.start).split('\n').length).toBe(b.lines[0]);
      expect(doc.text.slice(0, b.end).split('\n').length).toBe(b.lines[1]);
    }
  }
  for (const [a, b] of doc.blocks.slice(1).map((b, i) => [doc.blocks[i]!, b] as const)) expect(b.start).toBeGreaterThanOrEqual(a.end);
}

export const show = (doc: ReadDocument, b: Block) => doc.text.slice(b.start, b.end);

/** The block whose text is exactly `text`. */
export function blockWith(doc: ReadDocument, text: string): Block {
  const b = doc.blocks.find((x) => show(doc, x) === text);
  if (!b) throw new Error(`no block "${text}" in ${JSON.stringify(doc.blocks.map((x) => show(doc, x)))}`);
  return b;
}

export const bytes = (s: string) => new TextEncoder().encode(s);
