/**
 * Verifies the fake Discord with the real discord.js Client and a tiny inline
 * bot, so that later end-to-end tests of the project's bot can trust it.
 */
import {
  ActionRowBuilder,
  ApplicationCommandType,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  Client,
  Events,
  GatewayIntentBits,
  InteractionResponseType,
  MessageFlags,
  MessageType,
  Partials,
  type ChatInputCommandInteraction,
  type Message,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, type InteractionHandle } from '../fake-discord/index.js';

const INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.DirectMessages,
  GatewayIntentBits.MessageContent,
];

/** Logs a client in against the fake, failing fast (instead of hanging) if it never gets ready. */
async function loginClient(fake: FakeDiscord, client: Client): Promise<void> {
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('clientReady not emitted within 5 s')), 5_000);
    client.once(Events.ClientReady, () => {
      clearTimeout(timer);
      resolve();
    });
  });
  await client.login('fake-token');
  await ready;
  await fake.waitForReady();
}

describe('FakeDiscord with a real discord.js Client', () => {
  const fake = new FakeDiscord();
  const errors: unknown[] = [];
  const received: Message[] = [];
  const countAnswers = new Map<number, number>();
  const withResponseContents: (string | undefined)[] = [];
  let client: Client;
  let shardResumes = 0;

  function callbackRequestsFor(handle: InteractionHandle) {
    return fake.requests.filter((r) => r.route === `/interactions/${handle.id}/${handle.token}/callback`);
  }

  beforeAll(async () => {
    const { apiUrl } = await fake.start();
    client = new Client({
      intents: INTENTS,
      // DMs: Discord sends no CHANNEL_CREATE for DM channels, so discord.js drops DM messages without this.
      partials: [Partials.Channel],
      rest: { api: apiUrl },
    });
    client.on(Events.Error, (e) => errors.push(e));
    client.on(Events.ShardError, (e) => errors.push(e));
    client.on(Events.ShardResume, () => (shardResumes += 1));

    client.on(Events.InteractionCreate, async (interaction) => {
      try {
        if (interaction.isAutocomplete()) {
          const typed = interaction.options.getFocused();
          await interaction.respond([
            { name: `${typed} one`, value: 'one' },
            { name: `${typed} two`, value: 'two' },
          ]);
        } else if (interaction.isChatInputCommand()) {
          switch (interaction.commandName) {
            case 'ping':
              await interaction.reply({
                content: `pong <@${fake.ids.adminUserId}> @everyone`,
                allowedMentions: { parse: [] },
              });
              break;
            case 'slow':
              await interaction.deferReply();
              await interaction.editReply({ content: 'done', embeds: [{ title: 'Answer', description: 'forty-two' }] });
              break;
            case 'secret':
              await interaction.reply({ content: 'hush', flags: MessageFlags.Ephemeral });
              break;
            case 'buttons':
              await interaction.reply({
                content: 'pick one',
                components: [
                  new ActionRowBuilder<ButtonBuilder>().addComponents(
                    new ButtonBuilder().setCustomId('more').setLabel('More').setStyle(ButtonStyle.Primary),
                  ),
                ],
              });
              break;
            case 'fetch': {
              const response = await interaction.reply({ content: 'with response', withResponse: true });
              withResponseContents.push(response.resource?.message?.content);
              break;
            }
            case 'file':
              await interaction.reply({
                content: 'see attached',
                files: [{ attachment: Buffer.from('quoted text'), name: 'source.txt', description: 'the source' }],
              });
              break;
            case 'multi':
              await interaction.deferReply();
              await interaction.followUp('part 1');
              await interaction.followUp({ content: 'part 2', flags: MessageFlags.Ephemeral });
              break;
            case 'count': {
              const n = interaction.options.getInteger('n', true);
              countAnswers.set(n, (countAnswers.get(n) ?? 0) + 1);
              await interaction.reply({ content: `n=${n}` });
              break;
            }
          }
        } else if (interaction.isButton()) {
          await interaction.update({ content: `clicked ${interaction.customId}`, components: [] });
        } else if (interaction.isMessageContextMenuCommand()) {
          await interaction.reply({ content: `target: ${interaction.targetMessage.content}`, flags: MessageFlags.Ephemeral });
        }
      } catch (error) {
        errors.push(error);
      }
    });

    client.on(Events.MessageCreate, async (message) => {
      if (message.author.bot) return;
      received.push(message);
      try {
        if (message.channel.type === ChannelType.DM) {
          await message.channel.send(`dm echo: ${message.content}`);
        } else if (message.mentions.has(client.user!)) {
          await message.reply({ content: `you said: ${message.content}`, allowedMentions: { repliedUser: false } });
        }
      } catch (error) {
        errors.push(error);
      }
    });

    await loginClient(fake, client);
  });

  afterAll(async () => {
    // Safety net if the teardown test did not run.
    await client?.destroy();
    await fake.stop();
  });

  it('logs in: READY + GUILD_CREATE populate the cache', () => {
    expect(client.isReady()).toBe(true);
    expect(client.user?.id).toBe(fake.ids.botUserId);
    expect(client.application?.id).toBe(fake.ids.applicationId);
    const guild = client.guilds.cache.get(fake.ids.guildId);
    expect(guild?.name).toBe('Fake Guild');
    expect(guild?.members.me?.id).toBe(fake.ids.botUserId);
    expect(client.channels.cache.get(fake.ids.channelId)?.type).toBe(ChannelType.GuildText);
    expect(fake.identifyCount).toBe(1);
    expect(fake.lastIdentify?.intents).toBe(client.options.intents.bitfield);
    const gatewayFetch = fake.requests.find((r) => r.route === '/gateway/bot');
    expect(gatewayFetch?.headers['authorization']).toBe('Bot fake-token');
  });

  it('stores bulk-overwritten commands; built interactions carry their ids (guild_id only for guild commands)', async () => {
    const global = await client.application!.commands.set([
      { name: 'ping', description: 'Ping' },
      { name: 'Explain', type: ApplicationCommandType.Message },
    ]);
    const guild = await client.application!.commands.set([{ name: 'local', description: 'Guild only' }], fake.ids.guildId);
    expect(fake.commands.global.map((c) => [c.name, c.type])).toEqual([
      ['ping', 1],
      ['Explain', 3],
    ]);
    expect(fake.commands.guild.map((c) => c.name)).toEqual(['local']);
    const ping = fake.build.chatInput({ name: 'ping' });
    expect(ping.data).toEqual({ id: global.find((c) => c.name === 'ping')!.id, name: 'ping', type: 1, options: [] });
    const local = fake.build.chatInput({ name: 'local' });
    expect(local.data).toMatchObject({ id: guild.first()!.id, guild_id: fake.ids.guildId });
    const again = await client.application!.commands.set([{ name: 'ping', description: 'Ping v2' }]);
    expect(again.first()!.id).toBe(ping.data.id); // ids survive an overwrite
  });

  it('returns an InteractionCallbackResponse for withResponse: true', async () => {
    const handle = fake.sendInteraction(fake.build.chatInput({ name: 'fetch' }));
    const response = await handle.waitForResponse();
    expect(response.request.query).toEqual({ with_response: 'true' });
    await expect.poll(() => withResponseContents).toEqual(['with response']);
  });

  it('records a slash-command reply with the exact callback JSON', async () => {
    const handle = fake.sendInteraction(fake.build.chatInput({ name: 'ping' }));
    const response = await handle.waitForResponse();
    expect(response.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(response.body).toEqual({
      type: 4,
      data: {
        content: `pong <@${fake.ids.adminUserId}> @everyone`,
        tts: false,
        enforce_nonce: false,
        allowed_mentions: { parse: [] },
      },
    });
    expect(response.request.query).toEqual({ with_response: 'false' });
    expect(response.request.headers['authorization']).toBeUndefined();
    const reply = await handle.waitForReply();
    expect(reply).toMatchObject({
      content: `pong <@${fake.ids.adminUserId}> @everyone`,
      type: MessageType.ChatInputCommand,
      mentions: [],
      mention_everyone: false,
      author: { id: fake.ids.botUserId, bot: true },
      interaction_metadata: { id: handle.id, user: { id: fake.ids.memberUserId } },
    });
    expect(fake.channelMessages(fake.ids.channelId).map((m) => m.id)).toContain(reply.id);
  });

  it('handles deferReply + editReply', async () => {
    const handle = fake.sendInteraction(fake.build.chatInput({ name: 'slow', as: 'admin' }));
    const response = await handle.waitForResponse();
    expect(response.body).toEqual({ type: 5, data: { flags: 0 } });
    const reply = await handle.waitForReply();
    expect(reply.content).toBe('done');
    expect(reply.embeds).toEqual([{ type: 'rich', title: 'Answer', description: 'forty-two' }]);
    expect(reply.flags).toBe(0); // Loading cleared
    expect(handle.events.map((e) => `${e.kind}:${e.request.status}`)).toEqual(['callback:204', 'original.edit:200']);
    expect(handle.events[1]?.request.method).toBe('PATCH');
    expect(handle.events[1]?.request.route).toBe(`/webhooks/${fake.ids.applicationId}/${handle.token}/messages/@original`);
  });

  it('passes the ephemeral flag (64) through and keeps the reply out of the channel', async () => {
    // id and token are generated when left out.
    const { id: _id, token: _token, ...partial } = fake.build.chatInput({ name: 'secret' });
    const handle = fake.sendInteraction(partial);
    expect(handle.id).not.toBe(_id);
    const response = await handle.waitForResponse();
    expect(response.body).toMatchObject({ type: 4, data: { content: 'hush', flags: 64 } });
    const reply = await handle.waitForReply();
    expect(reply.flags).toBe(MessageFlags.Ephemeral);
    expect(fake.channelMessages(fake.ids.channelId).some((m) => m.id === reply.id)).toBe(false);
  });

  it('parses multipart replies (payload_json + files[0]) into body, files and attachments', async () => {
    const handle = fake.sendInteraction(fake.build.chatInput({ name: 'file' }));
    const response = await handle.waitForResponse();
    expect(response.request.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(response.body).toMatchObject({
      type: 4,
      data: { content: 'see attached', attachments: [{ id: '0', description: 'the source' }] },
    });
    expect(response.request.files).toHaveLength(1);
    expect(response.request.files[0]).toMatchObject({ field: 'files[0]', filename: 'source.txt', size: 11 });
    expect(response.request.files[0]!.data.toString()).toBe('quoted text');
    const reply = await handle.waitForReply();
    expect(reply.attachments).toMatchObject([{ filename: 'source.txt', description: 'the source', size: 11 }]);
  });

  it('turns the first follow-up after deferReply into the reply; later ones are new messages', async () => {
    const handle = fake.sendInteraction(fake.build.chatInput({ name: 'multi' }));
    const [first, second] = await handle.waitForMessages(2);
    const deferred = handle.events[0]!.message!;
    expect(first!.id).toBe(deferred.id);
    expect(first!.content).toBe('part 1');
    expect(second!.content).toBe('part 2');
    expect(second!.flags).toBe(MessageFlags.Ephemeral);
    expect(handle.events.map((e) => e.kind)).toEqual(['callback', 'followup.create', 'followup.create']);
    expect(handle.events[1]!.request.query).toMatchObject({ wait: 'true' });
  });

  it('answers autocomplete with choices (callback type 8)', async () => {
    const handle = fake.sendInteraction(fake.build.autocomplete({ name: 'ask', focused: 'question', value: 'wha' }));
    const response = await handle.waitForResponse();
    expect(response.body).toEqual({
      type: 8,
      data: { choices: [{ name: 'wha one', value: 'one' }, { name: 'wha two', value: 'two' }] },
    });
    await expect(handle.waitForReply({ timeoutMs: 200 })).rejects.toThrow(/has no reply message/);
  });

  it('updates the message a button sits on (callback type 7)', async () => {
    const first = fake.sendInteraction(fake.build.chatInput({ name: 'buttons' }));
    const withButton = await first.waitForReply();
    expect(withButton.components).toEqual([
      { type: 1, components: [{ type: 2, custom_id: 'more', label: 'More', style: ButtonStyle.Primary }] },
    ]);
    const click = fake.sendInteraction(fake.build.button({ customId: 'more' }));
    const response = await click.waitForResponse();
    expect(response.body).toMatchObject({ type: 7, data: { content: 'clicked more', components: [] } });
    const updated = await click.waitForReply();
    expect(updated.id).toBe(withButton.id);
    expect(updated.content).toBe('clicked more');
    expect(fake.channelMessages(fake.ids.channelId).find((m) => m.id === withButton.id)?.components).toEqual([]);
  });

  it('gives a message context-menu command its targetMessage', async () => {
    const target = fake.sendMessage({ content: 'quote me', as: 'admin' });
    const handle = fake.sendInteraction(fake.build.messageContextMenu({ name: 'Explain', target: target.message }));
    const reply = await handle.waitForReply();
    expect(reply.content).toBe('target: quote me');
    expect(reply.flags).toBe(MessageFlags.Ephemeral);
  });

  it('delivers a guild message mentioning the bot, and message.reply() posts with message_reference', async () => {
    const sent = fake.sendMessage({ content: `${fake.mention(fake.ids.botUserId)} what is up?` });
    expect(sent.outcome).toBe('sent');
    const reply = await sent.waitForReply();
    expect(reply).toMatchObject({
      channel_id: fake.ids.channelId,
      type: MessageType.Reply,
      content: `you said: <@${fake.ids.botUserId}> what is up?`,
      message_reference: { message_id: sent.message.id, channel_id: fake.ids.channelId, guild_id: fake.ids.guildId },
      referenced_message: { id: sent.message.id },
      mentions: [],
    });
    const post = await fake.waitForRequest((r) => r.method === 'POST' && r.route === `/channels/${fake.ids.channelId}/messages`);
    expect(post.body).toMatchObject({
      content: `you said: <@${fake.ids.botUserId}> what is up?`,
      message_reference: { message_id: sent.message.id },
      allowed_mentions: { replied_user: false },
    });
    const got = received.find((m) => m.id === sent.message.id);
    expect(got?.mentions.has(fake.ids.botUserId)).toBe(true);
    expect(got?.guildId).toBe(fake.ids.guildId);
  });

  it('delivers a DM (channel_type 1, no CHANNEL_CREATE) and the bot can answer in it', async () => {
    const sent = fake.sendMessage({ content: 'hello in private', dm: true, as: 'admin' });
    const answer = await sent.waitForBotMessage();
    expect(answer.channel_id).toBe(fake.ids.adminDmChannelId);
    expect(answer.content).toBe('dm echo: hello in private');
    const got = received.find((m) => m.id === sent.message.id);
    expect(got?.channel.type).toBe(ChannelType.DM);
    expect(got?.guildId).toBeNull();
  });

  it('retries an interaction callback after a 429 with Retry-After and answers once', async () => {
    fake.failNext('POST', '/interactions/:id/:token/callback', { status: 429, retryAfter: 0.3 });
    const handle = fake.sendInteraction(fake.build.chatInput({ name: 'ping' }));
    await handle.waitForReply();
    const attempts = callbackRequestsFor(handle);
    expect(attempts.map((r) => [r.status, r.injected])).toEqual([
      [429, true],
      [204, false],
    ]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(290);
    expect(handle.callbacks).toHaveLength(1);
  });

  it('resumes after the gateway connection drops; an interaction sent during the outage is answered once', async () => {
    await fake.killGatewayConnection({ stayOffline: true });
    expect(fake.gatewayConnected).toBe(false);
    const handle = fake.sendInteraction(fake.build.chatInput({ name: 'ping' }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(handle.events).toHaveLength(0); // queued, not delivered
    fake.restoreGateway();
    await fake.waitForResumed();
    await handle.waitForReply();
    await fake.waitForQuiet(150);
    expect(fake.resumeCount).toBe(1);
    expect(fake.identifyCount).toBe(1);
    expect(shardResumes).toBe(1);
    expect(handle.events.map((e) => e.kind)).toEqual(['callback']);
    expect(callbackRequestsFor(handle)).toHaveLength(1);
  });

  it('resumes after a dropped TCP connection (1006) and after close code 4000', async () => {
    await fake.killGatewayConnection();
    await fake.waitForResumed({ resumeCount: 2 });
    await fake.killGatewayConnection({ code: 4000 });
    await fake.waitForResumed({ resumeCount: 3 });
    expect(fake.identifyCount).toBe(1);
    const handle = fake.sendInteraction(fake.build.chatInput({ name: 'ping' }));
    await handle.waitForReply();
  });

  it('answers 100 concurrent interactions exactly once each', async () => {
    const handles = Array.from({ length: 100 }, (_, n) =>
      fake.sendInteraction(fake.build.chatInput({ name: 'count', options: { n } })),
    );
    const replies = await Promise.all(handles.map((h) => h.waitForReply()));
    expect(replies.map((r) => r.content)).toEqual(handles.map((_, n) => `n=${n}`));
    await fake.waitForQuiet(150);
    for (const h of handles) expect(callbackRequestsFor(h)).toHaveLength(1);
    expect([...countAnswers.values()].every((c) => c === 1)).toBe(true);
    expect(countAnswers.size).toBe(100);
  });

  it('saw no errors, unknown routes or rejected requests, and tears down in under 2 s', async () => {
    expect(errors).toEqual([]);
    expect(fake.unexpectedRequests()).toEqual([]);
    expect(fake.failedRequests()).toEqual([]);
    const started = Date.now();
    await client.destroy();
    await fake.stop();
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('FakeDiscord applies Discord rules the bot must cope with', () => {
  const fake = new FakeDiscord({ interactionDeadlineMs: 300 });
  let client: Client;
  const received: Message[] = [];

  beforeAll(async () => {
    const { apiUrl } = await fake.start();
    // Deliberately without MessageContent and without Partials.Channel.
    client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
      rest: { api: apiUrl },
    });
    client.on(Events.MessageCreate, (m) => {
      if (!m.author.bot) received.push(m);
    });
    await loginClient(fake, client);
  });

  afterAll(async () => {
    await client?.destroy();
    await fake.stop();
  });

  it('blanks message content without the MessageContent intent unless the bot is mentioned', async () => {
    const plain = fake.sendMessage({ content: 'no mention here' });
    const mentioning = fake.sendMessage({ content: `${fake.mention(fake.ids.botUserId)} hi` });
    await expect.poll(() => received.length).toBe(2);
    expect(received[0]!.id).toBe(plain.message.id);
    expect(received[0]!.content).toBe('');
    expect(received[1]!.id).toBe(mentioning.message.id);
    expect(received[1]!.content).toBe(`<@${fake.ids.botUserId}> hi`);
  });

  it('drops DMs in discord.js when Partials.Channel is missing (as with real Discord)', async () => {
    const dm = fake.sendMessage({ content: 'anyone there?', dm: true });
    expect(dm.outcome).toBe('sent');
    const marker = fake.sendMessage({ content: `${fake.mention(fake.ids.botUserId)} marker` });
    await expect.poll(() => received.some((m) => m.id === marker.message.id)).toBe(true);
    expect(received.some((m) => m.id === dm.message.id)).toBe(false);
  });

  it('rejects over-long content with 400 50035 Invalid Form Body', async () => {
    const channel = client.channels.cache.get(fake.ids.channelId);
    if (!channel?.isSendable()) throw new Error('text channel not cached');
    await expect(channel.send('x'.repeat(2001))).rejects.toMatchObject({
      status: 400,
      code: 50035,
      rawError: { errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } },
    });
  });

  it('injects a 500 once; discord.js retries and the request then succeeds', async () => {
    fake.failNext('POST', '/channels/:id/messages', { status: 500 });
    const before = fake.requests.length;
    const channel = client.channels.cache.get(fake.ids.channelId);
    if (!channel?.isSendable()) throw new Error('text channel not cached');
    const sent = await channel.send('after a 500');
    const posts = fake.requests.slice(before).filter((r) => r.route === `/channels/${fake.ids.channelId}/messages`);
    expect(posts.map((r) => [r.status, r.injected])).toEqual([
      [500, true],
      [200, false],
    ]);
    expect(sent.content).toBe('after a 500');
  });

  it('records unknown routes as 404 "Unknown route"', async () => {
    await expect(client.rest.get('/no/such/route')).rejects.toMatchObject({ status: 404, message: 'Unknown route' });
    expect(fake.unexpectedRequests().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v10/no/such/route']);
  });

  it('rejects a late initial response with 404 10062 Unknown interaction', async () => {
    const arrived = new Promise<ChatInputCommandInteraction>((resolve) =>
      client.once(Events.InteractionCreate, (i) => i.isChatInputCommand() && resolve(i)),
    );
    const handle = fake.sendInteraction(fake.build.chatInput({ name: 'late' }));
    const interaction = await arrived;
    await new Promise((resolve) => setTimeout(resolve, 350));
    await expect(interaction.reply('too late')).rejects.toMatchObject({ code: 10062, status: 404 });
    expect(handle.events.map((e) => [e.kind, e.accepted])).toEqual([['callback', false]]);
  });
  it('counts the deadline from the snowflake time of an interaction sent already old', async () => {
    const arrived = new Promise<ChatInputCommandInteraction>((resolve) =>
      client.once(Events.InteractionCreate, (i) => i.isChatInputCommand() && resolve(i)),
    );
    const handle = fake.sendInteraction(fake.build.chatInput({ name: 'old' }), { ageMs: 400 });
    const interaction = await arrived;
    expect(Date.now() - interaction.createdTimestamp).toBeGreaterThanOrEqual(400);
    await expect(interaction.reply('already too late')).rejects.toMatchObject({ code: 10062 });
    expect(handle.events.map((e) => [e.kind, e.accepted])).toEqual([['callback', false]]);
  });

  it('can answer a defer it processed with a 500: the retry meets 40060, and the defer stands', async () => {
    const arrived = new Promise<ChatInputCommandInteraction>((resolve) =>
      client.once(Events.InteractionCreate, (i) => i.isChatInputCommand() && resolve(i)),
    );
    const handle = fake.sendInteraction(fake.build.chatInput({ name: 'flaky' }));
    const interaction = await arrived;
    fake.failNext('POST', '/interactions/:id/:token/callback', { status: 500, afterHandling: true });
    await expect(interaction.deferReply()).rejects.toMatchObject({ code: 40060 });
    const callbacks = fake.requests.filter((r) => r.route === `/interactions/${handle.id}/${handle.token}/callback`);
    expect(callbacks.map((r) => [r.status, r.injected])).toEqual([
      [500, true],
      [400, false],
    ]);
    expect(handle.callbacks.map((c) => c.type)).toEqual([InteractionResponseType.DeferredChannelMessageWithSource]);
  });
});

describe('FakeDiscord with shards: 2', () => {
  it('routes each guild to its shard, DMs to shard 0, and refuses an IDENTIFY without the right shard', async () => {
    const fake = new FakeDiscord({ shards: 2, maxConcurrency: 2 });
    const { apiUrl } = await fake.start();
    const clients: Client[] = [];
    try {
      const gatewayBot = (await (await fetch(`${apiUrl}/v10/gateway/bot`, { headers: { Authorization: 'Bot x' } })).json()) as { shards: number };
      expect(gatewayBot.shards).toBe(2);
      expect(fake.ids.guildIds.map((g) => fake.shardOf(g))).toEqual([0, 1]);
      expect(fake.shardOf(undefined)).toBe(0);

      // A client that does not shard is refused with 4011, as Discord does for a bot that must.
      const unsharded = new Client({ intents: INTENTS, rest: { api: apiUrl }, shards: [0], shardCount: 1 });
      clients.push(unsharded);
      const refused = new Promise<number>((resolve) => unsharded.on(Events.ShardDisconnect, (e) => resolve(e.code)));
      void unsharded.login('fake-token').catch(() => undefined);
      expect(await refused).toBe(4011);

      const seen: Array<[number, string | null]> = [];
      for (const shard of [0, 1]) {
        const c = new Client({ intents: INTENTS, partials: [Partials.Channel], rest: { api: apiUrl }, shards: [shard], shardCount: 2 });
        c.on(Events.InteractionCreate, (i) => seen.push([shard, i.guildId]));
        c.on(Events.MessageCreate, (m) => seen.push([shard, m.guildId]));
        clients.push(c);
        await c.login('fake-token');
      }
      await fake.waitForReady({ identifyCount: 2 });
      expect(clients.slice(1).map((c) => [...c.guilds.cache.keys()])).toEqual([[fake.ids.guildIds[0]], [fake.ids.guildIds[1]]]);

      fake.sendInteraction(fake.build.chatInput({ name: 'ask', guild: fake.ids.guildIds[1] }));
      fake.sendInteraction(fake.build.chatInput({ name: 'ask' }));
      fake.sendMessage({ content: 'hello', dm: true });
      await expect.poll(() => seen.length).toBe(3);
      expect(seen).toEqual(expect.arrayContaining([[1, fake.ids.guildIds[1]], [0, fake.ids.guildIds[0]], [0, null]]));
    } finally {
      await Promise.all(clients.map((c) => c.destroy()));
      await fake.stop();
    }
  });
});
