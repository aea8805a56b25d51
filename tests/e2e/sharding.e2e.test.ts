/**
 * SHARDS=auto against a fake Discord that recommends two shards: `npm start`'s command becomes a
 * ShardingManager with two shard processes, each with its own engine and gateway session; each
 * answers /ask for the guild Discord routes to it; a vote on shard 1 for an answer shard 0 gave
 * works through the shared DATA_DIR; SIGTERM to the manager stops the whole set cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/bootstrap/config.js';
import { FakeDiscord } from '../fake-discord/index.js';
import { seedIndexCopy } from '../helpers/seed.js';
import { corpusTexts, firstEmbed, groupAlive, quotesOf } from './helpers.js';

const TOKEN = 'dummy-token-for-the-sharding-test';

describe('SHARDS=auto: a ShardingManager and one process per shard', () => {
  // max_concurrency 2: both shards may IDENTIFY at once, so the manager does not wait 5.5 s between them.
  const fake = new FakeDiscord({ token: TOKEN, shards: 2, maxConcurrency: 2, defaultTimeoutMs: 30_000 });
  const root = mkdtempSync(path.join(tmpdir(), 'bot-shards-'));
  const texts = [...corpusTexts().values()];
  let manager: ChildProcess | undefined;
  let stderr = '';

  async function waitForLine(pattern: RegExp, timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(stderr)) {
      if (manager?.exitCode !== null) throw new Error(`manager exited (${manager?.exitCode}) before logging ${pattern}:\n${stderr}`);
      if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  beforeAll(async () => {
    const { apiUrl } = await fake.start();
    // Its own process group, so the test can check that no shard outlives the manager.
    manager = spawn(process.execPath, ['--import', 'tsx', 'src/discord/main.ts'], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        SHARDS: 'auto',
        DISCORD_TOKEN: TOKEN,
        DISCORD_API_URL: apiUrl,
        ASK_CHANNEL_IDS: '',
        CORPUS_DIR: path.join(PROJECT_ROOT, 'corpus'),
        INDEX_DIR: seedIndexCopy(path.join(root, 'index')),
        DATA_DIR: path.join(root, 'data'),
        EMBED_THREADS: '1',
        LOG_LEVEL: 'debug',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    manager.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    manager.stdout!.resume();
  });

  afterAll(async () => {
    if (manager?.pid && groupAlive(manager.pid)) process.kill(-manager.pid, 'SIGKILL');
    await fake.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('starts the recommended two shards, each identifying as [i, 2] with its own guild', async () => {
    await waitForLine(/all 2 shard\(s\) ready/);
    await fake.waitForReady();
    expect(stderr).toMatch(/sharding: 2 shard\(s\), one process each/);
    // A shard's own log line travels through a pipe, and may arrive after the manager heard "ready" over IPC.
    for (const i of [0, 1]) await waitForLine(new RegExp(`\\[shard ${i}/2\\] ready: logged in as docbot#?\\d* in 1 guild\\(s\\); answering from 5 document\\(s\\)`));
    expect(fake.identifyCount).toBe(2);
    expect([0, 1].map((i) => fake.shardOf(fake.ids.guildIds[i]))).toEqual([0, 1]);
  }, 180_000); // two processes start one after the other, each loading the model

  it('each shard answers /ask for the guild Discord routes to it', async () => {
    for (const [i, question, expected] of [
      [0, 'Who was killed in the August car bombing?', 'Daria Dugina'],
      [1, 'Who is Tom Shannon?', 'former senior State Department official'],
    ] as const) {
      const ask = fake.sendInteraction(fake.build.chatInput({ name: 'ask', options: { question }, guild: fake.ids.guildIds[i] }));
      const quotes = quotesOf(firstEmbed(await ask.waitForReply()));
      expect(quotes.join(' ')).toContain(expected);
      for (const q of quotes) expect(texts.some((t) => t.includes(q))).toBe(true);
      // Only the shard owning the guild received it (the handling line carries the shard id).
      await waitForLine(new RegExp(`\\[shard ${i}/2\\] /ask handled`));
    }
    expect(stderr).not.toMatch(/\[shard 1\/2\] \/ask handled[\s\S]*\[shard 1\/2\] \/ask handled/);
  });

  it('a vote on shard 1 for an answer shard 0 gave finds it in the shared DATA_DIR', async () => {
    const ask = fake.sendInteraction(fake.build.chatInput({ name: 'ask', options: { question: 'What did Blinken say about Russia?' }, guild: fake.ids.guildIds[0] }));
    const answer = await ask.waitForReply();
    const voteId = (answer.components as { components: { custom_id: string }[] }[])[0]!.components.at(-2)!.custom_id;
    expect(voteId).toMatch(/^v1:vote:[\w-]{12}:up$/);
    const answerId = voteId.split(':')[2]!;
    const file = path.join(root, 'data', 'answers', `${answerId}.json`);
    for (let i = 0; i < 100 && !existsSync(file); i++) await new Promise((resolve) => setTimeout(resolve, 50));

    // The same message's button, delivered in the other guild: as after a reshard, another process handles it.
    const vote = fake.sendInteraction(fake.build.button({ customId: voteId, message: answer, guild: fake.ids.guildIds[1] }));
    const thanks = await vote.waitForReply();
    expect(thanks.content).toMatch(/^Thanks! Your 👍 on this answer was recorded\./);
    await waitForLine(new RegExp(`\\[shard 1/2\\] feedback up on answer ${answerId}`));
    const votes = readFileSync(path.join(root, 'data', 'feedback.jsonl'), 'utf8').trim().split('\n');
    expect(votes.map((l) => (JSON.parse(l) as { vote: string }).vote)).toEqual(['up']);
  });

  it('SIGTERM to the manager stops every shard cleanly and exits 0', async () => {
    const exited = once(manager!, 'exit');
    manager!.kill('SIGTERM');
    const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    for (const i of [0, 1]) expect(stderr).toMatch(new RegExp(`\\[shard ${i}/2\\] SIGTERM received: shutting down[\\s\\S]*\\[shard ${i}/2\\] stopped`));
    expect(stderr).toMatch(/all shards stopped/);
    // No shard outlives the manager (the group can take a moment to be reaped).
    const deadline = Date.now() + 5000;
    while (groupAlive(manager!.pid!) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(groupAlive(manager!.pid!)).toBe(false);
    expect(fake.gatewayConnected).toBe(false);
    expect(stderr).not.toContain(TOKEN);
    expect(fake.unexpectedRequests()).toEqual([]);
    expect(fake.failedRequests()).toEqual([]);
  });
});
