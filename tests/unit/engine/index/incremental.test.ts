import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../../src/bootstrap/config.js';
import { Engine } from '../../../../src/engine/engine.js';
import { FakeEmbedder } from '../../../../src/engine/embedders/fake.js';
import { buildIndex } from '../../../../src/engine/index/build.js';
import { readCorpus } from '../../../../src/engine/index/corpus.js';
import { withIndexLock } from '../../../../src/engine/index/lock.js';
import { TimeSlicer } from '../../../../src/domain/time-slice.js';
import { FAKE_MODEL, fakeConfig, tempDir, writeCorpus } from '../../../helpers/fake-engine.js';

/** Every stored vector of an engine, by stable key, as raw bytes (bit-for-bit comparison). */
async function storedVectors(engine: Engine): Promise<Map<string, string>> {
  const { index } = engine;
  const out = new Map<string, string>();
  for (const [keys, store] of [
    [index.chunkKeys, index.chunkVectors],
    [index.sentenceKeys, index.sentenceVectors],
  ] as const) {
    const vectors = await store.get(keys);
    keys.forEach((k, i) => out.set(k, Buffer.from(vectors[i]!.buffer, vectors[i]!.byteOffset, vectors[i]!.byteLength).toString('hex')));
  }
  return out;
}

describe('incremental indexing', () => {
  it('re-embeds only the texts of changed and added files, and serves vectors bit-identical to a full rebuild', async () => {
    const corpus = writeCorpus();
    const config = fakeConfig({ CORPUS_DIR: corpus });
    const engine = await Engine.open(config);
    const fake = engine.embedder as FakeEmbedder;
    expect(engine.status.reused).toBe(0);
    expect(engine.status.embedded).toBe(fake.embedded);

    const untouched = await engine.reindex();
    expect(untouched).toMatchObject({ added: [], removed: [], changed: [], unchanged: 3, embedded: 0 });

    appendFileSync(path.join(corpus, 'harbour.txt'), '\n\nThe walrus ambassador brokered a herring treaty in the Arctic.\n');
    writeFileSync(path.join(corpus, 'new.md'), '# Harbour notes\n\nThe committee met on Friday to approve the harbour budget for next year.\n');
    rmSync(path.join(corpus, 'notes/volcano.txt'), { force: true });
    const before = fake.embedded;
    // Chunking counts tokens: only the touched documents are cut again (the others' cuts are kept).
    const counted: string[] = [];
    const countTokens = fake.countTokens.bind(fake);
    fake.countTokens = (text: string) => {
      counted.push(text);
      return countTokens(text);
    };
    const report = await engine.reindex();
    fake.countTokens = countTokens;
    expect(counted.length).toBeGreaterThan(0);
    expect(counted.some((t) => t.includes('walrus ambassador'))).toBe(true);
    expect(counted.some((t) => t.includes('committee met on Friday'))).toBe(true);
    const untouchedTexts = engine.index.texts.filter((_, i) => !['harbour.txt', 'new.md'].includes(engine.index.manifest.documents[i]!.id));
    for (const t of counted) expect(untouchedTexts.some((u) => u.includes(t))).toBe(false);
    expect(report.added).toEqual(['new.md']);
    expect(report.changed).toEqual(['harbour.txt']);
    expect(report.removed).toEqual(['notes/volcano.txt']);
    expect(report.embedded).toBe(fake.embedded - before);
    expect(report.embedded).toBeGreaterThan(0);
    // Untouched documents are reused whole (with section-aware chunks, the two touched ones here hold as many texts).
    expect(report.reused).toBeGreaterThanOrEqual(report.embedded);
    // Only texts of the two touched documents can be new: at most one per sentence and chunk of theirs.
    const touched = engine.documents().filter((d) => d.id === 'new.md' || d.id === 'harbour.txt');
    const ownTexts = touched.reduce((n, d) => n + d.chunks, 0) + engine.index.manifest.documents.filter((d) => touched.some((t) => t.id === d.id)).reduce((n, d) => n + d.sentences, 0);
    expect(report.embedded).toBeLessThanOrEqual(ownTexts);
    expect((await engine.cite('The committee met on Friday to approve the harbour budget for next year.')).citations[0]?.document).toBe('new.md');

    const full = await Engine.open({ ...config, indexDir: tempDir('index-full') });
    expect(full.status.reused).toBe(0);
    expect(await storedVectors(engine)).toEqual(await storedVectors(full));
    // Summaries reused for unchanged documents, and those recomputed, are the full build's.
    for (const d of full.documents()) expect(engine.summarizeDocument(d.id, 'long')).toEqual(full.summarizeDocument(d.id, 'long'));
    expect(engine.index.summaries).toEqual(full.index.summaries);
    // Chunks kept from the last cut, renumbered, are the full build's.
    expect(engine.index.chunks).toEqual(full.index.chunks);
    // ...and read back from disk, the incremental build still holds the same vectors.
    const reopened = await Engine.open(config);
    expect(reopened.status.rebuilt).toBeUndefined();
    expect(await storedVectors(reopened)).toEqual(await storedVectors(full));
  });

  it("reindexes with the reindex embedder (the bot's worker pool), while the build at open keeps the engine's own", async () => {
    const corpus = writeCorpus();
    const pool = new FakeEmbedder(FAKE_MODEL);
    const engine = await Engine.open(fakeConfig({ CORPUS_DIR: corpus }), { reindexEmbedder: pool });
    const own = engine.embedder as FakeEmbedder;
    expect(own.embedded).toBeGreaterThan(0);
    expect(pool.embedded).toBe(0);
    writeFileSync(path.join(corpus, 'new.md'), '# Harbour notes\n\nThe committee met on Friday to approve the harbour budget for next year.\n');
    const openBuild = own.embedded;
    const report = await engine.reindex();
    expect(report.embedded).toBeGreaterThan(0);
    expect(pool.embedded).toBe(report.embedded);
    expect(own.embedded).toBe(openBuild);
    expect((await engine.cite('The committee met on Friday to approve the harbour budget for next year.')).citations[0]?.document).toBe('new.md');
    await expect(Engine.open(fakeConfig(), { reindexEmbedder: new FakeEmbedder('fake/other') })).rejects.toThrow(/differs/);
  });

  it('a second process that finds the index being built waits, then uses the finished index instead of building again', async () => {
    const config = fakeConfig();
    // Built elsewhere first, so that "the other build" below finishes exactly when this test says.
    const elsewhere = tempDir('index-other');
    await Engine.open({ ...config, indexDir: elsewhere });
    let childDone!: Promise<{ code: number | null; stdout: string; stderr: string }>;
    await withIndexLock(config.indexDir, async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'tests/fixtures/open-engine-child.ts')], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, EMBEDDING_MODEL: FAKE_MODEL, CORPUS_DIR: config.corpusDir, INDEX_DIR: config.indexDir, LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      const waiting = new Promise<void>((resolve) =>
        child.stderr.on('data', (c: Buffer) => {
          stderr += c.toString();
          if (stderr.includes('waiting for it to finish')) resolve();
        }),
      );
      childDone = new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
      await Promise.race([waiting, childDone]);
      // "The other build" completes while the child waits: its result appears under the lock.
      cpSync(path.join(elsewhere, 'builds'), path.join(config.indexDir, 'builds'), { recursive: true });
      cpSync(path.join(elsewhere, 'CURRENT'), path.join(config.indexDir, 'CURRENT'));
    });
    const { code, stdout, stderr } = await childDone;
    expect(stderr).toMatch(/another build of the index in .* is running; waiting for it to finish/);
    expect(stderr).toMatch(/the other build left the index up to date; using it/);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ rebuilt: null, embedded: 0, documents: 3 });
  });

  it('an update offers the event loop back at every document of every long phase, so a bot keeps serving while it runs', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++) files[`page-${i}.txt`] = `Page ${i} describes harbour number ${i}. Its pier was rebuilt in year ${1900 + i} by the town council.`;
    const corpus = writeCorpus(files);
    const config = fakeConfig({ CORPUS_DIR: corpus });
    const engine = await Engine.open(config);
    appendFileSync(path.join(corpus, 'page-7.txt'), '\n\nA walrus now guards the pier.\n');
    // Whether a check yields is time-slice.ts's business (tested there); here: the build checks often enough.
    class CountingSlicer extends TimeSlicer {
      checks = 0;
      override async tick(): Promise<void> {
        this.checks++;
        await super.tick();
      }
    }
    const slicer = new CountingSlicer();
    const built = await buildIndex(await readCorpus(corpus), engine.embedder, config.indexDir, { summarizer: engine.summarizer, previous: engine.index, slicer });
    expect(built.embedded).toBeGreaterThan(0);
    // One check per document when reading, chunking, gathering the summaries' corpus statistics and
    // summarising, and one per distinct text when hashing it for the embedding cache.
    expect(slicer.checks).toBeGreaterThanOrEqual(4 * 60 + built.embedded + built.reused);
  });
});
