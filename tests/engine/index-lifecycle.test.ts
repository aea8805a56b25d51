import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/bootstrap/config.js';
import { CorpusError } from '../../src/engine/index/corpus.js';
import { Engine } from '../../src/engine/engine.js';
import { currentBuild } from '../../src/engine/index/snapshot.js';
import { copyCorpus, tempDir, testConfig } from '../helpers/engine.js';

describe('index lifecycle', () => {
  it('builds a missing index, reuses a fresh one, and rebuilds a stale one', async () => {
    const corpus = copyCorpus();
    const config = testConfig({ CORPUS_DIR: corpus });
    const first = await Engine.open(config);
    expect(first.status.rebuilt).toBe('missing');

    const second = await Engine.open(config);
    expect(second.status.rebuilt).toBeUndefined();
    expect(second.status.builtAt).toBe(first.status.builtAt);
    // The index served right after a build (from memory) answers exactly as the one read back from disk.
    for (const q of ['Who is Tom Shannon?', 'What did Blinken say about Russia?', 'Which Americans are detained in Russia?']) {
      expect(await second.ask(q, { limit: 9 })).toEqual(await first.ask(q, { limit: 9 }));
    }
    expect(second.summarizeDocument('001', 'long')).toEqual(first.summarizeDocument('001', 'long'));

    appendFileSync(
      path.join(corpus, '003_e3ec1e54c157f832.txt'),
      '\n\nThe walrus ambassador Zorblax Quintaine brokered a herring treaty in the Arctic.\n',
    );
    const third = await Engine.open(config);
    expect(third.status.rebuilt).toBe('stale');
    const a = await third.ask('Who brokered the herring treaty?');
    expect(a.citations[0]?.quote).toContain('Zorblax Quintaine');
  });

  it('a build killed mid-way leaves the previous index current and usable', async () => {
    const config = testConfig();
    const before = await Engine.open(config);
    const buildBefore = await currentBuild(config.indexDir);

    const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'tests/fixtures/build-index-child.ts')], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, CORPUS_DIR: config.corpusDir, INDEX_DIR: config.indexDir, LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const killed = new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (/^embed /m.test(chunk.toString())) child.kill('SIGKILL');
      });
      child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child exited ${code}`))));
    });
    await killed;

    // The crashed build left a temporary folder; the current build is untouched.
    expect(readdirSync(config.indexDir).some((e) => e.startsWith('.tmp-'))).toBe(true);
    expect(await currentBuild(config.indexDir)).toBe(buildBefore);
    const after = await Engine.open(config);
    expect(after.status.rebuilt).toBeUndefined();
    const a = await after.ask('Who is Tom Shannon?');
    expect(a.citations.map((c) => c.quote)).toEqual((await before.ask('Who is Tom Shannon?')).citations.map((c) => c.quote));

    // The next build cleans up what the crash left behind.
    await after.reindex();
    expect(readdirSync(config.indexDir).some((e) => e.startsWith('.tmp-'))).toBe(false);
  });

  it('detects a corrupt index and rebuilds it', async () => {
    const config = testConfig();
    await Engine.open(config);
    const build = path.join(config.indexDir, 'builds', (await currentBuild(config.indexDir))!);
    writeFileSync(path.join(build, 'vectors', 'chunks', 'shard-0000', 'index.json'), '{"items": [truncated');
    const reopened = await Engine.open(config);
    expect(reopened.status.rebuilt).toBe('corrupt');
    expect((await reopened.ask('Who is Tom Shannon?')).answered).toBe(true);
  });

  it('tells a corrupt manifest from an index of an older format', async () => {
    const config = testConfig();
    await Engine.open(config);
    const manifestFile = async () => path.join(config.indexDir, 'builds', (await currentBuild(config.indexDir))!, 'manifest.json');
    const manifest = JSON.parse(readFileSync(await manifestFile(), 'utf8')) as Record<string, unknown>;
    writeFileSync(await manifestFile(), JSON.stringify({ ...manifest, formatVersion: 0 }));
    expect((await Engine.open(config)).status.rebuilt).toBe('stale');
    writeFileSync(await manifestFile(), '{"formatVersion": 3, "chunker": ');
    expect((await Engine.open(config)).status.rebuilt).toBe('corrupt');
  });

  it('skips empty, binary and non-UTF-8 files with a warning naming each, and indexes the rest', async () => {
    const corpus = tempDir('corpus');
    writeFileSync(path.join(corpus, 'good.md'), '# Good notes\n\nThe lighthouse keeper repainted the tower red and white in April.\n');
    writeFileSync(path.join(corpus, 'empty.txt'), '');
    writeFileSync(path.join(corpus, 'blank.txt'), '   \n\n  ');
    writeFileSync(path.join(corpus, 'binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a, 0x0a]));
    writeFileSync(path.join(corpus, 'latin1.txt'), Buffer.from('Caf\xe9 cr\xe8me br\xfbl\xe9e, a sentence in Latin-1.', 'latin1'));
    // .pdf files are read since issue 11: one that is not a PDF is reported, not silently ignored.
    writeFileSync(path.join(corpus, 'fake.pdf'), 'not a PDF at all');
    const engine = await Engine.open(testConfig({ CORPUS_DIR: corpus }));
    expect(engine.documents().map((d) => d.id)).toEqual(['good.md']);
    const warnings = Object.fromEntries(engine.status.warnings.map((w) => [w.file, w.reason]));
    expect(Object.keys(warnings).sort()).toEqual(['binary.txt', 'blank.txt', 'empty.txt', 'fake.pdf', 'latin1.txt']);
    expect(warnings['latin1.txt']).toMatch(/UTF-8/);
    // The readers sniff magic bytes: a PNG named .txt is called a PNG, not "not UTF-8".
    expect(warnings['binary.txt']).toMatch(/PNG image/);
    expect(warnings['fake.pdf']).toMatch(/not a PDF/);
    const a = await engine.ask('What colour was the lighthouse painted?');
    expect(a.citations[0]?.quote).toContain('repainted the tower red and white');
    expect(a.citations[0]?.title).toBe('Good notes');
  });

  it('an empty corpus gives a clear message', async () => {
    const corpus = tempDir('corpus');
    const err = await Engine.open(testConfig({ CORPUS_DIR: corpus })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CorpusError);
    expect((err as Error).message).toMatch(/no documents to index in .*: add \.txt or \.md files/);
  });

  it('a missing corpus folder gives a clear message', async () => {
    const err = await Engine.open(testConfig({ CORPUS_DIR: path.join(tempDir('x'), 'nope') })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CorpusError);
    expect((err as Error).message).toMatch(/corpus folder .*nope not found/);
  });

  it('reindex reports what changed', async () => {
    const corpus = copyCorpus();
    const engine = await Engine.open(testConfig({ CORPUS_DIR: corpus }));
    writeFileSync(path.join(corpus, 'new.txt'), 'A new note\n\nThe committee met on Friday to approve the harbour budget for next year.\n');
    appendFileSync(path.join(corpus, '000_124aa0ee5495cb11.txt'), '\nAn added closing sentence about the harbour.\n');
    const report = await engine.reindex();
    expect(report.added).toEqual(['new.txt']);
    expect(report.changed).toEqual(['000_124aa0ee5495cb11.txt']);
    expect(report.removed).toEqual([]);
    expect(report.unchanged).toBe(4);
    expect(existsSync(path.join(corpus, 'new.txt'))).toBe(true);
    expect(readFileSync(path.join(corpus, 'new.txt'), 'utf8')).toContain('harbour budget');
  });
});
