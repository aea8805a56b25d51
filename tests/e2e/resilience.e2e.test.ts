/**
 * The bot under stress, end to end: rate limits, Discord's own 429s, a dropped gateway
 * connection, a burst of 100 interactions, a failing or slow engine, and a restart with buttons
 * on old messages. Also measures INTERACTION_CREATE → reply latency in the fake.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { GatewayIntentBits, InteractionResponseType, MessageFlags, type APIMessage } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Config } from '../../src/bootstrap/config.js';
import type { Bot } from '../../src/discord/bot.js';
import { EXPIRED } from '../../src/discord/buttons.js';
import type { BotEngine } from '../../src/discord/context.js';
import type { Engine } from '../../src/engine/engine.js';
import { setLogLevel } from '../../src/bootstrap/logger.js';
import { FakeDiscord, type InteractionHandle } from '../fake-discord/index.js';
import { firstEmbed, messagesThatMayPing, newUser, openEngine, quotesOf, replyBody, startBot, tempDirs, testConfig } from './helpers.js';
import { closePools } from './helpers.js';

const QUESTIONS = readFileSync(path.join(import.meta.dirname, '../../eval/heldout-questions.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => (JSON.parse(l) as { question: string }).question);

const dirs = tempDirs('resilience-e2e');
const fake = new FakeDiscord();
let config: Config;
let engine: Engine;
let bot: Bot;

/** The real engine with test controls: make `ask` fail or take longer. */
const controls = { failAsk: false, askDelayMs: 0 };
function controlled(real: Engine): BotEngine {
  return {
    async ask(question, opts) {
      if (controls.failAsk) throw new Error('engine exploded (test)');
      if (controls.askDelayMs) await new Promise((r) => setTimeout(r, controls.askDelayMs));
      return real.ask(question, opts);
    },
    cite: (claim) => real.cite(claim),
    summarizeDocument: (query, length) => real.summarizeDocument(query, length),
    summarizeTopic: (topic, length) => real.summarizeTopic(topic, length),
    overview: () => real.overview(),
    documents: () => real.documents(),
    reindex: (onProgress) => real.reindex(onProgress),
    addDocument: (name, bytes, opts) => real.addDocument(name, bytes, opts),
    removeDocument: (query) => real.removeDocument(query),
    get status() {
      return real.status;
    },
  };
}

/** Interactions whose refused requests (40060, 10062) a test provoked on purpose. */
const expectedFailures = new Set<string>();

/** Milliseconds from dispatching INTERACTION_CREATE to the fake receiving the first response, and the final reply. */
const latencies: { first: number; final: number; label: string }[] = [];
function ask(question: string, as = newUser()): { handle: InteractionHandle; sentAt: number } {
  const sentAt = Date.now();
  return { handle: fake.sendInteraction(fake.build.chatInput({ name: 'ask', as, options: { question } })), sentAt };
}
async function measured(label: string, h: { handle: InteractionHandle; sentAt: number }): Promise<APIMessage> {
  const message = await h.handle.waitForReply({ timeoutMs: 15_000 });
  const accepted = h.handle.events.filter((e) => e.accepted);
  latencies.push({ label, first: accepted[0]!.request.at - h.sentAt, final: accepted.at(-1)!.request.at - h.sentAt });
  return message;
}

/** Each interaction got exactly one accepted initial response and one visible message. */
function expectAnsweredOnce(handle: InteractionHandle): void {
  expect(handle.events.filter((e) => e.kind === 'callback' && e.accepted)).toHaveLength(1);
  expect(handle.events.filter((e) => !e.accepted && !e.request.injected)).toEqual([]);
  expect(handle.visibleMessages).toHaveLength(1);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

beforeAll(async () => {
  await fake.start();
  config = testConfig(dirs, { RATE_LIMIT_PER_MINUTE: '6', RATE_LIMIT_BURST: '3' });
  engine = await openEngine(config);
  bot = await startBot(fake, controlled(engine), config);
});

afterAll(async () => {
  await bot?.stop();
  await closePools();
  await fake.stop();
  dirs.cleanup();
  const report = (label: string) => {
    const xs = latencies.filter((l) => l.label === label);
    if (xs.length === 0) return;
    const first = xs.map((x) => x.first);
    const final = xs.map((x) => x.final);
    console.log(
      `[latency] ${label}: n=${xs.length} INTERACTION_CREATE→first response p50 ${percentile(first, 50)} ms, p95 ${percentile(first, 95)} ms, max ${Math.max(...first)} ms; →final reply p50 ${percentile(final, 50)} ms, p95 ${percentile(final, 95)} ms, max ${Math.max(...final)} ms`,
    );
  };
  report('idle');
  report('burst of 100');
});

describe('latency', () => {
  it('answers single /ask interactions (measured)', async () => {
    for (const question of QUESTIONS.slice(0, 20)) {
      const message = await measured('idle', ask(question));
      expect(message.embeds).toHaveLength(1);
    }
  });
});

describe('rate limit', () => {
  it('lets a burst through, then answers politely and only to the user', async () => {
    const user = newUser('eager');
    const handles: InteractionHandle[] = [];
    for (let i = 0; i < 4; i++) {
      const h = ask(QUESTIONS[i]!, user).handle;
      await h.waitForReply();
      handles.push(h);
    }
    for (const h of handles.slice(0, 3)) expect(replyBody(h)['embeds']).toHaveLength(1);
    expect(replyBody(handles[3]!)).toEqual({
      content: expect.stringMatching(/^You're asking a little fast: please wait \d+ seconds? and try again\.$/),
      allowed_mentions: { parse: [] },
      flags: MessageFlags.Ephemeral,
      tts: false,
      enforce_nonce: false,
    });
    // Another user is not affected.
    const other = ask(QUESTIONS[0]!).handle;
    await other.waitForReply();
    expect(replyBody(other)['embeds']).toHaveLength(1);
  });

  it('tells a user who keeps mentioning the bot once, then stays quiet', async () => {
    const user = newUser('chatty');
    const sent = Array.from({ length: 5 }, (_, i) => fake.sendMessage({ content: `${fake.mention(fake.ids.botUserId)} ${QUESTIONS[i]}`, as: user }));
    await Promise.all(sent.slice(0, 4).map((s) => s.waitForReply()));
    await fake.waitForQuiet(300);
    const ids = new Set(sent.map((s) => s.message.id));
    const replies = fake.channelMessages(fake.ids.channelId).filter((m) => ids.has(m.message_reference?.message_id ?? ''));
    expect(replies.filter((r) => r.embeds.length === 1)).toHaveLength(3);
    expect(replies.filter((r) => r.embeds.length === 0).map((r) => r.content)).toEqual([expect.stringMatching(/^You're asking a little fast/)]);
  });
});

describe('Discord trouble', () => {
  it('retries an interaction callback answered with 429 and answers once', async () => {
    fake.failNext('POST', '/interactions/:id/:token/callback', { status: 429, retryAfter: 0.3 });
    const { handle } = ask('Who was killed in the August car bombing?');
    const message = await handle.waitForReply();
    expect(quotesOf(firstEmbed(message)).join(' ')).toContain('Daria Dugina');
    const attempts = fake.requests.filter((r) => r.route === `/interactions/${handle.id}/${handle.token}/callback`);
    expect(attempts.map((r) => [r.status, r.injected])).toEqual([
      [429, true],
      [204, false],
    ]);
    expectAnsweredOnce(handle);
  });

  it('defers interactions that arrive already 2.5 s old at once, within the deadline, then answers them', async () => {
    const old = Array.from({ length: 10 }, (_, i) =>
      fake.sendInteraction(fake.build.chatInput({ name: 'ask', as: newUser(), options: { question: QUESTIONS[i]! } }), { ageMs: 2500 }),
    );
    const messages = await Promise.all(old.map((h) => h.waitForReply()));
    for (const h of old) {
      expect(h.callbacks.map((c) => c.type)).toEqual([InteractionResponseType.DeferredChannelMessageWithSource]);
      expectAnsweredOnce(h);
    }
    messages.forEach((m, i) => expect(firstEmbed(m).title).toBe(QUESTIONS[i]));
  });

  it('takes 5xx-then-40060 on a defer as acknowledged and edits the answer in (no "thinking…" left)', async () => {
    fake.failNext('POST', '/interactions/:id/:token/callback', { status: 500, afterHandling: true });
    const handle = fake.sendInteraction(fake.build.chatInput({ name: 'ask', as: newUser(), options: { question: 'Who was killed in the August car bombing?' } }), { ageMs: 1500 });
    expectedFailures.add(handle.id);
    const message = await handle.waitForReply();
    expect(quotesOf(firstEmbed(message)).join(' ')).toContain('Daria Dugina');
    const attempts = fake.requests.filter((r) => r.route === `/interactions/${handle.id}/${handle.token}/callback`);
    expect(attempts.map((r) => [r.status, r.injected, (r.responseBody as { code?: number } | null)?.code])).toEqual([
      [500, true, 0],
      [400, false, 40060],
    ]);
    expect(handle.events.filter((e) => e.accepted).map((e) => e.kind)).toEqual(['callback', 'original.edit']);
    expect(fake.channelMessages(fake.ids.channelId).find((m) => m.id === message.id)?.flags ?? 0).toBe(0);
  });

  it('defers instead of waiting out a 429 on the reply that would miss the deadline', async () => {
    fake.failNext('POST', '/interactions/:id/:token/callback', { status: 429, retryAfter: 2.5 });
    const { handle } = ask('Who was killed in the August car bombing?');
    const message = await handle.waitForReply();
    expect(quotesOf(firstEmbed(message)).join(' ')).toContain('Daria Dugina');
    const attempts = fake.requests.filter((r) => r.route === `/interactions/${handle.id}/${handle.token}/callback`);
    expect(attempts.map((r) => [r.status, (r.body as { type: number }).type])).toEqual([
      [429, InteractionResponseType.ChannelMessageWithSource],
      [204, InteractionResponseType.DeferredChannelMessageWithSource],
    ]);
    expect(attempts[1]!.at - handle.events[0]!.request.at).toBeLessThan(2500);
    expectAnsweredOnce(handle);
  });

  it('logs an interaction that expired before it reached the bot as a warning with its age, and sends nothing more', async () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    setLogLevel('warn');
    try {
      const handle = fake.sendInteraction(fake.build.chatInput({ name: 'ask', as: newUser(), options: { question: 'Who?' } }), { ageMs: 3500 });
      expectedFailures.add(handle.id);
      await handle.waitForEvent((e) => e.kind === 'callback', 'the late defer');
      await fake.waitForQuiet(300);
      expect(handle.events.map((e) => [e.kind, e.accepted])).toEqual([['callback', false]]);
      expect(written.join('')).toMatch(new RegExp(`WARN\\s+interaction ${handle.id} expired before the defer reached Discord \\(10062; \\d{4,} ms old\\)`));
      expect(written.join('')).not.toMatch(/ERROR/);
    } finally {
      setLogLevel('silent');
      spy.mockRestore();
    }
  });

  it('strips NUL and control characters from questions, and answers an over-long one in its own words', async () => {
    const { handle } = ask('Who was \u0000killed in the\u0007 August car\u001b bombing?\u0000');
    expect(firstEmbed(await handle.waitForReply()).title).toBe('Who was killed in the August car bombing?');
    const long = ask(`Who ${'very '.repeat(1300)}long?`).handle;
    const body = await long.waitForReply().then(() => replyBody(long));
    expect(body).toMatchObject({ content: 'That question is too long (6,509 characters): please keep it under 6,000.', flags: MessageFlags.Ephemeral });
  });

  it('answers interactions and a mention sent while the gateway was down, once each, after it resumes', async () => {
    const resumesBefore = fake.resumeCount;
    await fake.killGatewayConnection({ stayOffline: true });
    const during = QUESTIONS.slice(10, 13).map((q) => ask(q).handle);
    const mention = fake.sendMessage({ content: `${fake.mention(fake.ids.botUserId)} ${QUESTIONS[13]}`, as: newUser() });
    await new Promise((r) => setTimeout(r, 300));
    expect(during.every((h) => h.events.length === 0)).toBe(true);
    fake.restoreGateway();
    await fake.waitForResumed({ resumeCount: resumesBefore + 1 });
    await Promise.all(during.map((h) => h.waitForReply()));
    await mention.waitForReply();
    await fake.waitForQuiet(300);
    for (const h of during) expectAnsweredOnce(h);
    const answers = fake.channelMessages(fake.ids.channelId).filter((m) => m.message_reference?.message_id === mention.message.id);
    expect(answers).toHaveLength(1);
    expect(fake.identifyCount).toBe(1);
  });

  it('answers 100 interactions fired at once, each exactly once', async () => {
    const burst = Array.from({ length: 100 }, (_, i) => ask(QUESTIONS[i % QUESTIONS.length]!));
    const messages = await Promise.all(burst.map((h) => measured('burst of 100', h)));
    await fake.waitForQuiet(300);
    for (const h of burst) expectAnsweredOnce(h.handle);
    messages.forEach((m, i) => expect(firstEmbed(m).title).toBe(QUESTIONS[i % QUESTIONS.length]));
    expect(new Set(messages.map((m) => m.id)).size).toBe(100);
  });
});

describe('slow and failing work', () => {
  it('defers when an answer takes longer than ~1.5 s, then edits the answer in', async () => {
    controls.askDelayMs = 1800;
    try {
      const { handle } = ask('Who was killed in the August car bombing?');
      const message = await handle.waitForReply();
      expect(handle.callbacks[0]!.body).toEqual({ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: 0 } });
      const edit = handle.events.find((e) => e.kind === 'original.edit');
      expect(edit?.request.body).toMatchObject({ allowed_mentions: { parse: [] }, embeds: [{ title: 'Who was killed in the August car bombing?' }] });
      expect(quotesOf(firstEmbed(message)).join(' ')).toContain('Daria Dugina');
      expectAnsweredOnce(handle);
    } finally {
      controls.askDelayMs = 0;
    }
  });

  it('still answers when the defer itself fails (Discord 500s), with a plain reply before the deadline', async () => {
    controls.askDelayMs = 1800;
    fake.failNext('POST', '/interactions/:id/:token/callback', { status: 500, times: 4 });
    try {
      const { handle } = ask('Who was killed in the August car bombing?');
      const message = await handle.waitForReply();
      expect(handle.callbacks[0]!.type).toBe(InteractionResponseType.ChannelMessageWithSource);
      expect(quotesOf(firstEmbed(message)).join(' ')).toContain('Daria Dugina');
      const attempts = fake.requests.filter((r) => r.route === `/interactions/${handle.id}/${handle.token}/callback`);
      expect(attempts.map((r) => [r.status, (r.body as { type: number }).type])).toEqual([
        [500, 5],
        [500, 5],
        [500, 5],
        [500, 5],
        [204, 4],
      ]);
    } finally {
      controls.askDelayMs = 0;
    }
  });

  it('turns an engine failure into a short ephemeral message and a log line', async () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    setLogLevel('error');
    controls.failAsk = true;
    try {
      const { handle } = ask('Who was killed in the August car bombing?');
      const body = await handle.waitForReply().then(() => replyBody(handle));
      expect(body).toMatchObject({
        content: 'Sorry, something went wrong while answering. It has been logged; please try again in a moment.',
        flags: MessageFlags.Ephemeral,
        allowed_mentions: { parse: [] },
      });
      const mention = fake.sendMessage({ content: `${fake.mention(fake.ids.botUserId)} anything at all?`, as: newUser() });
      expect((await mention.waitForReply()).content).toMatch(/^Sorry, something went wrong/);
    } finally {
      controls.failAsk = false;
      setLogLevel('silent');
      spy.mockRestore();
    }
    expect(written.join('')).toMatch(/ERROR \/ask failed \(interaction \d+\):.*engine exploded \(test\)/);
  });

  it('a public answer that fails after deferring leaves no "thinking…" behind: the error is ephemeral', async () => {
    controls.askDelayMs = 1800;
    // Fail after the defer: the delay passes first, then the engine throws.
    const spy = vi.spyOn(engine, 'ask').mockImplementation(async () => {
      throw new Error('late failure (test)');
    });
    try {
      const { handle } = ask('Who was killed in the August car bombing?');
      const followUp = await handle.waitForEvent((e) => e.kind === 'followup.create' && e.accepted, 'the ephemeral error');
      expect(followUp.request.body).toMatchObject({ content: expect.stringMatching(/^Sorry, something went wrong/), flags: MessageFlags.Ephemeral });
      expect(handle.events.map((e) => e.kind)).toEqual(['callback', 'original.delete', 'followup.create']);
      expect(fake.channelMessages(fake.ids.channelId).some((m) => m.interaction_metadata?.id === handle.id)).toBe(false);
    } finally {
      spy.mockRestore();
      controls.askDelayMs = 0;
    }
  });
});

describe('admission control', () => {
  it('queues what it cannot start (deferring it at once) and tells the rest when to come back', async () => {
    await bot.stop();
    bot = await startBot(fake, controlled(engine), config, { load: { concurrency: 1, maxQueued: 1 } });
    controls.askDelayMs = 400;
    try {
      const [running, queued, refused] = [0, 1, 2].map((i) => ask(QUESTIONS[i]!).handle);
      await Promise.all([running, queued, refused].map((h) => h.waitForReply()));
      expect(running!.callbacks.map((c) => c.type)).toEqual([InteractionResponseType.ChannelMessageWithSource]);
      expect(queued!.callbacks.map((c) => c.type)).toEqual([InteractionResponseType.DeferredChannelMessageWithSource]);
      expect(firstEmbed(replyBody(queued!)).title).toBe(QUESTIONS[1]);
      expect(replyBody(refused!)).toMatchObject({
        content: expect.stringMatching(/^I'm answering a lot of questions right now: please try again in \d+ seconds?\.$/),
        flags: MessageFlags.Ephemeral,
      });
    } finally {
      controls.askDelayMs = 0;
      await bot.stop();
      bot = await startBot(fake, controlled(engine), config);
    }
  });
});

describe('auto-answer channels (ASK_CHANNEL_IDS)', () => {
  it('asks for the Message Content intent and answers questions posted there without a mention', async () => {
    await bot.stop();
    const auto = testConfig(dirs, { ASK_CHANNEL_IDS: fake.ids.channelId });
    bot = await startBot(fake, controlled(engine), { ...auto, discord: { ...auto.discord, rateLimitBurst: 1 } });
    expect(fake.lastIdentify!.intents & GatewayIntentBits.MessageContent).toBe(GatewayIntentBits.MessageContent);

    // Chat that finds nothing and is no question gets no "not found" back, and uses up no rate limit.
    const chatter = newUser('chatter');
    const before = fake.requests.length;
    for (let i = 0; i < 3; i++) fake.sendMessage({ content: 'thanks, see you all tomorrow', as: chatter });
    await fake.waitForQuiet(300);
    expect(fake.requests.slice(before).filter((r) => r.method === 'POST')).toEqual([]);

    const question = fake.sendMessage({ content: 'Who was killed in the August car bombing?', as: chatter });
    const answer = await question.waitForReply();
    expect(quotesOf(firstEmbed(answer)).join(' ')).toContain('Daria Dugina');

    // A real question gets an answer even when the documents do not have one.
    const unanswerable = fake.sendMessage({ content: 'What is a good recipe for pancakes?', as: newUser() });
    expect(firstEmbed(await unanswerable.waitForReply()).description).toMatch(/^\*\*Not found in the documents\.\*\*/);
  });
});

describe('buttons across a restart', () => {
  it('keep working on old messages after the bot restarts, and say "expired" for unknown answers', async () => {
    const summary = fake.sendInteraction(fake.build.chatInput({ name: 'summary', as: newUser(), options: { document: '002', length: 'long' } }));
    const message = await summary.waitForReply();
    const moreId = (message.components as { components: { custom_id: string }[] }[])[0]!.components[0]!.custom_id;
    expect(moreId).toMatch(/^v1:more:[\w-]{12}:1$/);
    const answerId = moreId.split(':')[2]!;

    await bot.stop();
    bot = await startBot(fake, controlled(engine), config);

    const more = fake.sendInteraction(fake.build.button({ customId: moreId, message, as: newUser() }));
    const page2 = firstEmbed(await more.waitForReply());
    expect(page2.footer?.text).toMatch(/page 2\/2$/);
    expect(page2.description).toContain('**[6]**');

    const vote = fake.sendInteraction(fake.build.button({ customId: `v1:vote:${answerId}:up`, message, as: newUser() }));
    expect((await vote.waitForReply()).content).toBe('Thanks! Your 👍 on this answer was recorded.');

    for (const customId of [`v1:more:AAAAAAAAAAAA:1`, 'more:1', `v1:vote:${answerId.slice(0, 6)}:sideways`]) {
      const stale = fake.sendInteraction(fake.build.button({ customId, message, as: newUser() }));
      const body = await stale.waitForReply().then(() => replyBody(stale));
      expect(body).toMatchObject({ content: EXPIRED, flags: MessageFlags.Ephemeral });
    }
    await bot.ctx.archive.flush();
    const files = readdirSync(path.join(dirs.data, 'answers'));
    expect(files.every((f) => /^[\w-]{12}\.json$/.test(f))).toBe(true);
  });

  it('saw no unknown routes and no rejected requests apart from the injected ones', () => {
    expect(fake.unexpectedRequests()).toEqual([]);
    const messages = fake.requests.filter((r) => r.method === 'POST' || r.method === 'PATCH');
    expect(messages.length).toBeGreaterThan(20);
    expect(messagesThatMayPing(messages)).toEqual([]);
    const provoked = (r: { route: string }) => [...expectedFailures].some((id) => r.route.startsWith(`/interactions/${id}/`));
    expect(fake.failedRequests().filter((r) => !provoked(r)).map((r) => `${r.method} ${r.route} ${r.status} ${JSON.stringify(r.responseBody)}`)).toEqual([]);
  });
});
