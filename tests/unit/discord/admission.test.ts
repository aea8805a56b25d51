/** Admission control on its own: slots, the bounded queue, round-robin across guilds, the retry estimate. */
import { describe, expect, it } from 'vitest';
import { Admission } from '../../../src/discord/admission.js';
import { DEFAULT_LOAD_PROFILE, loadProfile } from '../../../src/discord/load-profile.js';
import { busyText } from '../../../src/discord/respond.js';
import { rejectLateCallbacks } from '../../../src/discord/discord-errors.js';
import { stripControl, textInput } from '../../../src/discord/input.js';
import { SnowflakeUtil, type RateLimitData } from 'discord.js';

/** A task that runs until released, recording when it started. */
function gate(log: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>((r) => (release = r));
  return { work: async () => { log.push(name); await done; return name; }, release: () => release() };
}

describe('Admission', () => {
  it('runs work at once while slots are free, then queues it (the caller defers) up to maxQueued, then refuses', async () => {
    const a = new Admission(loadProfile({ concurrency: 2, maxQueued: 2 }));
    const started: string[] = [];
    const gates = ['a', 'b', 'c', 'd'].map((n) => gate(started, n));
    expect(a.check()).toEqual({ ok: true, wait: false });
    const runs = [a.run('g', gates[0]!.work), a.run('g', gates[1]!.work)];
    expect(started).toEqual(['a', 'b']);
    expect(a.check()).toEqual({ ok: true, wait: true });
    runs.push(a.run('g', gates[2]!.work), a.run('g', gates[3]!.work));
    expect(a.waiting).toBe(2);
    const refused = a.check();
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.retryAfterS).toBeGreaterThanOrEqual(1);
    gates[0]!.release();
    await runs[0];
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
    expect(started).toEqual(['a', 'b', 'c']);
    gates.forEach((g) => g.release());
    expect(await Promise.all(runs)).toEqual(['a', 'b', 'c', 'd']);
    expect(a.running + a.waiting).toBe(0);
    expect(a.check()).toEqual({ ok: true, wait: false });
  });

  it('serves waiting guilds in turn, so one busy guild does not starve another', async () => {
    const a = new Admission(loadProfile({ concurrency: 1, maxQueued: 100 }));
    const order: string[] = [];
    const first = gate(order, 'busy-0');
    const runs = [a.run('busy', first.work)];
    for (let i = 1; i <= 4; i++) runs.push(a.run('busy', async () => (order.push(`busy-${i}`), '')));
    runs.push(a.run('quiet', async () => (order.push('quiet-0'), '')));
    first.release();
    await Promise.all(runs);
    expect(order.indexOf('quiet-0')).toBeLessThanOrEqual(2);
    expect(order.filter((o) => o.startsWith('busy'))).toEqual(['busy-0', 'busy-1', 'busy-2', 'busy-3', 'busy-4']);
  });

  it('starts gated work only once its gate (the defer) settles, letting ready work go first', async () => {
    const a = new Admission(loadProfile({ concurrency: 1 }));
    const order: string[] = [];
    let openGate!: () => void;
    const gateDone = new Promise<void>((r) => (openGate = r));
    const gated = a.run('g', async () => void order.push('gated'), { after: gateDone });
    const ready = a.run('g', async () => void order.push('ready'));
    await ready;
    expect(order).toEqual(['ready']);
    openGate();
    await gated;
    expect(order).toEqual(['ready', 'gated']);
  });

  it('holds queued work back while acknowledgements are in flight, at most ackPriorityMs at a stretch', async () => {
    const a = new Admission(loadProfile({ concurrency: 1, ackPriorityMs: 50 }));
    const order: string[] = [];
    const first = gate(order, 'first');
    const runs = [a.run('g', first.work), a.run('g', async () => void order.push('queued'))];
    let ackDone!: () => void;
    const ack = a.acknowledging(new Promise<void>((r) => (ackDone = r)));
    first.release();
    await runs[0];
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
    expect(order).toEqual(['first']);
    ackDone();
    await ack;
    await runs[1];
    expect(order).toEqual(['first', 'queued']);

    // An acknowledgement that never settles delays work by ackPriorityMs, not forever.
    void a.acknowledging(new Promise(() => undefined));
    const busy = gate(order, 'busy');
    const more = [a.run('g', busy.work), a.run('g', async () => void order.push('late'))];
    busy.release();
    await Promise.all(more);
    expect(order.at(-1)).toBe('late');
  });

  it('frees the slot when work throws, synchronously or not', async () => {
    const a = new Admission(loadProfile({ concurrency: 1 }));
    await expect(a.run('g', () => { throw new Error('sync'); })).rejects.toThrow('sync');
    await expect(a.run('g', async () => { throw new Error('async'); })).rejects.toThrow('async');
    expect(a.running).toBe(0);
    expect(await a.run('g', async () => 'ok')).toBe('ok');
  });

  it('estimates the wait from the queue and the measured service time', () => {
    const a = new Admission(loadProfile({ concurrency: 1, maxQueued: 0, initialServiceMs: 2500 }));
    void a.run('g', () => new Promise(() => undefined));
    const refused = a.check();
    expect(refused).toEqual({ ok: false, retryAfterS: 3 });
    expect(busyText(3)).toBe("I'm answering a lot of questions right now: please try again in 3 seconds.");
  });

  it('refuses a profile that leaves no time to defer', () => {
    expect(() => loadProfile({ deferIfOlderThanMs: DEFAULT_LOAD_PROFILE.deadlineMs })).toThrow(/deferIfOlderThanMs/);
  });
});

describe('rejectLateCallbacks (429 on a first response)', () => {
  const reject = rejectLateCallbacks(DEFAULT_LOAD_PROFILE);
  const data = (url: string, retryAfter: number) => ({ url, retryAfter }) as RateLimitData;
  const idAged = (ms: number) => SnowflakeUtil.generate({ timestamp: Date.now() - ms }).toString();

  it('waits out a short 429 on a fresh interaction, not one that would land after the last moment to defer', () => {
    expect(reject(data(`https://discord.com/api/v10/interactions/${idAged(100)}/tok/callback?with_response=false`, 300))).toBe(false);
    expect(reject(data(`https://discord.com/api/v10/interactions/${idAged(100)}/tok/callback`, 2500))).toBe(true);
    expect(reject(data(`https://discord.com/api/v10/interactions/${idAged(1900)}/tok/callback`, 300))).toBe(true);
  });

  it('leaves every other route to discord.js (follow-ups and edits have 15 minutes)', () => {
    expect(reject(data(`https://discord.com/api/v10/webhooks/1/tok/messages/@original`, 60_000))).toBe(false);
    expect(reject(data(`https://discord.com/api/v10/channels/1/messages`, 60_000))).toBe(false);
  });
});

describe('input hygiene', () => {
  const question = textInput({ what: 'question', max: 20, empty: 'Please type a question.' });

  it('strips NUL and other control characters, keeping tabs and newlines', () => {
    expect(stripControl('Who\u0000 met\u0007 in\u001b[31m Geneva?\u009b\tnow\nthen\r')).toBe('Who met in[31m Geneva?\tnow\nthen');
    expect(question.parse('  \u0000Who?\u0000 ')).toBe('Who?');
  });

  it('answers an empty or over-long question in its own words', () => {
    const empty = question.safeParse('\u0000 \u0001');
    expect(empty.success ? '' : empty.error.issues[0]!.message).toBe('Please type a question.');
    const long = question.safeParse('x'.repeat(25));
    expect(long.success ? '' : long.error.issues[0]!.message).toBe('That question is too long (25 characters): please keep it under 20.');
  });
});
