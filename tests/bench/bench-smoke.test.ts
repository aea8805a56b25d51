/**
 * Smoke test for `npm run bench -- --quick --json`: the bench runs end to end and reports a
 * well-formed result. No timing assertions: CI machines are shared and noisy; the numbers are
 * for people reading the bench output, not for pass/fail.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { BenchResult } from '../../bench/report.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TSX_CLI = createRequire(import.meta.url).resolve('tsx/cli');

describe('bench --quick --json', () => {
  // Its own scratch folder, so a bench someone runs in .bench-tmp meanwhile is left alone.
  const workDir = mkdtempSync(path.join(tmpdir(), 'bench-smoke-'));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('runs to completion and prints one JSON object with every section', { timeout: 300_000 }, async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [TSX_CLI, 'bench/bench.ts', '--quick', '--json', '--work-dir', workDir], {
      cwd: ROOT,
      maxBuffer: 16 * 2 ** 20,
    });
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const r = JSON.parse(lines[0]!) as BenchResult;

    expect(r.quick).toBe(true);
    expect(r.machine.cpus).toBeGreaterThan(0);
    expect(r.machine.node).toMatch(/^v\d+/);
    expect(r.durationMs).toBeGreaterThan(0);
    expect(r.questions.total).toBeGreaterThan(0);

    expect(r.sizes.map((s) => s.label)).toEqual(['seed', '300']);
    // One changed file re-embeds its own texts only.
    expect(r.incremental?.embedded).toBeGreaterThan(0);
    expect(r.incremental!.reused).toBeGreaterThan(0);
    expect(r.incremental!.reused).toBeLessThanOrEqual(r.incremental!.fullEmbedded);
    expect(r.incremental!.embedded).toBeLessThan(r.incremental!.fullEmbedded / 2);
    // The bot keeps answering during the update: the probe asked and measured the event loop.
    expect(r.incremental!.asksDuringUpdate).toBeGreaterThan(0);
    expect(r.incremental!.maxStallMs).toBeGreaterThanOrEqual(0);
    for (const s of r.sizes) {
      expect(s.corpus.chunks).toBeGreaterThan(0);
      expect(s.corpus.sentences).toBeGreaterThanOrEqual(s.corpus.chunks);
      const b = s.build!;
      expect(b.uniqueTexts).toBeGreaterThan(0);
      for (const x of [b.buildMs, b.chunksPerSec, b.embeddedPerSec, b.phases.embedMs, b.indexBytes, b.peakRssMiB]) expect(x).toBeGreaterThan(0);
      expect(b.vectorShards).toBeGreaterThanOrEqual(2);
      for (const x of [s.coldStart.withIndexMs, s.coldStart.noIndexMs!, s.coldStart.peakRssMiB]) expect(x).toBeGreaterThan(0);
      const q = s.query;
      expect(q.questions).toBe(r.questions.total);
      for (const st of [q.embed, q.retrieve, q.compose, q.ask, q.dense.store, q.dense.plain]) {
        expect(st.n).toBeGreaterThan(0);
        expect(st.p50).toBeGreaterThan(0);
        expect(st.p99).toBeGreaterThanOrEqual(st.p95);
        expect(st.p95).toBeGreaterThanOrEqual(st.p50);
      }
      expect(q.dense.vectors).toBe(s.corpus.chunks);
      expect(q.dense.ratioP50).toBeGreaterThan(0);
      // Like-for-like check, not timing: the store and the plain scan find the same top-k.
      expect(q.dense.sameResults).toBe(true);
      expect(s.vectra!.vectors).toBe(s.corpus.chunks);
      expect(s.vectra!.query.p50).toBeGreaterThan(0);
    }

    const e = r.embedding!;
    expect(e.runs.length).toBeGreaterThan(0);
    for (const run of e.runs) {
      expect(run.embedderPerSec).toBeGreaterThan(0);
      expect(run.barePerSec).toBeGreaterThan(0);
      expect(run.ratio).toBeGreaterThan(0);
      // Same inputs through the same graph: the Embedder's vectors are the bare session's, pooled.
      expect(run.maxAbsDiff).toBeLessThan(1e-5);
    }

    expect(r.targets.map((t) => t.id)).toEqual(expect.arrayContaining(['seed-ask-p95', 'seed-build', 'seed-cold-start', 'embedder-ratio', '50k-dense-ratio', '50k-hybrid-ratio', '50k-ask-p95']));
    for (const t of r.targets) expect([true, false, null]).toContain(t.met);
  });
});
