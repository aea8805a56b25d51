/** The client's options and command registration, against the fake Discord. */
import { GatewayIntentBits, REST } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientOptions, intentsFor, restApiBase } from '../../../src/discord/client.js';
import { commandData } from '../../../src/discord/commands/index.js';
import { deployCommands } from '../../../src/discord/deploy-commands.js';
import { setLogLevel } from '../../../src/bootstrap/logger.js';
import { FakeDiscord } from '../../fake-discord/index.js';

setLogLevel('silent');

describe('client options', () => {
  it('asks for minimal intents: MessageContent only with auto-answer channels', () => {
    const base = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];
    expect(intentsFor({ askChannelIds: [] })).toEqual(base);
    expect(intentsFor({ askChannelIds: ['123456789012345678'] })).toEqual([...base, GatewayIntentBits.MessageContent]);
  });

  it('never pings by default and uses DISCORD_API_URL as the REST base', () => {
    expect(clientOptions({ askChannelIds: [], apiUrl: undefined })).toMatchObject({ allowedMentions: { parse: [], repliedUser: false } });
    expect(clientOptions({ askChannelIds: [], apiUrl: undefined }).rest).toBeUndefined();
    expect(clientOptions({ askChannelIds: [], apiUrl: 'http://127.0.0.1:9/api' }).rest).toEqual({ api: 'http://127.0.0.1:9/api' });
    expect(restApiBase('http://127.0.0.1:9/api/')).toBe('http://127.0.0.1:9/api');
    expect(restApiBase('http://127.0.0.1:9/api/v10')).toBe('http://127.0.0.1:9/api');
  });
});

describe('deploy-commands', () => {
  const fake = new FakeDiscord();
  let rest: REST;
  beforeAll(async () => {
    const { apiUrl } = await fake.start();
    rest = new REST({ api: apiUrl }).setToken('fake-token');
  });
  afterAll(() => fake.stop());

  it('registers every command in one server when a guild id is given', async () => {
    const result = await deployCommands(rest, { guildId: fake.ids.guildId });
    expect(result).toEqual({ scope: 'guild', applicationId: fake.ids.applicationId, names: ['ask', 'summary', 'quote', 'sources', 'Find sources', 'reindex', 'documents'] });
    expect(fake.commands.guild.map((c) => [c.name, c.type])).toEqual([
      ['ask', 1],
      ['summary', 1],
      ['quote', 1],
      ['sources', 1],
      ['Find sources', 3],
      ['reindex', 1],
      ['documents', 1],
    ]);
    expect(fake.commands.global).toEqual([]);
  });

  it('registers globally otherwise, replacing the whole list', async () => {
    await deployCommands(rest);
    expect(fake.commands.global.map((c) => c.name)).toEqual(commandData().map((c) => c.name));
    expect(fake.failedRequests()).toEqual([]);
    expect(fake.unexpectedRequests()).toEqual([]);
  });

  it('declares options Discord validates: required first, autocomplete on document, length choices', () => {
    const summary = commandData().find((c) => c.name === 'summary')!;
    expect(summary).toMatchObject({
      options: [
        { name: 'document', type: 3, autocomplete: true, required: false },
        { name: 'topic', type: 3, required: false },
        { name: 'length', type: 3, choices: [{ name: 'short', value: 'short' }, { name: 'medium', value: 'medium' }, { name: 'long', value: 'long' }] },
      ],
      contexts: [0, 1],
    });
    expect(commandData().find((c) => c.name === 'ask')).toMatchObject({
      options: [
        { name: 'question', type: 3, required: true, max_length: 6000 },
        { name: 'private', type: 5, required: false },
      ],
    });
  });
});
