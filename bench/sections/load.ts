/**
 * Load: the bot as a real process (the npm start command) against the fake Discord in this
 * process, with /ask interactions offered at fixed rates. Per rate: answers per second from the
 * first dispatch to the last reply, time from dispatch to the first callback (p50 / p95 / max),
 * and what Discord would have refused (callbacks later than 3 s), lost or duplicated.
 *
 * Rates run one after another against the same process, each after the previous one has
 * drained, so a rate measures the bot keeping up with that rate, not the backlog of the last.
 */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_LOAD_PROFILE } from '../../src/discord/load-profile.js';
import { FakeDiscord } from '../../tests/fake-discord/index.js';
import { collect, fireAtRate, startBotProcess, type LoadStats } from '../../tests/e2e/load-driver.js';

export interface LoadRate extends LoadStats {
  perSecond: number;
  /** 1-minute load average just before this rate was offered. */
  loadAverage: number;
  /**
   * CPU time of the bot process per interaction sent, ms: its main thread, and all its other
   * threads (embedding worker, libuv's file I/O pool). Unlike answers/s it hardly depends on what
   * else runs on the machine. Linux only (/proc).
   */
  cpuPerAnswerMs?: { main: number; other: number };
}

/** CPU ms of each thread of `pid` (main thread under the key "main"), or undefined off Linux. */
function threadCpuMs(pid: number): Map<string, number> | undefined {
  try {
    const out = new Map<string, number>();
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid === String(pid) ? 'main' : tid, ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S);
    }
    return out;
  } catch {
    return undefined;
  }
}

/** USER_HZ: the unit of /proc's CPU times, 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS_PER_S = 100;

function cpuPerAnswer(before: Map<string, number> | undefined, after: Map<string, number> | undefined, count: number): LoadRate['cpuPerAnswerMs'] {
  if (!before || !after || count === 0) return undefined;
  let main = 0;
  let other = 0;
  for (const [tid, ms] of after) {
    const used = ms - (before.get(tid) ?? 0);
    if (tid === 'main') main += used;
    else other += used;
  }
  return { main: main / count, other: other / count };
}

export interface LoadResult {
  rates: LoadRate[];
  deadlineMs: number;
  embedWorkers: string;
}

export async function loadSection(opts: {
  corpusDir: string;
  workDir: string;
  questions: readonly string[];
  rates: readonly number[];
  seconds: number;
  status: (line: string) => void;
}): Promise<LoadResult> {
  const fake = new FakeDiscord({ defaultTimeoutMs: 60_000 });
  await fake.start();
  const env = {
    CORPUS_DIR: opts.corpusDir,
    INDEX_DIR: path.join(opts.workDir, 'index-load'),
    DATA_DIR: path.join(opts.workDir, 'data-load'),
    LOG_LEVEL: 'warn',
    // One user asking fast is the rate limiter's business; this measures many users at once.
    RATE_LIMIT_PER_MINUTE: '10000',
    RATE_LIMIT_BURST: '10000',
  };
  const bot = await startBotProcess(fake, { ...env, LOG_LEVEL: 'info' });
  const rates: LoadRate[] = [];
  try {
    // A few answers first so the first rate does not pay for warm-up.
    const warm = await fireAtRate(10, 10, (i) => fake.sendInteraction(fake.build.chatInput({ name: 'ask', options: { question: opts.questions[i % opts.questions.length]! } })));
    await collect(warm, DEFAULT_LOAD_PROFILE.deadlineMs);
    let offset = 10;
    for (const perSecond of opts.rates) {
      await fake.waitForQuiet(500);
      const count = Math.round(perSecond * opts.seconds);
      const loadAverage = os.loadavg()[0]!;
      opts.status(`  load: ${count} /ask at ${perSecond}/s (load average ${loadAverage.toFixed(2)})`);
      const start = offset;
      const cpuBefore = threadCpuMs(bot.child.pid!);
      const fired = await fireAtRate(count, perSecond, (i) =>
        fake.sendInteraction(fake.build.chatInput({ name: 'ask', options: { question: opts.questions[(start + i) % opts.questions.length]! } })),
      );
      offset += count;
      const { stats } = await collect(fired, DEFAULT_LOAD_PROFILE.deadlineMs, 120_000);
      const cpuPerAnswerMs = cpuPerAnswer(cpuBefore, threadCpuMs(bot.child.pid!), count);
      rates.push({ perSecond, loadAverage, ...stats, ...(cpuPerAnswerMs ? { cpuPerAnswerMs } : {}) });
    }
  } finally {
    bot.child.kill('SIGTERM');
    await bot.exited;
    await fake.stop();
  }
  return { rates, deadlineMs: DEFAULT_LOAD_PROFILE.deadlineMs, embedWorkers: process.env['EMBED_WORKERS'] ?? `default (${Math.max(1, os.availableParallelism() - 1)})` };
}
