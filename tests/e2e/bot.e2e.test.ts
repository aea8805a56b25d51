/**
 * The bot end to end: the real discord.js client, the real engine on the corpus, the fake
 * Discord. Checks what the bot posts, byte for byte where it matters: quotes verbatim from the
 * documents, citations, limits, allowed_mentions, ephemeral flags, buttons.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ButtonStyle, InteractionResponseType, MessageFlags, type APIEmbed } from 'discord.js';
import { citationHeading } from '../../src/domain/citation.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, type Config } from '../../src/bootstrap/config.js';
import type { Bot } from '../../src/discord/bot.js';
import type { Engine } from '../../src/engine/engine.js';
import { FakeDiscord, type InteractionHandle } from '../fake-discord/index.js';
import {
  corpusTexts,
  expectWithinLimits,
  firstEmbed,
  messagesThatMayPing,
  newUser,
  openEngine,
  quotesOf,
  replyBody,
  startBot,
  tempDirs,
  testConfig,
} from './helpers.js';
import { closePools } from './helpers.js';

const BLURPLE = 0x5865f2;
const GREYPLE = 0x99aab5;
const VOTE_ROW = (id: string) => ({
  type: 1,
  components: [
    { type: 2, emoji: { name: '👍', animated: false }, custom_id: `v1:vote:${id}:up`, style: ButtonStyle.Secondary },
    { type: 2, emoji: { name: '👎', animated: false }, custom_id: `v1:vote:${id}:down`, style: ButtonStyle.Secondary },
  ],
});
const ELAPSED = expect.stringMatching(/^⏱ \d+ ms$/);

const dirs = tempDirs('bot-e2e');
const fake = new FakeDiscord();
const texts = corpusTexts();
let config: Config;
let engine: Engine;
let bot: Bot;

/** Every quote must be an exact substring of the document it cites. */
function expectVerbatim(embed: APIEmbed): string[] {
  const quotes = quotesOf(embed);
  expect(quotes.length).toBeGreaterThan(0);
  for (const q of quotes) {
    const found = [...texts.values()].some((t) => t.includes(q.replace(/…$/, '')));
    expect(found, `not verbatim: ${q}`).toBe(true);
  }
  return quotes;
}

function answerIdOf(body: Record<string, unknown>): string {
  const rows = body['components'] as { components: { custom_id: string }[] }[];
  const id = rows[0]!.components.at(-1)!.custom_id.split(':')[2];
  if (!id) throw new Error('no answer id');
  return id;
}

async function reply(handle: InteractionHandle): Promise<Record<string, unknown>> {
  await handle.waitForReply();
  return replyBody(handle);
}

beforeAll(async () => {
  await fake.start();
  config = testConfig(dirs);
  engine = await openEngine(config);
  bot = await startBot(fake, engine, config);
});

afterAll(async () => {
  await bot?.stop();
  await closePools();
  await fake.stop();
  dirs.cleanup();
});

describe('/ask', () => {
  it('posts numbered verbatim quotes, grouped sources and the elapsed time, with allowed_mentions {parse: []}', async () => {
    // Any held-out question whose answer has more than one page of sources exercises "More sources".
    const candidates = readFileSync(path.join(PROJECT_ROOT, 'eval/heldout-questions.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { question: string; answers: string[] }))
      .filter((q) => q.answers.length > 0);
    let question = '';
    let expected: Awaited<ReturnType<typeof engine.ask>> | undefined;
    for (const q of candidates) {
      const a = await engine.ask(q.question, { limit: 9 });
      if (a.answered && a.citations.length > 3) {
        question = q.question;
        expected = a;
        break;
      }
    }
    if (!expected) throw new Error('no held-out question has more than one page of sources');
    // Asking for more only appends: the engine's own answer comes first.
    const base = await engine.ask(question);
    expect(expected.citations.slice(0, base.citations.length)).toEqual(base.citations);
    const page = expected.citations.slice(0, 3);
    const pages = Math.ceil(expected.citations.length / 3);
    expect(pages).toBeGreaterThan(1); // so "More sources" is exercised on an answer too
    const handle = fake.sendInteraction(fake.build.chatInput({ name: 'ask', as: newUser(), options: { question } }));
    const response = await handle.waitForResponse();
    expect(response.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    const body = replyBody(handle);
    const id = answerIdOf(body);
    // Plain-text quotes carry their lines, so each source names its own place ("file.txt:12").
    expect(page.every((c) => c.lines !== undefined)).toBe(true);
    const located = page.map((c, i) => `**[${i + 1}]** ${citationHeading(c)} (\`${c.document}:${c.lines![0] === c.lines![1] ? c.lines![0] : c.lines!.join('–')}\`)`);
    const more = pages > 1 ? [{ type: 2, label: `More sources (2/${pages})`, custom_id: `v1:more:${id}:1`, style: ButtonStyle.Secondary }] : [];
    expect(body).toEqual({
      tts: false,
      enforce_nonce: false,
      embeds: [
        {
          color: BLURPLE,
          title: question,
          // Every line of a quote is quoted, so a quote running over two paragraphs stays one block.
          description: page.map((c, i) => `${c.quote.split('\n').map((l) => `> ${l}`).join('\n')} **[${i + 1}]**`).join('\n\n'),
          fields: [
            {
              name: 'Sources',
              value: located.join('\n'),
            },
          ],
          footer: { text: pages > 1 ? expect.stringMatching(new RegExp(`^⏱ \\d+ ms · page 1/${pages}$`)) : ELAPSED },
        },
      ],
      components: [{ type: 1, components: [...more, ...VOTE_ROW(id).components] }],
      allowed_mentions: { parse: [] },
    });
    expectVerbatim(firstEmbed(body));
    const message = await handle.waitForReply();
    expect(message.flags).toBe(0);
    expect(message.mentions).toEqual([]);

    const next = fake.sendInteraction(fake.build.button({ customId: `v1:more:${id}:1`, as: newUser() }));
    const page2 = firstEmbed(await reply(next));
    expect(quotesOf(page2)).toEqual(expected.citations.slice(3, 6).map((c) => c.quote));
    expect(page2.description).toContain('**[4]**');
  });

  it('answers only the asker with private:true (ephemeral flag 64)', async () => {
    const handle = fake.sendInteraction(
      fake.build.chatInput({ name: 'ask', as: newUser(), options: { question: 'Who was killed in the August car bombing?', private: true } }),
    );
    const body = await reply(handle);
    expect(body['flags']).toBe(MessageFlags.Ephemeral);
    expect(body['allowed_mentions']).toEqual({ parse: [] });
    expect(expectVerbatim(firstEmbed(body)).join(' ')).toContain('Daria Dugina');
    expect(fake.channelMessages(fake.ids.channelId).some((m) => m.id === handle.original?.id)).toBe(false);
  });

  it('says "not found in the documents" and names the closest documents when nothing answers', async () => {
    const handle = fake.sendInteraction(fake.build.chatInput({ name: 'ask', as: newUser(), options: { question: 'What is a good recipe for pancakes?' } }));
    const body = await reply(handle);
    const embed = firstEmbed(body);
    expect(embed.color).toBe(GREYPLE);
    expect(embed.description).toMatch(/^\*\*Not found in the documents\.\*\*\nThe documents do not seem to answer this\.\n\nClosest documents:\n• /);
    expect(embed.fields ?? []).toEqual([]);
    expect(body['components']).toEqual([VOTE_ROW(answerIdOf(body))]);
  });

  it('handles a 6,000-character question: shortened title, every limit respected, a note that only the start was searched', async () => {
    const base = 'What did Biden refuse when Kyiv asked for a no-fly zone and what happened next in the war? ';
    const question = base.repeat(Math.ceil(6000 / base.length)).slice(0, 6000);
    expect(question).toHaveLength(6000);
    const handle = fake.sendInteraction(fake.build.chatInput({ name: 'ask', as: newUser(), options: { question } }));
    const body = await reply(handle);
    expectWithinLimits(body);
    const embed = firstEmbed(body);
    expect(embed.title!.length).toBeLessThanOrEqual(201);
    expect(embed.title).toMatch(/…$/);
    expect(question.startsWith(embed.title!.slice(0, -1))).toBe(true);
    expect(embed.footer?.text).toMatch(/^⏱ \d+ ms · searched the first 9\d\d characters$/);
  });

  it('never pings: @everyone and <@&id> in a question are shown escaped and parse nothing', async () => {
    const question = `Did @everyone and <@&123456789012345678> and <@${fake.ids.adminUserId}> hear what Putin said at the forum in Moscow?`;
    const handle = fake.sendInteraction(fake.build.chatInput({ name: 'ask', as: newUser(), options: { question } }));
    const body = await reply(handle);
    expect(body['allowed_mentions']).toEqual({ parse: [] });
    const title = firstEmbed(body).title!;
    expect(title).toContain('@\u200beveryone');
    expect(title).toContain('<@\u200b&123456789012345678>');
    expect(title).toContain(`<@\u200b${fake.ids.adminUserId}>`);
    expect(title).not.toMatch(/@everyone|<@&\d|<@\d/);
    const message = await handle.waitForReply();
    expect(message.mention_everyone).toBe(false);
    expect(message.mention_roles).toEqual([]);
    expect(message.mentions).toEqual([]);
  });

  it('works in a DM with the bot', async () => {
    const handle = fake.sendInteraction(
      fake.build.chatInput({ name: 'ask', dm: true, as: newUser(), options: { question: 'Which Financial Times journalist wrote that there are few channels to the Kremlin?' } }),
    );
    const body = await reply(handle);
    expect(expectVerbatim(firstEmbed(body)).join(' ')).toContain('Gideon Rachman');
  });
});

describe('/summary', () => {
  it('autocompletes the document option from the indexed titles', async () => {
    const handle = fake.sendInteraction(fake.build.autocomplete({ name: 'summary', focused: 'document', value: 'putin', as: newUser() }));
    const response = await handle.waitForResponse();
    expect(response.body).toEqual({
      type: InteractionResponseType.ApplicationCommandAutocompleteResult,
      data: {
        choices: [
          {
            name: 'Opinion | Putin seems to want to talk. The U.S. should take him up on it. (000_124aa0ee5495cb11.txt)',
            value: '000_124aa0ee5495cb11.txt',
          },
        ],
      },
    });
    const all = fake.sendInteraction(fake.build.autocomplete({ name: 'summary', focused: 'document', value: '', as: newUser() }));
    const choices = ((await all.waitForResponse()).body as { data: { choices: { name: string; value: string }[] } }).data.choices;
    expect(choices.map((c) => c.value).sort()).toEqual(engine.documents().map((d) => d.id).sort());
    for (const c of choices) expect(c.name.length).toBeLessThanOrEqual(100);
  });

  it('summarises a document in verbatim quotes, one page at a time, with "More sources" for the rest', async () => {
    const expected = engine.summarizeDocument('000_124aa0ee5495cb11.txt', 'long');
    expect(expected.citations).toHaveLength(10);
    const handle = fake.sendInteraction(
      fake.build.chatInput({ name: 'summary', as: newUser(), options: { document: '000_124aa0ee5495cb11.txt', length: 'long' } }),
    );
    const body = await reply(handle);
    const id = answerIdOf(body);
    const embed = firstEmbed(body);
    expect(embed.title).toBe(`Summary: ${expected.title}`);
    expect(quotesOf(embed)).toEqual(expected.citations.slice(0, 5).map((c) => c.quote));
    expect(embed.footer?.text).toMatch(/^⏱ \d+ ms · page 1\/2$/);
    expect(body['components']).toEqual([
      {
        type: 1,
        components: [
          { type: 2, label: 'More sources (2/2)', custom_id: `v1:more:${id}:1`, style: ButtonStyle.Secondary },
          ...VOTE_ROW(id).components,
        ],
      },
    ]);

    const more = fake.sendInteraction(fake.build.button({ customId: `v1:more:${id}:1`, as: newUser() }));
    const page2 = await reply(more);
    expect(more.callbacks[0]!.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(page2['flags']).toBe(MessageFlags.Ephemeral);
    expect(page2['allowed_mentions']).toEqual({ parse: [] });
    const embed2 = firstEmbed(page2);
    expect(quotesOf(embed2)).toEqual(expected.citations.slice(5).map((c) => c.quote));
    expect(embed2.description).toContain('**[6]**');
    expect(embed2.footer?.text).toMatch(/page 2\/2$/);
    expect(page2['components']).toEqual([]);
  });

  it('summarises a topic, and gives an overview of all documents without options', async () => {
    const topic = fake.sendInteraction(fake.build.chatInput({ name: 'summary', as: newUser(), options: { topic: 'nuclear weapons', length: 'short' } }));
    const topicEmbed = firstEmbed(await reply(topic));
    expect(topicEmbed.title).toBe('Summary: nuclear weapons');
    expectVerbatim(topicEmbed);

    const overview = fake.sendInteraction(fake.build.chatInput({ name: 'summary', as: newUser() }));
    const body = await reply(overview);
    const embed = firstEmbed(body);
    expect(embed.title).toBe('Summary: All documents');
    expectVerbatim(embed);
    expect(embed.color).toBe(BLURPLE);
  });

  it('refuses a document and a topic together, and lists the documents for an unknown one (ephemeral)', async () => {
    const both = fake.sendInteraction(fake.build.chatInput({ name: 'summary', as: newUser(), options: { document: '000', topic: 'talks' } }));
    expect(await reply(both)).toEqual({
      content: 'Choose either a document or a topic, not both.',
      allowed_mentions: { parse: [] },
      flags: MessageFlags.Ephemeral,
      tts: false,
      enforce_nonce: false,
    });
    const unknown = fake.sendInteraction(fake.build.chatInput({ name: 'summary', as: newUser(), options: { document: 'no-such-file' } }));
    const body = await reply(unknown);
    expect(body['flags']).toBe(MessageFlags.Ephemeral);
    expect(body['content']).toMatch(/^No document matches "no-such-file"\. Available documents:\n• /);
    expect(body['content']).toContain('`004_fa67cc9842d54d9a.txt`');
  });
});

describe('/quote and "Find sources"', () => {
  it('/quote finds the passage behind a half-remembered claim', async () => {
    const claim = 'U.S. intelligence concluded that Ukrainian activists were responsible for the car bombing that killed Daria Dugina';
    const expected = await engine.cite(claim);
    const handle = fake.sendInteraction(fake.build.chatInput({ name: 'quote', as: newUser(), options: { text: claim } }));
    const body = await reply(handle);
    const id = answerIdOf(body);
    expect(body).toEqual({
      tts: false,
      enforce_nonce: false,
      embeds: [
        {
          color: BLURPLE,
          title: `Sources for “${claim}”`,
          description: expected.citations.map((c, i) => `> ${c.quote} **[${i + 1}]**`).join('\n\n'),
          fields: [{ name: 'Sources', value: expect.stringMatching(/\(`000_124aa0ee5495cb11\.txt:\d+(–\d+)?`\)/) }],
          footer: { text: ELAPSED },
        },
      ],
      components: [VOTE_ROW(id)],
      allowed_mentions: { parse: [] },
    });
    expect(expectVerbatim(firstEmbed(body))[0]).toContain('Daria Dugina');
  });

  it('"Find sources" looks up the selected message and links back to it', async () => {
    const target = fake.sendMessage({ content: 'Washington suspended arms control talks the day after the invasion', as: newUser() });
    const handle = fake.sendInteraction(fake.build.messageContextMenu({ name: 'Find sources', target: target.message, as: newUser() }));
    const body = await reply(handle);
    const embed = firstEmbed(body);
    expect(embed.title).toBe('Sources for “Washington suspended arms control talks the day after the invasion”');
    expect(embed.url).toBe(`https://discord.com/channels/${fake.ids.guildId}/${fake.ids.channelId}/${target.message.id}`);
    expect(expectVerbatim(embed)[0]).toContain('Washington suspended arms control talks the day after Russia’s invasion');
    expect(body['allowed_mentions']).toEqual({ parse: [] });
  });

  it('"Find sources" on a message without text explains why it cannot help (ephemeral)', async () => {
    const target = fake.sendMessage({ content: '', as: newUser() });
    const handle = fake.sendInteraction(fake.build.messageContextMenu({ name: 'Find sources', target: target.message, as: newUser() }));
    expect(await reply(handle)).toMatchObject({
      content: 'That message has no text to look up: "Find sources" searches for the words of a message.',
      flags: MessageFlags.Ephemeral,
    });
  });
});

describe('/sources', () => {
  it('lists every document with its file, size and paragraphs, only to the asker', async () => {
    const handle = fake.sendInteraction(fake.build.chatInput({ name: 'sources', as: newUser() }));
    const body = await reply(handle);
    expect(body['flags']).toBe(MessageFlags.Ephemeral);
    const embed = firstEmbed(body);
    expect(embed).toMatchObject({
      color: BLURPLE,
      title: `Documents (${engine.documents().length})`,
      footer: { text: `${engine.status.chunks} passages · ${engine.status.sentences} sentences · index built` },
      timestamp: new Date(engine.status.builtAt).toISOString(),
    });
    for (const d of engine.documents()) expect(embed.description).toContain(`\`${d.id}\` · `);
    expect(embed.description).toContain('**It’s time to talk to Russia**\n`001_d7e03db3c3fe0fbc.txt` · 5.9 KB · ');
  });
});

describe('messages', () => {
  it('answers a mention in a channel with a reply that pings nobody', async () => {
    const sent = fake.sendMessage({
      content: `${fake.mention(fake.ids.botUserId)} Where did Putin give his speech about a multipolar world order?`,
      as: newUser(),
    });
    const answer = await sent.waitForReply();
    expect(answer.message_reference?.message_id).toBe(sent.message.id);
    const embed = firstEmbed(answer);
    expect(embed.title).toBe('Where did Putin give his speech about a multipolar world order?');
    expectVerbatim(embed);
    const post = fake.requests.find((r) => r.method === 'POST' && (r.responseBody as { id?: string } | null)?.id === answer.id);
    expect(post?.body).toMatchObject({ allowed_mentions: { parse: [], replied_user: false }, message_reference: { message_id: sent.message.id } });
    expect(answer.mentions).toEqual([]);
  });

  it('answers a direct message', async () => {
    const sent = fake.sendMessage({ content: 'Who was killed in the August car bombing?', dm: true, as: newUser() });
    const answer = await sent.waitForReply();
    expect(expectVerbatim(firstEmbed(answer)).join(' ')).toContain('Daria Dugina');
  });

  it('treats a reply to one of its answers as a follow-up, with the earlier question as context', async () => {
    const asker = newUser();
    const first = fake.sendMessage({ content: `${fake.mention(fake.ids.botUserId)} Who held secret talks with Russian officials?`, as: asker });
    const answer = await first.waitForReply();
    const followUp = fake.sendMessage({ content: 'When did they meet?', as: asker, replyTo: answer });
    const second = await followUp.waitForReply();
    const embed = firstEmbed(second);
    expect(embed.title).toBe('When did they meet?');
    expect(embed.footer?.text).toMatch(/· follow-up to “Who held secret talks with Russian officials\?”$/);
  });

  it('answers a bare mention with help, and ignores messages that are not for it', async () => {
    const bare = fake.sendMessage({ content: fake.mention(fake.ids.botUserId), as: newUser() });
    const help = await bare.waitForReply();
    expect(help.content).toMatch(/^Ask me about the documents/);
    const before = fake.requests.length;
    fake.sendMessage({ content: 'just chatting, no question for the bot', as: newUser() });
    await fake.waitForQuiet(200);
    expect(fake.requests.slice(before).filter((r) => r.method === 'POST')).toEqual([]);
  });
});

describe('feedback', () => {
  it('appends one JSONL line per vote with the question, answer ids and a hashed user id', async () => {
    const voter = newUser();
    const question = 'Who was killed in the August car bombing?';
    const handle = fake.sendInteraction(fake.build.chatInput({ name: 'ask', as: newUser(), options: { question } }));
    const body = await reply(handle);
    const id = answerIdOf(body);
    const vote = fake.sendInteraction(fake.build.button({ customId: `v1:vote:${id}:down`, as: voter }));
    const ack = await reply(vote);
    expect(ack).toMatchObject({ content: 'Thanks! Your 👎 on this answer was recorded.', flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } });
    await bot.ctx.feedback.flush();
    const lines = readFileSync(path.join(dirs.data, 'feedback.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const line = lines.find((l) => l['answerId'] === id);
    expect(line).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      vote: 'down',
      answerId: id,
      kind: 'ask',
      question,
      citations: [expect.stringMatching(/^000_124aa0ee5495cb11\.txt#\d+-\d+$/)],
      answered: true,
      user: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(JSON.stringify(lines)).not.toContain(voter.id);
  });
});

describe('/reindex', () => {
  it('is refused for a member without Manage Server, and registered with that default permission', async () => {
    const handle = fake.sendInteraction(fake.build.chatInput({ name: 'reindex', as: 'member' }));
    expect(await reply(handle)).toMatchObject({
      content: 'Only members with the **Manage Server** permission can rebuild the index.',
      flags: MessageFlags.Ephemeral,
    });
    const { commandData } = await import('../../src/discord/commands/index.js');
    expect(commandData().find((c) => c.name === 'reindex')).toMatchObject({ default_member_permissions: '32', contexts: [0] });
  });

  it('rebuilds for an admin and reports what changed', async () => {
    writeFileSync(path.join(dirs.corpus, 'zz-new.txt'), 'A new document\n\nThe committee met on Tuesday to discuss the harvest festival and its budget.\n');
    const handle = fake.sendInteraction(fake.build.chatInput({ name: 'reindex', as: 'admin' }));
    const response = await handle.waitForResponse();
    expect(response.body).toEqual({ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } });
    const message = await handle.waitForReply({ timeoutMs: 30_000 });
    const embed = firstEmbed(message);
    expect(embed.title).toBe('Index rebuilt');
    expect(embed.fields).toEqual([
      { name: 'Added (1)', value: '`zz-new.txt`', inline: true },
      { name: 'Removed (0)', value: '—', inline: true },
      { name: 'Changed (0)', value: '—', inline: true },
      { name: 'Unchanged', value: '5', inline: true },
    ]);
    expect(message.flags).toBe(MessageFlags.Ephemeral);
    expect(engine.documents().map((d) => d.id)).toContain('zz-new.txt');
  });
});

describe('hygiene', () => {
  it('made no request to an unknown route and had none rejected', () => {
    expect(fake.unexpectedRequests()).toEqual([]);
    const messages = fake.requests.filter((r) => r.method === 'POST' || r.method === 'PATCH');
    expect(messages.length).toBeGreaterThan(20);
    expect(messagesThatMayPing(messages)).toEqual([]);
    expect(fake.failedRequests().map((r) => `${r.method} ${r.route} ${r.status} ${JSON.stringify(r.responseBody)}`)).toEqual([]);
  });
});
