/**
 * npm start: opens (or builds) the index, logs in to Discord and answers until SIGTERM/SIGINT,
 * then logs out cleanly (in-flight answers finish, files are flushed) and exits 0.
 */
import { describeError, openEngine } from '../bootstrap/open-engine.js';
import { loadConfigOrExit } from '../bootstrap/config.js';
import { log, registerSecret, setLogContext, setLogLevel } from '../bootstrap/logger.js';
import type { CorpusWatcher } from '../bootstrap/watch.js';
import type { Bot } from './bot.js';

const config = loadConfigOrExit();
setLogLevel(config.logLevel);
const token = config.discord.token;
if (!token) {
  process.stderr.write(
    'DISCORD_TOKEN is not set: add your bot token to .env (see .env.example), or try the bot locally without Discord with `npm run chat`.\n',
  );
  process.exit(1);
}
registerSecret(token);

// Loaded once the configuration is known to be usable: a missing token or a bad variable gets its one line without
// first paying for discord.js, the model runtime and the state backends (seconds on a small machine).
const [{ DiscordjsErrorCodes, GatewayCloseCodes }, { watchCorpus }, { OnnxPoolEmbedder }, { createBot, GatewayRefusedError }, { openBotState }] =
  await Promise.all([
    import('discord.js'),
    import('../bootstrap/watch.js'),
    import('../engine/embedders/onnx-pool.js'),
    import('./bot.js'),
    import('./state/index.js'),
  ]);

const { shard, shards } = config.discord;
if (shard) setLogContext(`shard ${shard.id}/${shard.count}`);
else if (shards !== 1) {
  // SHARDS=auto|N: this process becomes the supervisor and never reaches the code below.
  const { runShardManager } = await import('./shard-manager.js');
  await runShardManager(config, token).catch((err: unknown) => {
    log.error(loginProblem(err));
    process.exit(1);
  });
}

process.on('unhandledRejection', (err) => log.error('unhandled rejection (a bug):', err));

let bot: Bot | undefined;
let watcher: CorpusWatcher | undefined;
// Questions are embedded in worker threads so the event loop stays free to acknowledge interactions.
const pool = new OnnxPoolEmbedder({
  modelsDir: config.modelsDir,
  modelId: config.embeddingModel,
  allowRemote: config.allowRemoteModels,
  threads: config.embedWorkerThreads,
  batchSize: config.embedBatchSize,
  workers: config.embedWorkers,
});
let starting: Promise<unknown> = Promise.resolve();
let stopping = false;

async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info(`${signal} received: shutting down`);
  // If something hangs (a stuck request), still exit rather than ignore the signal.
  setTimeout(() => {
    log.error('shutdown took over 15 s; exiting anyway');
    process.exit(1);
  }, 15_000).unref();
  // Let an index build or login in progress finish, so no half-written index is left behind.
  await starting.catch(() => undefined);
  await watcher?.close();
  await bot?.stop();
  await pool.close();
  log.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
// A shard whose manager is gone (its IPC channel closed) would otherwise run unsupervised.
if (shard) process.on('disconnect', () => void shutdown('sharding manager gone'));

/** One line a user can act on for the failures that are theirs to fix. */
function loginProblem(err: unknown): string {
  // discord.js errors carry a string `code`; anything else simply has none.
  const code = typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
  const status = typeof err === 'object' && err !== null && 'status' in err ? err.status : undefined;
  if (code === DiscordjsErrorCodes.TokenInvalid || status === 401) {
    return 'Discord rejected DISCORD_TOKEN: copy a fresh token from the Bot page of the developer portal.';
  }
  if (err instanceof GatewayRefusedError && err.code === GatewayCloseCodes.DisallowedIntents) {
    return 'Discord refused the Message Content intent: enable it on the Bot page of the developer portal (Privileged Gateway Intents), or leave ASK_CHANNEL_IDS empty.';
  }
  if (err instanceof GatewayRefusedError && err.code === GatewayCloseCodes.AuthenticationFailed) {
    return 'Discord rejected DISCORD_TOKEN: copy a fresh token from the Bot page of the developer portal.';
  }
  return `could not start the bot: ${describeError(err)}`;
}

try {
  const run = (async () => {
    // Reindexes (/reindex, uploads, the watcher) embed in the pool too: the bot keeps answering meanwhile.
    const [engine] = await Promise.all([openEngine(config, { queryEmbedder: pool, reindexEmbedder: pool }), pool.load()]);
    if (stopping) return;
    const state = await openBotState(config);
    log.info(`bot state: ${state.where}`);
    if (stopping) return void (await state.close());
    bot = createBot({ config, engine, state });
    await bot.start(token);
    if (config.watch && !stopping) {
      watcher = watchCorpus(config.corpusDir, engine, { debounceMs: config.watchDebounceMs });
      await watcher.ready;
      log.info(`watching ${config.corpusDir} for changes (WATCH=false to turn off)`);
    }
  })();
  starting = run;
  await run;
} catch (err) {
  if (!stopping) {
    log.error(loginProblem(err));
    await bot?.client.destroy();
    await pool.close();
    process.exit(1);
  }
}
