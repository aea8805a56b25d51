import { describe, expect, it } from 'vitest';
import { csvReader } from '../../../../src/engine/readers/csv.js';
import { tableRowDisplay, type TableRowBlock } from '../../../../src/engine/readers/common.js';
import { UnreadableFileError } from '../../../../src/engine/readers/types.js';
import { bytes, expectWellFormed, show } from './helpers.js';

describe('csv reader', () => {
  it('makes one table-row block per record, verbatim, with "header: value" for display', async () => {
    const text = 'boat,seats,note\nGull,25,"fast, small"\r\nTern,18,"two\nlines"\n\n';
    const doc = await csvReader.read({ bytes: bytes(text), fileName: 'fleet.csv' });
    expectWellFormed(doc);
    expect(doc.blocks.map((b) => show(doc, b))).toEqual(['boat,seats,note', 'Gull,25,"fast, small"', 'Tern,18,"two\nlines"']);
    expect(doc.blocks.every((b) => b.kind === 'table-row')).toBe(true);
    expect(doc.blocks[2]!.lines).toEqual([3, 4]);
    expect(tableRowDisplay(doc.blocks[1] as TableRowBlock)).toBe('boat: Gull; seats: 25; note: fast, small');
    expect(doc.title).toBe('fleet');
  });

  it('reports broken quoting in one line', async () => {
    const err = await csvReader.read({ bytes: bytes('a,b\n"open,2\n'), fileName: 'bad.csv' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreadableFileError);
    expect((err as Error).message).toMatch(/^not valid CSV/);
  });
});
