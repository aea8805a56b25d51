import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, PROJECT_ROOT } from '../../../src/bootstrap/config.js';

const problems = (env: Record<string, string>) => {
  try {
    parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('config', () => {
  it('has sensible defaults relative to the project root', () => {
    const c = parseConfig({});
    expect(c.corpusDir).toBe(path.join(PROJECT_ROOT, 'corpus'));
    expect(c.indexDir).toBe(path.join(PROJECT_ROOT, 'index'));
    expect(c.embeddingModel).toBe('Xenova/all-MiniLM-L6-v2');
    expect(c.allowRemoteModels).toBe(false);
    expect(c.embedBatchSize).toBe(1);
    expect(c.embedThreads).toBeGreaterThan(0);
    expect(c.discord.askChannelIds).toEqual([]);
    expect(c.watch).toBe(true);
    expect(c.watchDebounceMs).toBe(1000);
    expect(c.documentsMaxBytes).toBe(10 * 1024 * 1024);
    expect(parseConfig({ WATCH: 'false', DOCUMENTS_MAX_BYTES: '2048' })).toMatchObject({ watch: false, documentsMaxBytes: 2048 });
    // pgvector's own default (Database.open's) applies unless PG_EF_SEARCH says otherwise.
    expect(c.pgEfSearch).toBeUndefined();
    expect(parseConfig({ PG_EF_SEARCH: '400' }).pgEfSearch).toBe(400);
    expect(problems({ PG_EF_SEARCH: '0' }).join('\n')).toMatch(/PG_EF_SEARCH/);
  });

  it('treats empty values as unset, so .env.example can be copied as is', () => {
    expect(parseConfig({ EMBED_THREADS: '', DISCORD_TOKEN: '', ASK_CHANNEL_IDS: '' }).discord.token).toBeUndefined();
  });

  it('reports one line per problem, naming the variable', () => {
    const p = problems({ EMBED_THREADS: 'two', ALLOW_REMOTE_MODELS: 'maybe', ASK_CHANNEL_IDS: '123,abc', EMBEDDING_MODEL: 'no-slash' });
    expect(p).toHaveLength(4);
    expect(p.join('\n')).toMatch(/^EMBED_THREADS: .*whole number$/m);
    expect(p.join('\n')).toMatch(/^ALLOW_REMOTE_MODELS: .*true or false$/m);
    expect(p.join('\n')).toMatch(/^ASK_CHANNEL_IDS: /m);
    expect(p.join('\n')).toMatch(/^EMBEDDING_MODEL: /m);
  });

  it('never echoes a bad token back', () => {
    const token = 'not-a-token-but-secret-looking-value';
    const p = problems({ DISCORD_TOKEN: token });
    expect(p.join('\n')).toMatch(/DISCORD_TOKEN does not look like a bot token/);
    expect(p.join('\n')).not.toContain(token);
  });

  it('accepts any token against a loopback API, and checks its shape against any other', () => {
    expect(parseConfig({ DISCORD_TOKEN: 'dummy', DISCORD_API_URL: 'http://127.0.0.1:8080/api' }).discord.token).toBe('dummy');
    expect(parseConfig({ DISCORD_TOKEN: 'dummy', DISCORD_API_URL: 'http://localhost:9/api' }).discord.apiUrl).toBe('http://localhost:9/api');
    expect(problems({ DISCORD_TOKEN: 'dummy', DISCORD_API_URL: 'https://proxy.example.com/api' })[0]).toMatch(/DISCORD_TOKEN/);
    expect(problems({ DISCORD_API_URL: 'ftp://127.0.0.1/api' })[0]).toMatch(/DISCORD_API_URL must be an http\(s\) URL/);
  });
});
