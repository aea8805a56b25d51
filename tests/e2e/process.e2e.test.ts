/**
 * Issue 7 end to end: the bot as a user runs it. `npm run deploy-commands` and `npm start` (the
 * package scripts' exact commands) run as child processes with DISCORD_API_URL pointing at the
 * fake Discord and a dummy token; the bot logs in, answers an /ask and a mention with quotes from
 * the corpus, and exits 0 on SIGTERM without leaving half-written files or leaking the token.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/bootstrap/config.js';
import { seedIndexCopy } from '../helpers/seed.js';
import { FakeDiscord } from '../fake-discord/index.js';
import { corpusTexts, firstEmbed, groupAlive, quotesOf } from './helpers.js';

const TOKEN = 'dummy-token-for-the-e2e-test';
const scripts = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

interface Run {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs a package script's command directly (npm would not pass SIGTERM on to the bot). */
function run(script: string, env: Record<string, string>): Run {
  const [cmd, ...args] = scripts[script]!.split(' ');
  const child = spawn(cmd!, args, { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout!.resume();
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  return { child, stderr: () => err, exited };
}

/**
 * `npm start` exactly as a user types it, in its own process group: a terminal's Ctrl-C, `kill
 * -TERM -<pgid>` or a supervisor stopping a control group signal the whole group, npm and bot.
 */
function runNpm(script: string, env: Record<string, string>): Run {
  const child = spawn('npm', [script], { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout!.resume();
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  return { child, stderr: () => err, exited };
}

async function waitForLine(r: Run, pattern: RegExp, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(r.stderr())) {
    if (r.child.exitCode !== null) throw new Error(`process exited (${r.child.exitCode}) before logging ${pattern}:\n${r.stderr()}`);
    if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${r.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('npm start against a Discord-compatible API (DISCORD_API_URL)', () => {
  const fake = new FakeDiscord({ token: TOKEN, defaultTimeoutMs: 15_000 });
  const root = mkdtempSync(path.join(tmpdir(), 'bot-process-'));
  const texts = [...corpusTexts().values()];
  let env: Record<string, string>;
  let bot: Run | undefined;

  beforeAll(async () => {
    const { apiUrl } = await fake.start();
    env = {
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: apiUrl,
      DISCORD_GUILD_ID: fake.ids.guildId,
      ASK_CHANNEL_IDS: '',
      CORPUS_DIR: path.join(PROJECT_ROOT, 'corpus'),
      INDEX_DIR: seedIndexCopy(path.join(root, 'index')),
      DATA_DIR: path.join(root, 'data'),
      EMBED_THREADS: '1',
      LOG_LEVEL: 'info',
    };
  });

  afterAll(async () => {
    if (bot && bot.child.exitCode === null) bot.child.kill('SIGKILL');
    await fake.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('uses plain node for npm start, so signals reach the bot', () => {
    expect(scripts['start']).toBe('node --import tsx src/discord/main.ts');
    expect(scripts['deploy-commands']).toBe('node --import tsx src/discord/deploy-commands.ts');
  });

  it('exits with one line saying what to set when DISCORD_TOKEN is missing', async () => {
    const r = run('start', { ...env, DISCORD_TOKEN: '' });
    const { code } = await r.exited;
    expect(code).toBe(1);
    expect(r.stderr().trim().split('\n')).toEqual([
      'DISCORD_TOKEN is not set: add your bot token to .env (see .env.example), or try the bot locally without Discord with `npm run chat`.',
    ]);
  });

  it('npm run deploy-commands registers the commands in the server', async () => {
    const r = run('deploy-commands', env);
    expect((await r.exited).code).toBe(0);
    expect(r.stderr()).toMatch(/registered 7 command\(s\) in server \d+ \(available now\): ask, summary, quote, sources, Find sources, reindex, documents/);
    expect(fake.commands.guild.map((c) => c.name)).toEqual(['ask', 'summary', 'quote', 'sources', 'Find sources', 'reindex', 'documents']);
    expect(fake.commands.global).toEqual([]);
    expect(r.stderr()).not.toContain(TOKEN);
  });

  it('logs in, answers /ask and a mention with quotes from the corpus, and exits 0 on SIGTERM', async () => {
    const requestsBefore = fake.requests.length;
    bot = run('start', env);
    await waitForLine(bot, /ready: logged in as docbot#?\d* in 1 guild\(s\); answering from 5 document\(s\)/);
    await fake.waitForReady();
    expect(fake.lastIdentify?.intents).toBe(1 + 512 + 4096); // Guilds, GuildMessages, DirectMessages

    const ask = fake.sendInteraction(fake.build.chatInput({ name: 'ask', options: { question: 'Who was killed in the August car bombing?' } }));
    const answer = await ask.waitForReply();
    const quotes = quotesOf(firstEmbed(answer));
    expect(quotes.join(' ')).toContain('Daria Dugina');
    for (const q of quotes) expect(texts.some((t) => t.includes(q))).toBe(true);

    const mention = fake.sendMessage({ content: `${fake.mention(fake.ids.botUserId)} Which Financial Times journalist wrote that there are few channels to the Kremlin?` });
    const reply = await mention.waitForReply();
    const mentionQuotes = quotesOf(firstEmbed(reply));
    expect(mentionQuotes.join(' ')).toContain('Gideon Rachman');
    for (const q of mentionQuotes) expect(texts.some((t) => t.includes(q))).toBe(true);

    const vote = fake.sendInteraction(fake.build.button({ customId: (answer.components as { components: { custom_id: string }[] }[])[0]!.components[0]!.custom_id }));
    await vote.waitForReply();

    bot.child.kill('SIGTERM');
    const { code, signal } = await bot.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(bot.stderr()).toMatch(/SIGTERM received: shutting down[\s\S]*stopped/);
    expect(bot.stderr()).not.toContain(TOKEN);
    expect(fake.gatewayConnected).toBe(false);

    // The bot itself registered nothing and called only routes Discord has.
    const byBot = fake.requests.slice(requestsBefore);
    expect(byBot.filter((r) => r.route.includes('/commands'))).toEqual([]);
    expect(fake.unexpectedRequests()).toEqual([]);
    expect(fake.failedRequests()).toEqual([]);

    // Every file it wrote is complete.
    const answers = readdirSync(path.join(root, 'data', 'answers'));
    expect(answers.length).toBeGreaterThanOrEqual(2);
    for (const f of answers) {
      expect(f).toMatch(/^[\w-]{12}\.json$/);
      expect(() => JSON.parse(readFileSync(path.join(root, 'data', 'answers', f), 'utf8'))).not.toThrow();
    }
    const votes = readFileSync(path.join(root, 'data', 'feedback.jsonl'), 'utf8').trim().split('\n');
    expect(votes.map((l) => (JSON.parse(l) as { vote: string }).vote)).toEqual(['up']);
  });

  it('`npm start` itself: logs in, answers /ask, and stops cleanly when its process group gets SIGTERM', async () => {
    const r = runNpm('start', { ...env, DATA_DIR: path.join(root, 'data-npm') });
    await waitForLine(r, /ready: logged in as .* in 1 guild\(s\)/);
    const ask = fake.sendInteraction(fake.build.chatInput({ name: 'ask', options: { question: 'Who is Tom Shannon?' } }));
    const quotes = quotesOf(firstEmbed(await ask.waitForReply()));
    expect(quotes.join(' ')).toContain('former senior State Department official');

    process.kill(-r.child.pid!, 'SIGTERM');
    const deadline = Date.now() + 20_000;
    while (groupAlive(r.child.pid!) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(groupAlive(r.child.pid!)).toBe(false);
    expect(r.stderr()).toMatch(/SIGTERM received: shutting down[\s\S]*stopped/);
    expect(r.stderr()).not.toContain(TOKEN);
    for (const f of readdirSync(path.join(root, 'data-npm', 'answers'))) expect(f).toMatch(/^[\w-]{12}\.json$/);
  });

  it('exits 1 with a line to act on when Discord rejects the token, without printing it', async () => {
    const wrong = 'wrong-token-that-must-not-be-printed';
    const r = run('start', { ...env, DISCORD_TOKEN: wrong });
    expect((await r.exited).code).toBe(1);
    expect(r.stderr()).toMatch(/ERROR Discord rejected DISCORD_TOKEN: copy a fresh token from the Bot page of the developer portal\.\n$/);
    expect(r.stderr()).not.toContain(wrong);
  });
});
