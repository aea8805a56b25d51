/**
 * The bot as a real process (`node --import tsx src/discord/main.ts`, the npm start command)
 * against the fake Discord, and interactions fired at it at a steady rate: used by the load test
 * (tests/discord/load.e2e.test.ts) and by `npm run bench` (bench/sections/load.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { InteractionResponseType, type APIMessage } from 'discord.js';
import { PROJECT_ROOT } from '../../src/bootstrap/config.js';
import type { FakeDiscord, InteractionHandle } from '../fake-discord/index.js';

export interface BotProcess {
  child: ChildProcess;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the bot against `fake` and resolves once it has logged in (its "ready" line). */
export async function startBotProcess(
  fake: FakeDiscord,
  env: Record<string, string>,
  timeoutMs = 120_000,
  /** Extra node flags, e.g. `--cpu-prof` (not allowed in NODE_OPTIONS). */
  nodeArgs: readonly string[] = [],
): Promise<BotProcess> {
  const identified = fake.identifyCount;
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join('src', 'discord', 'main.ts')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DISCORD_TOKEN: 'load-test-token', DISCORD_API_URL: fake.apiUrl, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  const bot: BotProcess = { child, stderr: () => err, exited };
  const deadline = Date.now() + timeoutMs;
  while (!/ready: logged in/.test(err)) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`bot exited before it was ready:\n${err}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`bot not ready within ${timeoutMs} ms:\n${err}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await fake.waitForReady({ identifyCount: identified + 1 });
  return bot;
}

export interface Fired {
  handle: InteractionHandle;
  sentAt: number;
}

/** Sends `count` interactions at `perSecond`, paced against the clock (a late tick is caught up, not skipped). */
export async function fireAtRate(count: number, perSecond: number, send: (i: number) => InteractionHandle): Promise<Fired[]> {
  const fired: Fired[] = [];
  const t0 = Date.now();
  for (let i = 0; i < count; i++) {
    const due = t0 + (i * 1000) / perSecond;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const sentAt = Date.now();
    fired.push({ handle: send(i), sentAt });
  }
  return fired;
}

export interface LoadStats {
  sent: number;
  /** Interactions without a final visible reply. */
  lost: number;
  /** Interactions with more than one accepted initial callback or more than one message. */
  duplicated: number;
  /** First callbacks Discord would have refused: later than the deadline, or rejected with 10062. */
  late: number;
  /** Answered without a defer (type 4) / deferred first (type 5). */
  direct: number;
  deferred: number;
  /** Milliseconds from dispatch to the first accepted callback. */
  firstCallbackMs: { p50: number; p95: number; max: number };
  /** Final replies per second from the first dispatch to the last reply. */
  answersPerSecond: number;
  /** Seconds the rate was offered for. */
  offeredSeconds: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Waits for every reply (up to `timeoutMs` each) and measures the run. */
export async function collect(fired: Fired[], deadlineMs: number, timeoutMs = 30_000): Promise<{ stats: LoadStats; replies: (APIMessage | undefined)[] }> {
  const replies = await Promise.all(fired.map((f) => f.handle.waitForReply({ timeoutMs }).catch(() => undefined)));
  const firsts: number[] = [];
  let late = 0;
  let duplicated = 0;
  let direct = 0;
  let deferred = 0;
  let lastReplyAt = 0;
  for (const [i, f] of fired.entries()) {
    const callbacks = f.handle.events.filter((e) => e.kind === 'callback');
    const accepted = callbacks.filter((e) => e.accepted);
    if (callbacks.some((e) => !e.accepted && (e.request.responseBody as { code?: number } | null)?.code === 10062)) late++;
    const first = accepted[0];
    if (first) {
      const ms = first.request.at - f.sentAt;
      firsts.push(ms);
      if (ms > deadlineMs) late++;
      if (first.callbackType === InteractionResponseType.ChannelMessageWithSource) direct++;
      else deferred++;
    }
    const messages = f.handle.events.filter((e) => e.accepted && e.kind === 'followup.create');
    if (accepted.length > 1 || messages.length > (first?.callbackType === InteractionResponseType.DeferredChannelMessageWithSource ? 1 : 0)) duplicated++;
    if (replies[i]) lastReplyAt = Math.max(lastReplyAt, ...f.handle.events.filter((e) => e.accepted).map((e) => e.request.at));
  }
  firsts.sort((a, b) => a - b);
  const answered = replies.filter(Boolean).length;
  const start = fired[0]?.sentAt ?? 0;
  const offered = fired.length > 1 ? (fired.at(-1)!.sentAt - start) / 1000 : 0;
  return {
    replies,
    stats: {
      sent: fired.length,
      lost: fired.length - answered,
      duplicated,
      late,
      direct,
      deferred,
      firstCallbackMs: { p50: percentile(firsts, 50), p95: percentile(firsts, 95), max: firsts.at(-1) ?? NaN },
      answersPerSecond: lastReplyAt > start ? answered / ((lastReplyAt - start) / 1000) : 0,
      offeredSeconds: offered,
    },
  };
}
