/** Every file of the corpus folder is accounted for: read, or skipped with a reason. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCorpus } from '../../../../src/engine/index/corpus.js';
import { tempDir } from '../../../helpers/fake-engine.js';

describe('readCorpus', () => {
  it('lists unsupported files with a reason instead of ignoring them', async () => {
    const dir = tempDir('corpus-skip');
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'a.md'), '# A\n\nThe ferry leaves at noon every day.\n');
    writeFileSync(path.join(dir, 'sub', 'notes.rst'), 'Title\n=====\n');
    writeFileSync(path.join(dir, 'image.png'), 'not text');
    const corpus = await readCorpus(dir);
    expect(corpus.files.map((f) => f.id)).toEqual(['a.md']);
    expect(corpus.warnings.map((w) => w.file)).toEqual(['image.png', 'sub/notes.rst']);
    expect(corpus.warnings[0]!.reason).toMatch(/unsupported file type \.png/);
    expect(corpus.warnings[1]!.reason).toMatch(/Markdown/);
  });
});
