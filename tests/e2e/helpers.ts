/**
 * Shared set-up for the bot's end-to-end tests: the real engine on a temporary copy of the
 * corpus (so the developer's index/ and data/ are never touched), the bot in-process on the
 * real discord.js client, and the fake Discord.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InteractionResponseType, type APIEmbed, type APIMessage, type APIUser } from 'discord.js';
import { parseConfig, PROJECT_ROOT, type Config } from '../../src/bootstrap/config.js';
import { createBot, type Bot } from '../../src/discord/bot.js';
import type { BotEngine } from '../../src/discord/context.js';
import type { LoadProfile } from '../../src/discord/load-profile.js';
import { OnnxPoolEmbedder } from '../../src/engine/embedders/onnx-pool.js';
import { Engine } from '../../src/engine/engine.js';
import { setLogLevel } from '../../src/bootstrap/logger.js';
import { seedIndexCopy } from '../helpers/seed.js';
import { FakeDiscord, type InteractionHandle, type RecordedRequest } from '../fake-discord/index.js';

export const CORPUS = path.join(PROJECT_ROOT, 'corpus');

export interface TestDirs {
  root: string;
  corpus: string;
  index: string;
  data: string;
  cleanup(): void;
}

export function tempDirs(prefix: string): TestDirs {
  const root = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  const corpus = path.join(root, 'corpus');
  cpSync(CORPUS, corpus, { recursive: true });
  return {
    root,
    corpus,
    index: seedIndexCopy(path.join(root, 'index')),
    data: path.join(root, 'data'),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

export function testConfig(dirs: TestDirs, env: Record<string, string> = {}): Config {
  return parseConfig({
    CORPUS_DIR: dirs.corpus,
    INDEX_DIR: dirs.index,
    DATA_DIR: dirs.data,
    EMBED_THREADS: '1',
    LOG_LEVEL: 'silent',
    ...env,
  });
}

const pools: OnnxPoolEmbedder[] = [];

/** The engine as the bot runs it: questions embedded in a worker pool (close with `closePools`). */
export async function openEngine(config: Config): Promise<Engine> {
  setLogLevel(config.logLevel);
  const pool = new OnnxPoolEmbedder({ modelsDir: config.modelsDir, modelId: config.embeddingModel, threads: config.embedWorkerThreads, workers: config.embedWorkers });
  pools.push(pool);
  const [engine] = await Promise.all([Engine.open(config, { queryEmbedder: pool, reindexEmbedder: pool }), pool.load()]);
  return engine;
}

export async function closePools(): Promise<void> {
  await Promise.all(pools.splice(0).map((p) => p.close()));
}

/** The original corpus texts by file name, to check quotes are verbatim. */
export function corpusTexts(): Map<string, string> {
  return new Map(readdirSync(CORPUS).map((f) => [f, readFileSync(path.join(CORPUS, f), 'utf8')]));
}

export async function startBot(fake: FakeDiscord, engine: BotEngine, config: Config, opts: { load?: Partial<LoadProfile> } = {}): Promise<Bot> {
  const cfg = { ...config, discord: { ...config.discord, apiUrl: fake.apiUrl } };
  const bot = createBot({ config: cfg, engine, ...(opts.load ? { load: opts.load } : {}) });
  const identified = fake.identifyCount;
  await bot.start('fake-bot-token');
  await fake.waitForReady({ identifyCount: identified + 1 });
  return bot;
}

let userSeq = 0;
/** A fresh user, so each test has its own rate-limit bucket. */
export function newUser(name = 'user'): APIUser {
  userSeq += 1;
  const id = (1_300_000_000_000_000_000n + BigInt(userSeq) * 1000n + BigInt(process.pid % 1000)).toString();
  return {
    id,
    username: `${name}${userSeq}`,
    discriminator: '0',
    global_name: null,
    avatar: null,
  };
}

/** The message body the bot sent for an interaction's reply: the type 4 data, or the edit after a defer. */
export function replyBody(handle: InteractionHandle): Record<string, unknown> {
  const cb = handle.callbacks[0];
  if (!cb) throw new Error('no callback yet');
  if (cb.type === InteractionResponseType.ChannelMessageWithSource) return (cb.body as { data: Record<string, unknown> }).data;
  const edit = handle.events.find((e) => e.accepted && (e.kind === 'original.edit' || e.kind === 'followup.create'));
  if (!edit) throw new Error(`no edit after callback type ${cb.type}`);
  return edit.request.body as Record<string, unknown>;
}

/** Undoes the bot's display escaping: markdown backslashes and zero-width spaces in mentions. */
export function unescapeText(text: string): string {
  return text.replace(/\u200b/g, '').replace(/\\([\\*_`~|>#\-[\]().])/g, '$1');
}

/** The quoted texts of an answer embed, in order, unescaped (markers and "> " removed). */
export function quotesOf(embed: APIEmbed): string[] {
  return (embed.description ?? '')
    .split('\n\n')
    .filter((block) => block.startsWith('> '))
    .map((block) =>
      unescapeText(
        block
          .replace(/ \*\*\[\d+\]\*\*$/, '')
          .split('\n')
          .map((l) => l.replace(/^> /, ''))
          .join('\n'),
      ),
    );
}

export function firstEmbed(m: APIMessage | Record<string, unknown>): APIEmbed {
  const embeds = (m as { embeds?: APIEmbed[] }).embeds;
  if (!embeds?.[0]) throw new Error(`no embed in ${JSON.stringify(m).slice(0, 300)}`);
  return embeds[0];
}

/** Every Discord limit a single message must respect (the fake checks them too; this names them). */
export function expectWithinLimits(body: Record<string, unknown>): void {
  const content = typeof body['content'] === 'string' ? body['content'] : '';
  const embeds = (body['embeds'] as APIEmbed[] | undefined) ?? [];
  const problems: string[] = [];
  if ([...content].length > 2000) problems.push('content > 2000');
  let total = 0;
  for (const e of embeds) {
    const fields = e.fields ?? [];
    if ((e.description?.length ?? 0) > 4096) problems.push('description > 4096');
    if ((e.title?.length ?? 0) > 256) problems.push('title > 256');
    if (fields.length > 25) problems.push('> 25 fields');
    for (const f of fields) if (f.value.length > 1024) problems.push(`field ${f.name} > 1024`);
    total += (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  }
  if (total > 6000) problems.push(`embeds total ${total} > 6000`);
  if (problems.length) throw new Error(`limits exceeded: ${problems.join(', ')}`);
}

/**
 * Every message body the bot sent (interaction replies and edits, follow-ups, channel messages)
 * that does not carry allowed_mentions {parse: []}, as "METHOD route" lines.
 */
export function messagesThatMayPing(requests: readonly RecordedRequest[]): string[] {
  const bodies = requests.flatMap((r) => {
    const body = r.body as Record<string, unknown> | null;
    if (!body || r.status >= 400) return [];
    if (/\/callback$/.test(r.route)) {
      const type = body['type'];
      return type === 4 || type === 7 ? [{ r, data: body['data'] as Record<string, unknown> }] : [];
    }
    const isMessage = /^\/webhooks\/\d+\/[^/]+(\/messages\/[^/]+)?$/.test(r.route) || /^\/channels\/\d+\/messages(\/\d+)?$/.test(r.route);
    return isMessage && (r.method === 'POST' || r.method === 'PATCH') ? [{ r, data: body }] : [];
  });
  return bodies
    .filter(({ data }) => JSON.stringify((data['allowed_mentions'] as { parse?: unknown } | undefined)?.parse) !== '[]')
    .map(({ r }) => `${r.method} ${r.route}`);
}

/** Whether any process of the group `pgid` is still alive (signal 0 checks without signalling). */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}
