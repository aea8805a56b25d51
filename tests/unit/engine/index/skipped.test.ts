import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listSkipped } from '../../../../src/engine/engine.js';
import { tempDir } from '../../../helpers/engine.js';

describe('listSkipped', () => {
  it('lists skipped files and the blocks readers leave out, each with a reason and the left-out text', async () => {
    const dir = tempDir('skipped');
    writeFileSync(path.join(dir, 'guide.md'), '---\ntitle: Guide\n---\n\n# Guide\n\nThe plugin hook runs once per build.\n');
    writeFileSync(path.join(dir, 'sheet.xlsx'), 'not really a spreadsheet');
    writeFileSync(path.join(dir, 'empty.txt'), '');
    writeFileSync(path.join(dir, 'plain.txt'), 'Nothing is left out of this plain sentence.\n');
    const report = await listSkipped(dir);

    expect(report.files.map((f) => f.file)).toEqual(['empty.txt', 'sheet.xlsx']);
    expect(report.files.every((f) => f.reason.length > 0)).toBe(true);
    expect(report.files.find((f) => f.file === 'sheet.xlsx')!.reason).toMatch(/CSV/);

    // Front matter is not content: it is left out, and listed with why.
    const front = report.blocks.filter((b) => b.file === 'guide.md');
    expect(front).toHaveLength(1);
    expect(front[0]!.reason).toMatch(/front matter/i);
    expect(front[0]!.excerpt).toContain('title: Guide');
    expect(report.blocks.some((b) => b.file === 'plain.txt')).toBe(false);
  });
});
