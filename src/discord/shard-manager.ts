/**
 * SHARDS=auto|N (N > 1): discord.js's ShardingManager forks one process per shard, each running
 * src/discord/main.ts with its own engine and gateway connection; this process only supervises.
 *
 * Why ShardingManager and not discord-hybrid-sharding: every shard process opens the whole
 * engine (model + index), so one shard per process is the unit that scales here, and the
 * shards share what must be shared through DATA_DIR (or Postgres) rather than through the
 * manager. Hybrid sharding's clusters (several shards per process) and cross-machine
 * coordination pay off past hundreds of shards; below that they would be one more dependency.
 */
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { REST, Routes, ShardingManager, type APIGatewayBotInfo, type Shard } from 'discord.js';
import type { Config } from '../bootstrap/config.js';
import { UserError } from '../errors.js';
import { log } from '../bootstrap/logger.js';
import { restApiBase } from './client.js';

/** Discord lets each rate-limit bucket of shards IDENTIFY once per 5 s; discord.js waits 5.5 s. */
const IDENTIFY_INTERVAL_MS = 5500;
/** How long shards get to finish what they are doing after SIGTERM (each has its own 15 s limit). */
const STOP_TIMEOUT_MS = 20_000;
/**
 * A hang detector, not a deadline: the first shard builds the index when it is missing or
 * stale (~5 min at 50k chunks on 2 cores). discord.js treats -1 as "do not wait for ready",
 * which would let every shard build the same index at once.
 */
const SHARD_READY_TIMEOUT_MS = 60 * 60_000;

const SHARD_SCRIPT = fileURLToPath(new URL('./main.ts', import.meta.url));

export class ShardingError extends UserError {
  override name = 'ShardingError';
}

export interface GatewayPlan {
  shards: number;
  /** Pause between starting consecutive shards. */
  spawnDelayMs: number;
}

/**
 * Shard count (Discord's recommendation for "auto") and pacing, from GET /gateway/bot: shards
 * i and i + max_concurrency share a bucket, so spacing starts by interval / max_concurrency
 * keeps each bucket to one IDENTIFY per interval.
 */
export async function planShards(config: Pick<Config['discord'], 'apiUrl' | 'shards'>, token: string): Promise<GatewayPlan> {
  // discord.js's own "auto" asks discord.com directly; this honours DISCORD_API_URL.
  const rest = new REST(config.apiUrl ? { api: restApiBase(config.apiUrl) } : {}).setToken(token);
  const info = (await rest.get(Routes.gatewayBot())) as APIGatewayBotInfo;
  const shards = config.shards === 'auto' ? info.shards : config.shards;
  const concurrency = Math.max(1, info.session_start_limit.max_concurrency);
  return { shards, spawnDelayMs: Math.ceil(IDENTIFY_INTERVAL_MS / concurrency) };
}

/** Starts the shards and supervises them until SIGTERM/SIGINT; exits the process. */
export async function runShardManager(config: Config, token: string): Promise<never> {
  const plan = await planShards(config.discord, token);
  const manager = new ShardingManager(SHARD_SCRIPT, {
    totalShards: plan.shards,
    token,
    mode: 'process',
    // The shards run TypeScript like this process does (`node --import tsx`).
    execArgv: process.execArgv,
    // Off until every shard was ready once: a shard that cannot start (bad token) would loop.
    respawn: false,
  });
  let stopping = false;
  const shards = (): Shard[] => [...manager.shards.values()];

  async function stopAll(signal: string, code: number): Promise<never> {
    if (stopping) return new Promise<never>(() => {});
    stopping = true;
    manager.respawn = false;
    log.info(`${signal}: stopping ${manager.shards.size} shard(s)`);
    const timer = setTimeout(() => {
      log.error(`shards still running after ${STOP_TIMEOUT_MS / 1000} s; killing them`);
      for (const s of shards()) s.process?.kill('SIGKILL');
      process.exit(1);
    }, STOP_TIMEOUT_MS);
    timer.unref();
    await Promise.all(
      shards().map(async (s) => {
        const child = s.process;
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
      }),
    );
    log.info('all shards stopped');
    process.exit(code);
  }
  process.on('SIGTERM', () => void stopAll('SIGTERM received', 0));
  process.on('SIGINT', () => void stopAll('SIGINT received', 0));

  manager.on('shardCreate', (shard) => {
    if (stopping) {
      shard.kill();
      return;
    }
    log.info(`starting shard ${shard.id}/${plan.shards}`);
    shard.on('death', (child) => {
      if (stopping) return;
      const code = 'exitCode' in child ? child.exitCode : undefined;
      log.warn(`shard ${shard.id} exited (code ${String(code)})${manager.respawn ? '; restarting it' : ''}`);
    });
  });

  log.info(`sharding: ${plan.shards} shard(s), one process each, ${plan.spawnDelayMs} ms apart`);
  try {
    // One at a time, each ready before the next: only the first one builds a missing index.
    await manager.spawn({ amount: plan.shards, delay: plan.spawnDelayMs, timeout: SHARD_READY_TIMEOUT_MS });
  } catch (err) {
    if (stopping) return new Promise<never>(() => {});
    log.error(`a shard failed to start (its own error is above: ${(err as Error).message}); stopping the others`);
    return stopAll('start failed', 1);
  }
  manager.respawn = true;
  log.info(`all ${plan.shards} shard(s) ready`);
  return new Promise<never>(() => {});
}
