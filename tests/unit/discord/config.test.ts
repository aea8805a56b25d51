/** The Discord part of the configuration (issue 7: DISCORD_API_URL and the token check). */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../src/bootstrap/config.js';

const REAL_SHAPED = 'MTAxMjM0NTY3ODkwMTIzNDU2.GabcDE.abcdefghijklmnopqrstuvwxyz0123456789AB';

function problems(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe('DISCORD_API_URL', () => {
  it('is optional: unset, the bot talks to Discord itself', () => {
    expect(parseConfig({}).discord.apiUrl).toBeUndefined();
    expect(parseConfig({ DISCORD_API_URL: '' }).discord.apiUrl).toBeUndefined();
  });

  it('accepts http and https URLs', () => {
    expect(parseConfig({ DISCORD_API_URL: 'http://127.0.0.1:8080/api' }).discord.apiUrl).toBe('http://127.0.0.1:8080/api');
    expect(parseConfig({ DISCORD_API_URL: 'https://proxy.example.com/api' }).discord.apiUrl).toBe('https://proxy.example.com/api');
  });

  it('rejects other schemes and non-URLs with a message naming the variable', () => {
    for (const bad of ['ws://127.0.0.1:8080/api', 'ftp://example.com', 'not a url', '127.0.0.1:8080']) {
      expect(problems({ DISCORD_API_URL: bad })).toEqual([expect.stringMatching(/^DISCORD_API_URL: DISCORD_API_URL must be an http\(s\) URL/)]);
    }
  });
});

describe('DISCORD_TOKEN', () => {
  it('must look like a bot token against the real API', () => {
    expect(parseConfig({ DISCORD_TOKEN: REAL_SHAPED }).discord.token).toBe(REAL_SHAPED);
    expect(problems({ DISCORD_TOKEN: 'dummy' })).toEqual([expect.stringMatching(/^DISCORD_TOKEN: DISCORD_TOKEN does not look like a bot token/)]);
    expect(problems({ DISCORD_TOKEN: 'dummy', DISCORD_API_URL: 'https://proxy.example.com/api' })).toHaveLength(1);
  });

  it('may be any non-empty value when DISCORD_API_URL points at loopback', () => {
    for (const url of ['http://127.0.0.1:8080/api', 'http://localhost:3000/api', 'http://[::1]:8080/api', 'http://127.1.2.3/api']) {
      expect(parseConfig({ DISCORD_TOKEN: 'dummy', DISCORD_API_URL: url }).discord.token).toBe('dummy');
    }
    expect(problems({ DISCORD_TOKEN: 'dummy', DISCORD_API_URL: 'http://localhost.example.com/api' })).toHaveLength(1);
  });

  it('never echoes the token back in an error', () => {
    const secret = 'my-secret-token-value';
    expect(problems({ DISCORD_TOKEN: secret }).join('\n')).not.toContain(secret);
  });
});

describe('other Discord settings', () => {
  it('parses channel ids, guild id and rate limits', () => {
    const d = parseConfig({
      DISCORD_GUILD_ID: '123456789012345678',
      ASK_CHANNEL_IDS: '123456789012345678, 223456789012345678',
      RATE_LIMIT_PER_MINUTE: '20',
      RATE_LIMIT_BURST: '2',
    }).discord;
    expect(d).toMatchObject({ guildId: '123456789012345678', askChannelIds: ['123456789012345678', '223456789012345678'], rateLimitPerMinute: 20, rateLimitBurst: 2 });
    expect(problems({ ASK_CHANNEL_IDS: '#general' })).toHaveLength(1);
    expect(problems({ RATE_LIMIT_BURST: '0' })).toHaveLength(1);
  });
});

describe('SHARDS', () => {
  it('defaults to 1 (the bot runs in this process) and accepts "auto" or a count', () => {
    expect(parseConfig({}).discord).toMatchObject({ shards: 1, shard: undefined });
    expect(parseConfig({ SHARDS: ' Auto ' }).discord.shards).toBe('auto');
    expect(parseConfig({ SHARDS: '4' }).discord.shards).toBe(4);
  });

  it('rejects anything else with one line naming the variable', () => {
    for (const bad of ['0', '-2', '1.5', 'two', '99999']) {
      expect(problems({ SHARDS: bad })).toEqual([expect.stringMatching(/^SHARDS: SHARDS must be "auto" .* or a whole number from 1 to \d+$/)]);
    }
  });

  it('inside a shard process forked by the ShardingManager, SHARDS is its id and SHARD_COUNT the total', () => {
    expect(parseConfig({ SHARDING_MANAGER: 'true', SHARDS: '1', SHARD_COUNT: '2' }).discord).toMatchObject({ shards: 2, shard: { id: 1, count: 2 } });
    expect(problems({ SHARDING_MANAGER: 'true', SHARDS: '2', SHARD_COUNT: '2' })).toHaveLength(1);
  });
});
