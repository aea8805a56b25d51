/** Index builds, reuse, staleness, corruption and crashes, with the fake embedder. */
import { spawn } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../../src/bootstrap/config.js';
import { FakeEmbedder } from '../../../../src/engine/embedders/fake.js';
import { Engine } from '../../../../src/engine/engine.js';
import { CorpusError } from '../../../../src/engine/index/corpus.js';
import { currentBuild } from '../../../../src/engine/index/snapshot.js';
import { VectraVectorStore } from '../../../../src/engine/stores/vectra.js';
import { fakeConfig, tempDir, writeCorpus } from '../../../helpers/fake-engine.js';

const QUESTIONS = ['When does the ferry leave the harbour?', 'Who has commanded the ferry since 2011?', 'How long does sourdough ferment?'];

describe('index lifecycle', () => {
  it('builds a missing index, reuses a fresh one identically, and rebuilds a stale one', async () => {
    const corpus = writeCorpus();
    const config = fakeConfig({ CORPUS_DIR: corpus });
    const first = await Engine.open(config);
    expect(first.status.rebuilt).toBe('missing');

    const second = await Engine.open(config);
    expect(second.status.rebuilt).toBeUndefined();
    expect(second.status.builtAt).toBe(first.status.builtAt);
    // The index served right after a build (from memory) answers exactly as the one read back from disk.
    for (const q of QUESTIONS) expect(await second.ask(q, { limit: 9 })).toEqual(await first.ask(q, { limit: 9 }));
    expect(second.summarizeDocument('harbour', 'long')).toEqual(first.summarizeDocument('harbour', 'long'));
    expect(second.overview()).toEqual(first.overview());

    appendFileSync(path.join(corpus, 'harbour.txt'), '\n\nThe walrus ambassador Zorblax Quintaine brokered a herring treaty in the Arctic.\n');
    const third = await Engine.open(config);
    expect(third.status.rebuilt).toBe('stale');
    const a = await third.ask('Who brokered the herring treaty?');
    expect(a.citations[0]?.quote).toContain('Zorblax Quintaine');
  });

  it('keys vectors by document and ordinal, not by position', async () => {
    const config = fakeConfig();
    const engine = await Engine.open(config);
    const { index } = engine;
    expect(index.chunkKeys.filter((k) => k.startsWith('harbour.txt#'))).toEqual(['harbour.txt#c0', 'harbour.txt#c1', 'harbour.txt#c2']);
    expect(index.sentenceKeys).toContain('notes/volcano.txt#s1');
    const build = path.join(config.indexDir, 'builds', (await currentBuild(config.indexDir))!);
    const items = (JSON.parse(readFileSync(path.join(build, 'vectors', 'chunks', 'shard-0000', 'index.json'), 'utf8')) as { items: { id: string }[] }).items;
    expect(items.map((i) => i.id)).toEqual(index.chunkKeys);
  });

  it('a build killed mid-way leaves the previous index current and usable', async () => {
    const config = fakeConfig();
    const before = await Engine.open(config);
    const buildBefore = await currentBuild(config.indexDir);

    const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'tests/fixtures/build-index-child.ts')], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, CORPUS_DIR: config.corpusDir, INDEX_DIR: config.indexDir, EMBEDDING_MODEL: config.embeddingModel, LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (/^embed /m.test(chunk.toString())) child.kill('SIGKILL');
      });
      child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child exited ${code}`))));
    });

    // The crashed build left a temporary folder; the current build is untouched.
    expect(readdirSync(config.indexDir).some((e) => e.startsWith('.tmp-'))).toBe(true);
    expect(await currentBuild(config.indexDir)).toBe(buildBefore);
    const after = await Engine.open(config);
    expect(after.status.rebuilt).toBeUndefined();
    // Opening removes what the crash left behind, without waiting for the next build.
    expect(readdirSync(config.indexDir).some((e) => e.startsWith('.tmp-'))).toBe(false);
    expect(await after.ask(QUESTIONS[1]!)).toEqual(await before.ask(QUESTIONS[1]!));
  });

  // Loading reads the binary sidecars (vectors/*.f32), not vectra's JSON: a broken sidecar is a corrupt index.
  const sidecarDamage: [string, string, (file: string) => void][] = [
    ['truncated', 'chunks.f32', (f) => writeFileSync(f, readFileSync(f).subarray(0, 100))],
    ['missing', 'chunks.f32', (f) => rmSync(f)],
    ['truncated', 'sentences.f32', (f) => writeFileSync(f, readFileSync(f).subarray(0, readFileSync(f).length - 4))],
    ['missing', 'sentences.f32', (f) => rmSync(f)],
  ];
  it.each(sidecarDamage)('detects a %s vector sidecar %s and rebuilds', async (_what, file, damage) => {
    const config = fakeConfig();
    const first = await Engine.open(config);
    const build = path.join(config.indexDir, 'builds', (await currentBuild(config.indexDir))!);
    damage(path.join(build, 'vectors', file));
    const reopened = await Engine.open(config);
    expect(reopened.status.rebuilt).toBe('corrupt');
    expect(await reopened.ask(QUESTIONS[1]!)).toEqual(await first.ask(QUESTIONS[1]!));
  });

  it('still writes vectra JSON for inspection, holding the same ids and values as the sidecar', async () => {
    const config = fakeConfig();
    await Engine.open(config);
    const build = path.join(config.indexDir, 'builds', (await currentBuild(config.indexDir))!);
    const { dimension } = new FakeEmbedder();
    const vectra = await VectraVectorStore.load(path.join(build, 'vectors', 'chunks'), dimension);
    const ids = Array.from({ length: await vectra.size() }, (_, row) => vectra.memory.idAt(row));
    const sidecar = await VectraVectorStore.loadSidecar(path.join(build, 'vectors', 'chunks'), dimension, ids);
    expect(ids.length).toBeGreaterThan(0);
    expect(await sidecar.get(ids)).toEqual(await vectra.get(ids));
  });

  it('tells a corrupt manifest from an index of an older format', async () => {
    const config = fakeConfig();
    await Engine.open(config);
    const manifestFile = async () => path.join(config.indexDir, 'builds', (await currentBuild(config.indexDir))!, 'manifest.json');
    const manifest = JSON.parse(readFileSync(await manifestFile(), 'utf8')) as Record<string, unknown>;
    writeFileSync(await manifestFile(), JSON.stringify({ ...manifest, formatVersion: 3 }));
    const rebuilt = await Engine.open(config);
    expect(rebuilt.status.rebuilt).toBe('stale');
    // Its vector files kept their format: the rebuild reuses every vector instead of embedding again.
    expect(rebuilt.status.embedded).toBe(0);
    expect(rebuilt.status.reused).toBeGreaterThan(0);
    writeFileSync(await manifestFile(), '{"formatVersion": 4, "chunker": ');
    expect((await Engine.open(config)).status.rebuilt).toBe('corrupt');
  });

  it('rebuilds, as corrupt, an index whose binary spans, keyword index or documents are cut short, or whose summaries point nowhere', async () => {
    const config = fakeConfig();
    {
      await Engine.open(config);
      const target = path.join(config.indexDir, 'builds', (await currentBuild(config.indexDir))!, 'summaries.json');
      const summaries = JSON.parse(readFileSync(target, 'utf8')) as { short: number[] }[];
      summaries[0]!.short.push(1_000_000);
      writeFileSync(target, JSON.stringify(summaries));
      expect((await Engine.open(config)).status.rebuilt).toBe('corrupt');
    }
    for (const file of ['spans.bin', 'lexical.bin', 'documents.bin']) {
      await Engine.open(config);
      const target = path.join(config.indexDir, 'builds', (await currentBuild(config.indexDir))!, file);
      const bytes = readFileSync(target);
      writeFileSync(target, bytes.subarray(0, bytes.length - 4));
      const reopened = await Engine.open(config);
      expect(reopened.status.rebuilt).toBe('corrupt');
      // The rebuilt index finds the answer (whether it is confident enough to call it one is the
      // fitted tiers' business, calibrated for a real model, not for the fake embedder).
      expect((await reopened.ask(QUESTIONS[0]!)).citations[0]?.quote).toContain('leaves the harbour every morning at seven');
    }
  });

  it('builds with the configured vector store, and rebuilds when that changes', async () => {
    const config = { ...fakeConfig(), vectorStore: 'memory' };
    const first = await Engine.open(config);
    expect(first.index.manifest.vectorStore).toBe('memory');
    expect((await first.ask(QUESTIONS[1]!)).answered).toBe(true);
    // The memory store kept nothing on disk: reopening rebuilds instead of failing.
    expect((await Engine.open(config)).status.rebuilt).toBe('corrupt');
    const vectra = await Engine.open({ ...config, vectorStore: 'vectra' });
    expect(vectra.status.rebuilt).toBe('stale');
    expect(vectra.index.manifest.vectorStore).toBe('vectra');
  });

  it('rebuilds when the embedding model changes', async () => {
    const config = fakeConfig();
    await Engine.open(config);
    expect((await Engine.open({ ...config, embeddingModel: 'fake/other-model' })).status.rebuilt).toBe('stale');
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
    writeFileSync(path.join(corpus, 'photo.xyz'), 'no reader for this');
    const engine = await Engine.open(fakeConfig({ CORPUS_DIR: corpus }));
    expect(engine.documents().map((d) => d.id)).toEqual(['good.md']);
    const warnings = Object.fromEntries(engine.status.warnings.map((w) => [w.file, w.reason]));
    expect(Object.keys(warnings).sort()).toEqual(['binary.txt', 'blank.txt', 'empty.txt', 'fake.pdf', 'latin1.txt', 'photo.xyz']);
    expect(warnings["photo.xyz"]).toMatch(/^unsupported file type \.xyz: supported are \.txt /);
    expect(warnings['latin1.txt']).toMatch(/UTF-8/);
    // The readers sniff magic bytes: a PNG named .txt is called a PNG, not "not UTF-8".
    expect(warnings['binary.txt']).toMatch(/PNG image/);
    expect(warnings['fake.pdf']).toMatch(/not a PDF/);
    const a = await engine.ask('Who repainted the tower red and white?');
    expect(a.citations[0]?.quote).toContain('repainted the tower red and white');
    expect(a.citations[0]?.title).toBe('Good notes');
  });

  it('an empty corpus gives a clear message', async () => {
    const err = await Engine.open(fakeConfig({ CORPUS_DIR: tempDir('corpus') })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CorpusError);
    expect((err as Error).message).toMatch(/no documents to index in .*: add \.txt or \.md files/);
  });

  it('a missing corpus folder gives a clear message', async () => {
    const err = await Engine.open(fakeConfig({ CORPUS_DIR: path.join(tempDir('x'), 'nope') })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CorpusError);
    expect((err as Error).message).toMatch(/corpus folder .*nope not found/);
  });
});
