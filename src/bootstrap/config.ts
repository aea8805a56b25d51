/**
 * Every environment variable the project reads, parsed in one place with zod.
 * Front ends call `loadConfigOrExit()`; tests call `parseConfig()` with their own env.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseDatabaseUrl } from '../engine/stores/postgres/url.js';
import { UserError } from '../errors.js';

/** Project root, so relative paths in the env work from any working directory. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const bool = (name: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => ['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', ''].includes(v), {
      message: `${name} must be true or false`,
    })
    .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const int = (name: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { message: `${name} must be a whole number` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { message: `${name} must be between ${min} and ${max}` });

/** A folder, relative to the project root unless absolute. (Default first: zod 4 skips transforms on defaults.) */
const dir = (fallback: string) =>
  z
    .string()
    .trim()
    .min(1)
    .default(fallback)
    .transform((p) => path.resolve(PROJECT_ROOT, p));

const snowflake = /^\d{15,22}$/;
/** Far more than a bot on one machine needs (Discord: one shard per ~1000 guilds, 2500 per shard at most). */
const MAX_SHARDS = 4096;

/**
 * Set by discord.js's ShardingManager in every shard process it forks: SHARDS is then the
 * shard's id (not our "auto|N") and SHARD_COUNT the total.
 */
const shardProcessSchema = z.object({
  SHARDS: z.string().regex(/^\d+$/).transform(Number),
  SHARD_COUNT: z.string().regex(/^\d+$/).transform(Number),
});
const idList = (name: string) =>
  z
    .string()
    .trim()
    .transform((s) => s.split(/[\s,]+/).filter(Boolean))
    .refine((ids) => ids.every((id) => snowflake.test(id)), {
      message: `${name} must be a comma-separated list of Discord channel ids (digits only)`,
    });

/** A bot token is three base64url parts separated by dots; the first decodes to the bot's user id. */
const DISCORD_TOKEN_SHAPE = /^[A-Za-z0-9_-]{17,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}$/;

function isLoopbackUrl(raw: string): boolean {
  try {
    const host = new URL(raw).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

const schema = z
  .object({
    CORPUS_DIR: dir('corpus'),
    INDEX_DIR: dir('index'),
    DATA_DIR: dir('data'),
    MODELS_DIR: dir('models'),
    EMBEDDING_MODEL: z
      .string()
      .trim()
      .regex(/^[\w.-]+\/[\w.-]+$/, { message: 'EMBEDDING_MODEL must look like "org/name", e.g. Xenova/all-MiniLM-L6-v2' })
      .default('Xenova/all-MiniLM-L6-v2'),
    ALLOW_REMOTE_MODELS: bool('ALLOW_REMOTE_MODELS').default(false),
    EMBED_THREADS: int('EMBED_THREADS', 1, 256).optional(),
    EMBED_BATCH_SIZE: int('EMBED_BATCH_SIZE', 1, 1024).default(1),
    EMBED_WORKERS: int('EMBED_WORKERS', 1, 64).optional(),
    DATABASE_URL: z
      .string()
      .trim()
      .superRefine((url, ctx) => {
        try {
          parseDatabaseUrl(url);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message.replace(/^DATABASE_URL /, '') });
        }
      })
      .optional(),
    PG_EF_SEARCH: int('PG_EF_SEARCH', 1, 1000).optional(),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent'], {
      message: 'LOG_LEVEL must be one of debug, info, warn, error, silent',
    }).default('info'),

    DISCORD_TOKEN: z.string().trim().optional(),
    DISCORD_API_URL: z
      .url({ protocol: /^https?$/, message: 'DISCORD_API_URL must be an http(s) URL such as http://127.0.0.1:8080/api' })
      .optional(),
    DISCORD_GUILD_ID: z.string().trim().regex(snowflake, { message: 'DISCORD_GUILD_ID must be a Discord server id (digits only)' }).optional(),
    ASK_CHANNEL_IDS: idList('ASK_CHANNEL_IDS').default([]),
    RATE_LIMIT_PER_MINUTE: int('RATE_LIMIT_PER_MINUTE', 1, 10_000).default(10),
    RATE_LIMIT_BURST: int('RATE_LIMIT_BURST', 1, 10_000).default(5),
    WATCH: bool('WATCH').default(true),
    WATCH_DEBOUNCE_MS: int('WATCH_DEBOUNCE_MS', 0, 600_000).default(1000),
    DOCUMENTS_MAX_BYTES: int('DOCUMENTS_MAX_BYTES', 1, 1024 ** 3).default(10 * 1024 * 1024),
    SHARDS: z
      .string()
      .trim()
      .toLowerCase()
      .default('1')
      .refine((v) => v === 'auto' || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= MAX_SHARDS), {
        message: `SHARDS must be "auto" (as many as Discord recommends) or a whole number from 1 to ${MAX_SHARDS}`,
      })
      .transform((v): number | 'auto' => (v === 'auto' ? 'auto' : Number(v))),
  })
  .superRefine((env, ctx) => {
    const token = env.DISCORD_TOKEN;
    if (!token) return;
    // A local Discord-compatible server (tests, development) accepts any token.
    if (env.DISCORD_API_URL && isLoopbackUrl(env.DISCORD_API_URL)) return;
    if (!DISCORD_TOKEN_SHAPE.test(token)) {
      ctx.addIssue({
        code: 'custom',
        path: ['DISCORD_TOKEN'],
        message:
          'DISCORD_TOKEN does not look like a bot token (three dot-separated parts): copy it from the Bot page of the Discord developer portal',
      });
    }
  });

export type RawEnv = Record<string, string | undefined>;

export interface Config {
  corpusDir: string;
  indexDir: string;
  dataDir: string;
  modelsDir: string;
  embeddingModel: string;
  allowRemoteModels: boolean;
  embedThreads: number;
  embedBatchSize: number;
  /** Worker threads embedding questions for the bot (each with its own ONNX session). */
  embedWorkers: number;
  /**
   * onnxruntime threads per worker: the cores left after the main thread, shared among the
   * workers (≥ 1). More would make each embedding compete with the event loop for its core;
   * the thread count does not change the vectors (checked: identical at 1 and 2 threads).
   */
  embedWorkerThreads: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Bot and chat watch the corpus folder and update the index when files change. */
  watch: boolean;
  /** Quiet time after the last change before updating (editors save in several steps). */
  watchDebounceMs: number;
  /** Largest file `/documents add` accepts. */
  documentsMaxBytes: number;
  /** Postgres (with pgvector) to hold the index and the bot's state; unset = the embedded index and local files. */
  databaseUrl: string | undefined;
  /** pgvector's hnsw.ef_search (unset: the backend's default, 100); measured recall@10 at 1M chunks: 0.739 at 100, 0.952 at 400. */
  pgEfSearch?: number;
  discord: {
    token: string | undefined;
    apiUrl: string | undefined;
    guildId: string | undefined;
    askChannelIds: string[];
    rateLimitPerMinute: number;
    rateLimitBurst: number;
    /** SHARDS: 1 runs the bot in this process; more (or "auto") starts a ShardingManager. */
    shards: number | 'auto';
    /** Set inside a shard process forked by the ShardingManager. */
    shard: { id: number; count: number } | undefined;
  };
}

export class ConfigError extends UserError {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses an environment; empty strings count as unset so `.env.example` can be copied as is. */
export function parseConfig(rawEnv: RawEnv = process.env): Config {
  const env: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = rawEnv[key];
    if (value !== undefined && value.trim() !== '') env[key] = value;
  }
  let shard: Config['discord']['shard'];
  if (rawEnv['SHARDING_MANAGER'] === 'true') {
    const inShard = shardProcessSchema.safeParse(rawEnv);
    if (!inShard.success || inShard.data.SHARDS >= inShard.data.SHARD_COUNT) {
      throw new ConfigError(['SHARDS/SHARD_COUNT: a shard process needs its shard id and count from the sharding manager']);
    }
    shard = { id: inShard.data.SHARDS, count: inShard.data.SHARD_COUNT };
    delete env['SHARDS'];
  }
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    // Never echo values back: DISCORD_TOKEN may be among them.
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'env'}: ${i.message}`));
  }
  const e = parsed.data;
  return {
    corpusDir: e.CORPUS_DIR,
    indexDir: e.INDEX_DIR,
    dataDir: e.DATA_DIR,
    modelsDir: e.MODELS_DIR,
    embeddingModel: e.EMBEDDING_MODEL,
    allowRemoteModels: e.ALLOW_REMOTE_MODELS,
    embedThreads: e.EMBED_THREADS ?? availableParallelism(),
    embedBatchSize: e.EMBED_BATCH_SIZE,
    // One core stays with the main thread (events, retrieval, replies).
    embedWorkers: e.EMBED_WORKERS ?? Math.max(1, availableParallelism() - 1),
    embedWorkerThreads: Math.max(1, Math.floor((availableParallelism() - 1) / (e.EMBED_WORKERS ?? Math.max(1, availableParallelism() - 1)))),
    logLevel: e.LOG_LEVEL,
    watch: e.WATCH,
    watchDebounceMs: e.WATCH_DEBOUNCE_MS,
    documentsMaxBytes: e.DOCUMENTS_MAX_BYTES,
    databaseUrl: e.DATABASE_URL,
    pgEfSearch: e.PG_EF_SEARCH,
    discord: {
      token: e.DISCORD_TOKEN,
      apiUrl: e.DISCORD_API_URL,
      guildId: e.DISCORD_GUILD_ID,
      askChannelIds: e.ASK_CHANNEL_IDS,
      rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
      rateLimitBurst: e.RATE_LIMIT_BURST,
      shards: shard ? shard.count : e.SHARDS,
      shard,
    },
  };
}

/** Reads `.env` from the project root when present (real environment variables win). */
export function loadDotEnv(file = path.join(PROJECT_ROOT, '.env')): void {
  if (!existsSync(file)) return;
  const before = { ...process.env };
  process.loadEnvFile(file);
  Object.assign(process.env, before);
}

/** For front ends: one clear line per problem on stderr, then exit 1. */
export function loadConfigOrExit(): Config {
  try {
    loadDotEnv();
    return parseConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Configuration error (see .env.example):\n`);
      for (const p of err.problems) process.stderr.write(`  ${p}\n`);
      process.exit(1);
    }
    throw err;
  }
}
