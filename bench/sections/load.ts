/**
 * Load: the bot as a real process (the npm start command) against the fake Discord in this
 * process, with /ask interactions offered at fixed rates. Per rate: answers per second from the
 * first dispatch to the last reply, time from dispatch to the first callback (p50 / p95 / max),
 * and what Discord would have refused (callbacks later than 3 s), lost or duplicated.
 *
 * Rates run one after another against the same process, each after the previous one has
 * drained, so a rate measures the bot keeping up with that rate, not the backlog of the last.
 */
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_LOAD_PROFILE } from '../../src/discord/load-profile.js';
import { FakeDiscord } from '../../tests/fake-discord/index.js';
import { collect, fireAtRate, startBotProcess, type LoadStats } from '../../tests/e2e/load-driver.js';

export interface LoadRate extends LoadStats {
  perSecond: number;
  /** 1-minute load average just before this rate was offered. */
  loadAverage: number;
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
      const fired = await fireAtRate(count, perSecond, (i) =>
        fake.sendInteraction(fake.build.chatInput({ name: 'ask', options: { question: opts.questions[(start + i) % opts.questions.length]! } })),
      );
      offset += count;
      const { stats } = await collect(fired, DEFAULT_LOAD_PROFILE.deadlineMs, 120_000);
      rates.push({ perSecond, loadAverage, ...stats });
    }
  } finally {
    bot.child.kill('SIGTERM');
    await bot.exited;
    await fake.stop();
  }
  return { rates, deadlineMs: DEFAULT_LOAD_PROFILE.deadlineMs, embedWorkers: process.env['EMBED_WORKERS'] ?? `default (${Math.max(1, os.availableParallelism() - 1)})` };
}
