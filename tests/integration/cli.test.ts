/**
 * The CLI interfaces scripts rely on: one JSON object on stdout with --json, --help on each,
 * clear errors. The first test runs a command through npm, as a user would; the others run the
 * file that package.json's script names in one node process (npm → sh → tsx → node costs a
 * second of CPU per run, and this file runs two dozen).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/bootstrap/config.js';
import { tempDir } from '../helpers/engine.js';
import { seedIndexCopy } from '../helpers/seed.js';

const env = { ...process.env, INDEX_DIR: seedIndexCopy(), DATA_DIR: tempDir('cli-data'), LOG_LEVEL: 'warn' };

const scripts = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

/** The source file an npm script runs with tsx ("tsx src/cli/ask.ts" → "src/cli/ask.ts"). */
function scriptFile(script: string): string {
  const m = /^tsx (\S+\.ts)$/.exec(scripts[script] ?? '');
  if (!m) throw new Error(`npm script ${script} is not "tsx <file>": ${scripts[script]}`);
  return m[1]!;
}

async function run(script: string, args: string[], extraEnv: Record<string, string> = {}, input?: string, via: 'npm' | 'node' = 'node') {
  const [cmd, cmdArgs] =
    via === 'npm' ? ['npm', ['run', '-s', script, '--', ...args]] : [process.execPath, ['--import', 'tsx', scriptFile(script), ...args]];
  // Asynchronous, so the test worker stays responsive to vitest while a command runs.
  const child = spawn(cmd, cmdArgs as string[], { cwd: PROJECT_ROOT, env: { ...env, ...extraEnv }, timeout: 60_000 });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.end(input ?? '');
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function json(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

beforeAll(async () => {
  // The index is the shared seed index: --if-stale checks it without rebuilding.
  const r = await run('index', ['--if-stale']);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/5 document\(s\), \d+ chunks/);
});

describe('CLI', () => {
  it('ask --json prints exactly one object with the documented fields', async () => {
    const r = await run('ask', ['--json', 'Who did Kissinger talk to during the 1973 Arab-Israeli war?'], {}, undefined, 'npm');
    expect(r.code, r.stderr).toBe(0);
    const out = json(r.stdout);
    expect(Object.keys(out)).toEqual(['question', 'answered', 'confidence', 'tier', 'citations']);
    expect(out.answered).toBe(true);
    expect(out.tier).toBe('answer');
    expect(out.confidence).toSatisfy((x: unknown) => typeof x === 'number' && x > 0 && x <= 1);
    const citations = out.citations as Array<Record<string, unknown>>;
    // The documented fields, then only the location fields that exist (plain text: lines, a section under a title line).
    const keys = Object.keys(citations[0]!);
    expect(keys.slice(0, 5)).toEqual(['quote', 'document', 'title', 'paragraph', 'score']);
    expect(keys.slice(5).every((k) => ['lastParagraph', 'section', 'page', 'lines'].includes(k))).toBe(true);
    expect(citations[0]!.lines).toEqual([expect.any(Number), expect.any(Number)]);
    expect(citations[0]!.quote).toMatch(/Anatoly Dobrynin/);
  });

  it('ask prints numbered quotes and sources for people', async () => {
    const r = await run('ask', ['Which', 'Americans', 'detained', 'in', 'Russia', 'does', 'the', 'US', 'want', 'back?']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\[1\] “.*Brittney Griner/m);
    expect(r.stdout).toMatch(/Sources:\n {2}\[1\] .* — 002_2e59d69fb2242484\.txt:\d+(–\d+)?, ¶\d+/);
  });

  it('eval --json reports the metrics and a per-question list', async () => {
    const file = path.join(PROJECT_ROOT, 'eval', 'heldout-questions.jsonl');
    const out = json((await run('eval', ['--questions', file, '--json'])).stdout);
    const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).length;
    expect(out.questions).toBe(lines);
    expect((out.results as unknown[]).length).toBe(lines);
    for (const k of ['hitAt1', 'hitAt3', 'mrr', 'answeredRate', 'abstainRate']) expect(out[k]).toSatisfy((x: unknown) => typeof x === 'number' && x >= 0 && x <= 1);
    expect(out.hitAt3 as number).toBeGreaterThanOrEqual(out.hitAt1 as number);
  });

  it('summary --all --json prints one object per document, in one process', async () => {
    const r = await run('summary', ['--all', '--json', '--length', 'short']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.document)).toEqual([
      '000_124aa0ee5495cb11.txt', '001_d7e03db3c3fe0fbc.txt', '002_2e59d69fb2242484.txt', '003_e3ec1e54c157f832.txt', '004_fa67cc9842d54d9a.txt',
    ]);
    for (const l of lines) {
      expect(Object.keys(l)).toEqual(['document', 'title', 'kind', 'citations']);
      expect(l.kind).toBe('document');
      const citations = l.citations as Array<Record<string, unknown>>;
      expect(citations.length).toBeGreaterThan(0);
      expect(citations.length).toBeLessThanOrEqual(3);
      expect(citations.every((c) => c.document === l.document)).toBe(true);
    }
    expect((await run('summary', ['--all', '--topic', 'x'])).stderr).toMatch(/use one of --document, --topic and --all/);
  });

  it('summary --json and cite --json have the documented shapes', async () => {
    const doc = json((await run('summary', ['--document', '003', '--length', 'short', '--json'])).stdout);
    expect(doc.kind).toBe('document');
    expect((doc.citations as unknown[]).length).toBeLessThanOrEqual(3);
    // The documented fields in order, then where the quote is when known (README: "section", "page", "lines").
    const keys = Object.keys((doc.citations as Array<Record<string, unknown>>)[0]!);
    expect(keys.slice(0, 4)).toEqual(['quote', 'document', 'title', 'paragraph']);
    expect(['section', 'page', 'lines']).toEqual(expect.arrayContaining(keys.slice(4)));
    expect(keys).toContain('lines');
    expect(json((await run('summary', ['--json'])).stdout).kind).toBe('corpus');
    expect(json((await run('summary', ['--topic', 'arms control', '--json'])).stdout).kind).toBe('topic');
    const cite = json((await run('cite', ['--json', 'we will remove our nukes from Turkey'])).stdout);
    expect(Object.keys(cite)).toEqual(['question', 'answered', 'citations']);
    expect(cite.answered).toBe(true);
  });

  it('chat answers questions and commands typed on stdin, and survives bad ones', async () => {
    const session = ['Who is Tom Shannon?', '/sources', '/summary nope', '/summary 004', '/quote Putin is a liar', '/frobnicate', '', '/quit', 'never read'].join('\n');
    const r = await run('chat', [], {}, `${session}\n`);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/former senior State Department official/);
    expect(r.stdout).toMatch(/004_fa67cc9842d54d9a\.txt — Good news: Former US officials/);
    expect(r.stdout).toMatch(/no document matches "nope"/);
    expect(r.stdout).toMatch(/Summary: Good news: Former US officials reportedly open talks with Moscow/);
    expect(r.stdout).toMatch(/I think Putin is a liar and a bully/);
    expect(r.stdout).toMatch(/Unknown command \/frobnicate/);
    expect(r.stdout).not.toMatch(/at .*\.ts:\d+/);
  });

  it('--help works on every command without loading anything', async () => {
    const scriptsToCheck = ['ask', 'chat', 'index', 'eval', 'summary', 'cite', 'skipped'];
    const results = await Promise.all(scriptsToCheck.map((script) => run(script, ['--help'])));
    results.forEach((r, i) => {
      expect(r.code, scriptsToCheck[i]).toBe(0);
      expect(r.stdout, scriptsToCheck[i]).toMatch(/^Usage: /);
    });
  });

  it('bad input gets one clear line and a non-zero exit', async () => {
    const [unknown, missing, badEnv, noModel] = await Promise.all([
      run('summary', ['--document', 'nope']),
      run('eval', []),
      run('ask', ['hello'], { EMBED_THREADS: 'many', LOG_LEVEL: 'loud' }),
      run('ask', ['hello'], { MODELS_DIR: tempDir('no-models') }),
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no document matches "nope"\. Available documents:/);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/required option '-q, --questions <file>'/);
    expect(badEnv.code).toBe(1);
    expect(badEnv.stderr).toMatch(/EMBED_THREADS: EMBED_THREADS must be a whole number/);
    expect(badEnv.stderr).toMatch(/LOG_LEVEL: LOG_LEVEL must be one of/);
    expect(noModel.code).toBe(1);
    expect(noModel.stderr).toMatch(/^error: model folder .* not found: restore it with/m);
    expect(noModel.stderr).not.toMatch(/at .*node_modules/);
  });
});
