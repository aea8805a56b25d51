/**
 * The CLI interfaces scripts rely on: one JSON object on stdout with --json, --help on each,
 * clear errors. Runs the real commands through npm, as a user would.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { tempDir } from '../helpers/engine.js';

const env = { ...process.env, INDEX_DIR: tempDir('cli-index'), DATA_DIR: tempDir('cli-data'), LOG_LEVEL: 'warn' };

function run(script: string, args: string[], extraEnv: Record<string, string> = {}, input?: string) {
  const r = spawnSync('npm', ['run', '-s', script, '--', ...args], {
    cwd: PROJECT_ROOT,
    env: { ...env, ...extraEnv },
    encoding: 'utf8',
    timeout: 60_000,
    input,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

beforeAll(() => {
  const r = run('index', []);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/5 document\(s\), \d+ chunks/);
});

describe('CLI', () => {
  it('ask --json prints exactly one object with the documented fields', () => {
    const r = run('ask', ['--json', 'Who did Kissinger talk to during the 1973 Arab-Israeli war?']);
    expect(r.code, r.stderr).toBe(0);
    const out = json(r.stdout);
    expect(Object.keys(out)).toEqual(['question', 'answered', 'confidence', 'tier', 'citations']);
    expect(out.answered).toBe(true);
    expect(out.tier).toBe('answer');
    expect(out.confidence).toBeGreaterThan(0);
    expect(out.confidence).toBeLessThanOrEqual(1);
    const citations = out.citations as Array<Record<string, unknown>>;
    expect(Object.keys(citations[0]!)).toEqual(['quote', 'document', 'title', 'paragraph', 'score']);
    expect(citations[0]!.quote).toMatch(/Anatoly Dobrynin/);
  });

  it('ask prints numbered quotes and sources for people', () => {
    const r = run('ask', ['Which', 'Americans', 'detained', 'in', 'Russia', 'does', 'the', 'US', 'want', 'back?']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\[1\] “.*Brittney Griner/m);
    expect(r.stdout).toMatch(/Sources:\n {2}\[1\] .* — 002_2e59d69fb2242484\.txt, ¶\d+/);
  });

  it('eval --json reports the metrics and a per-question list', () => {
    const file = path.join(PROJECT_ROOT, 'eval', 'heldout-questions.jsonl');
    const out = json(run('eval', ['--questions', file, '--json']).stdout);
    for (const k of ['hitAt1', 'hitAt3', 'mrr', 'answeredRate', 'abstainRate']) expect(typeof out[k]).toBe('number');
    expect((out.results as unknown[]).length).toBeGreaterThan(40);
  });

  it('summary --json and cite --json have the documented shapes', () => {
    const doc = json(run('summary', ['--document', '003', '--length', 'short', '--json']).stdout);
    expect(doc.kind).toBe('document');
    expect((doc.citations as unknown[]).length).toBeLessThanOrEqual(3);
    expect(Object.keys((doc.citations as Array<Record<string, unknown>>)[0]!)).toEqual(['quote', 'document', 'title', 'paragraph']);
    expect(json(run('summary', ['--json']).stdout).kind).toBe('corpus');
    expect(json(run('summary', ['--topic', 'arms control', '--json']).stdout).kind).toBe('topic');
    const cite = json(run('cite', ['--json', 'we will remove our nukes from Turkey']).stdout);
    expect(Object.keys(cite)).toEqual(['question', 'answered', 'citations']);
    expect(cite.answered).toBe(true);
  });

  it('chat answers questions and commands typed on stdin, and survives bad ones', () => {
    const session = ['Who is Tom Shannon?', '/sources', '/summary nope', '/summary 004', '/quote Putin is a liar', '/frobnicate', '', '/quit', 'never read'].join('\n');
    const r = run('chat', [], {}, `${session}\n`);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/former senior State Department official/);
    expect(r.stdout).toMatch(/004_fa67cc9842d54d9a\.txt — Good news: Former US officials/);
    expect(r.stdout).toMatch(/no document matches "nope"/);
    expect(r.stdout).toMatch(/Summary: Good news: Former US officials reportedly open talks with Moscow/);
    expect(r.stdout).toMatch(/I think Putin is a liar and a bully/);
    expect(r.stdout).toMatch(/Unknown command \/frobnicate/);
    expect(r.stdout).not.toMatch(/at .*\.ts:\d+/);
  });

  it('--help works on every command without loading anything', () => {
    for (const script of ['ask', 'chat', 'index', 'eval', 'summary', 'cite']) {
      const r = run(script, ['--help']);
      expect(r.code, script).toBe(0);
      expect(r.stdout).toMatch(/^Usage: /);
    }
  });

  it('bad input gets one clear line and a non-zero exit', () => {
    const unknown = run('summary', ['--document', 'nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no document matches "nope"\. Available documents:/);
    const missing = run('eval', []);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/required option '-q, --questions <file>'/);
    const badEnv = run('ask', ['hello'], { EMBED_THREADS: 'many', LOG_LEVEL: 'loud' });
    expect(badEnv.code).toBe(1);
    expect(badEnv.stderr).toMatch(/EMBED_THREADS: EMBED_THREADS must be a whole number/);
    expect(badEnv.stderr).toMatch(/LOG_LEVEL: LOG_LEVEL must be one of/);
    const noModel = run('ask', ['hello'], { MODELS_DIR: tempDir('no-models') });
    expect(noModel.code).toBe(1);
    expect(noModel.stderr).toMatch(/^error: model folder .* not found: restore it with/m);
    expect(noModel.stderr).not.toMatch(/at .*node_modules/);
  });
});
