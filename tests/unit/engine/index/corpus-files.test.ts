import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDocumentBytes, DocumentFileError, safeFileName, saveCorpusFile } from '../../../../src/engine/index/corpus-files.js';
import { tempDir } from '../../../helpers/fake-engine.js';

describe('safeFileName', () => {
  it('keeps only the last path segment and safe characters, with a lower-case extension', () => {
    expect(safeFileName('../../etc/passwd.md')).toBe('passwd.md');
    expect(safeFileName('..\\..\\Windows\\notes.TXT')).toBe('notes.txt');
    expect(safeFileName('Café menu (v2).md')).toBe('Cafe-menu-v2.md');
    expect(safeFileName('.hidden.md')).toBe('hidden.md');
    expect(safeFileName(`${'a'.repeat(300)}.md`)).toHaveLength(120);
  });

  it('refuses unsupported types and names with nothing left, saying why', () => {
    expect(() => safeFileName('photo.png')).toThrow(/^photo\.png: unsupported type \(\.png\); supported are .*\.md/);
    expect(() => safeFileName('README')).toThrow(/unsupported type; supported are/);
    expect(() => safeFileName('...md')).toThrow(DocumentFileError);
    expect(() => safeFileName('../.md')).toThrow(/not a usable file name/);
  });
});

describe('checkDocumentBytes and saveCorpusFile', () => {
  it('reads the bytes as the index would, and refuses what has nothing to quote', async () => {
    const ok = await checkDocumentBytes('a.md', new TextEncoder().encode('# Title\n\nThe lighthouse keeper repainted the tower in April.\n'));
    expect(ok).toMatchObject({ name: 'a.md', sentences: 1, paragraphs: 1 });
    await expect(checkDocumentBytes('b.txt', new Uint8Array([0xff, 0xfe, 0, 0x41]))).rejects.toThrow(/^b\.txt cannot be indexed: file looks binary/);
    await expect(checkDocumentBytes('c.md', new TextEncoder().encode('# Only a heading\n'))).rejects.toThrow(/^c\.md cannot be indexed: /);
  });

  it('saves atomically, never overwrites without replace, and can undo', async () => {
    const dir = tempDir('corpus-files');
    writeFileSync(path.join(dir, 'a.md'), 'old');
    await expect(saveCorpusFile(dir, 'a.md', new TextEncoder().encode('new'), false)).rejects.toThrow(/already exists: upload it again with replace:true/);
    expect(readFileSync(path.join(dir, 'a.md'), 'utf8')).toBe('old');
    const replaced = await saveCorpusFile(dir, 'a.md', new TextEncoder().encode('new'), true);
    expect(readFileSync(path.join(dir, 'a.md'), 'utf8')).toBe('new');
    await replaced.undo();
    expect(readFileSync(path.join(dir, 'a.md'), 'utf8')).toBe('old');
    const added = await saveCorpusFile(dir, 'b.md', new TextEncoder().encode('b'), false);
    await added.undo();
    expect(existsSync(path.join(dir, 'b.md'))).toBe(false);
    expect(readdirSync(dir)).toEqual(['a.md']);
  });
});
