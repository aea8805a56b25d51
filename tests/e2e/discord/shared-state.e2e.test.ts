/**
 * Two bot processes' worth of state in one Postgres (real pgvector: PGlite over the wire): each
 * bot has its own Discord connection (its own fake Discord) and its own pool, as two shards on
 * two machines would. A button clicked through one bot works on an answer the other one gave,
 * and one user's rate limit is one bucket across both.
 */
import { MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '../../../src/discord/bot.js';
import { createBot } from '../../../src/discord/bot.js';
import { postgresBotState } from '../../../src/discord/state/index.js';
import { Engine } from '../../../src/engine/engine.js';
import { FakeDiscord, type InteractionHandle } from '../../fake-discord/index.js';
import { usePostgres } from '../../helpers/use-postgres.js';
import { newUser, replyBody, tempDirs, testConfig } from '../helpers.js';

const dirs = tempDirs('shared-state');
const fakes = [new FakeDiscord(), new FakeDiscord()];
const postgres = usePostgres({ connections: 2 });
let engine: Engine;
const bots: Bot[] = [];

beforeAll(async () => {
  // The fake embedder: this is about the bot's state, not about answers.
  const config = testConfig(dirs, { EMBEDDING_MODEL: 'fake/hashed-bow', RATE_LIMIT_PER_MINUTE: '1', RATE_LIMIT_BURST: '2' });
  engine = await Engine.open(config);
  for (const [i, fake] of fakes.entries()) {
    await fake.start();
    const db = postgres.databases[i]!;
    const bot = createBot({ config: { ...config, discord: { ...config.discord, apiUrl: fake.apiUrl } }, engine, state: postgresBotState(db, config) });
    await bot.start('fake-bot-token');
    await fake.waitForReady({ identifyCount: 1 });
    bots.push(bot);
  }
});

afterAll(async () => {
  for (const bot of bots) await bot.stop();
  for (const fake of fakes) await fake.stop();
  await engine?.close();
  dirs.cleanup();
});

async function reply(handle: InteractionHandle): Promise<Record<string, unknown>> {
  await handle.waitForReply();
  return replyBody(handle);
}

describe('bot state shared through Postgres', () => {
  it('a button on one bot works for an answer the other bot gave', async () => {
    const asker = newUser();
    const body = await reply(fakes[0]!.sendInteraction(fakes[0]!.build.chatInput({ name: 'ask', as: asker, options: { question: 'Who talked to whom about the war?' } })));
    const rows = body['components'] as { components: { custom_id: string }[] }[];
    const id = rows[0]!.components.at(-1)!.custom_id.split(':')[2]!;
    await bots[0]!.ctx.archive.flush();

    const voter = newUser();
    // The click on the message bot 0 posted (both fakes model the same guild) reaches bot 1.
    const vote = fakes[1]!.sendInteraction(fakes[0]!.build.button({ customId: `v1:vote:${id}:up`, as: voter }));
    expect(await reply(vote)).toMatchObject({ content: 'Thanks! Your 👍 on this answer was recorded.', flags: MessageFlags.Ephemeral });
    const votes = await postgres.pg.db.query<{ answer_id: string; vote: string }>(`SELECT answer_id, vote FROM docbot.feedback`);
    expect(votes.rows).toEqual([{ answer_id: id, vote: 'up' }]);
    // An answer nobody gave is still expired on either bot.
    const message = fakes[0]!.build.button({ customId: `v1:vote:${id}:up`, as: voter }).message;
    const unknown = fakes[1]!.sendInteraction(fakes[1]!.build.button({ customId: 'v1:vote:AAAAAAAAAAAA:up', as: voter, message }));
    expect(String((await reply(unknown))['content'])).toMatch(/^This button has expired/);
  });

  it('one user’s questions through both bots draw on one rate-limit bucket', async () => {
    const user = newUser();
    const ask = (i: number) => fakes[i % 2]!.sendInteraction(fakes[i % 2]!.build.chatInput({ name: 'ask', as: user, options: { question: `What did Blinken say? (${i})` } }));
    const handles = [ask(0), ask(1), ask(2)];
    const bodies = await Promise.all(handles.map(reply));
    // Burst 2: the third question, whichever bot it reaches, is told to wait.
    const limited = bodies.filter((b) => String(b['content']).startsWith("You're asking a little fast: please wait"));
    expect(limited).toHaveLength(1);
    expect(limited[0]).toMatchObject({ flags: MessageFlags.Ephemeral });
    expect(bodies.filter((b) => Array.isArray(b['embeds']))).toHaveLength(2);
  });
});
