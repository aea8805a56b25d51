/**
 * The bot: a discord.js client wired to the handlers. `main.ts` runs it as a process; tests run
 * it in-process against the fake Discord.
 */
import { Events, GatewayCloseCodes, type Client } from 'discord.js';
import type { Config } from '../bootstrap/config.js';
import { UserError } from '../errors.js';
import { log } from '../bootstrap/logger.js';
import { Admission } from './admission.js';
import { createClient } from './client.js';
import type { BotContext, BotEngine } from './context.js';
import { DISCORD_CDN_ORIGINS } from './download.js';
import { handleInteraction } from './interactions.js';
import { loadProfile, type LoadProfile } from './load-profile.js';
import { handleMessage, newMessageState } from './messages.js';
import { localBotState } from './state/index.js';
import type { BotState } from './state/types.js';

/** Gateway close codes after which discord.js gives up (and so does the bot). */
const FATAL_CLOSE_CODES = new Map<number, string>([
  [GatewayCloseCodes.AuthenticationFailed, 'Discord rejected DISCORD_TOKEN'],
  [GatewayCloseCodes.InvalidIntents, 'Discord rejected the requested intents'],
  [GatewayCloseCodes.DisallowedIntents, 'Discord refused a privileged intent that is not enabled for the application'],
  [GatewayCloseCodes.InvalidAPIVersion, 'the API does not support gateway version 10'],
  [GatewayCloseCodes.ShardingRequired, 'Discord requires sharding for this bot'],
]);

export class GatewayRefusedError extends UserError {
  override name = 'GatewayRefusedError';
  constructor(readonly code: number) {
    super(`${FATAL_CLOSE_CODES.get(code) ?? 'the gateway refused the connection'} (close code ${code})`);
  }
}

export interface BotOptions {
  config: Pick<Config, 'dataDir' | 'discord' | 'documentsMaxBytes'>;
  engine: BotEngine;
  /** Answers, votes and rate limits; files and memory under DATA_DIR when not given. */
  state?: BotState;
  /** Admission-control thresholds replacing the defaults (see load-profile.ts). */
  load?: Partial<LoadProfile>;
}

export interface Bot {
  readonly client: Client;
  readonly ctx: BotContext;
  /** Logs in and resolves once the client is ready (guilds loaded). */
  start(token: string): Promise<void>;
  /** Stops taking events, lets handlers in flight finish (bounded), logs out, flushes files. */
  stop(opts?: { graceMs?: number }): Promise<void>;
}

export function createBot(opts: BotOptions): Bot {
  const { config, engine } = opts;
  const profile = loadProfile(opts.load);
  const client = createClient(config.discord, profile);
  const state = opts.state ?? localBotState(config);
  const ctx: BotContext = {
    engine,
    archive: state.answers,
    feedback: state.feedback,
    limiter: state.limiter,
    askChannelIds: new Set(config.discord.askChannelIds),
    admission: new Admission(profile),
    uploads: {
      maxBytes: config.documentsMaxBytes,
      allowedOrigins: new Set([...DISCORD_CDN_ORIGINS, ...(config.discord.apiUrl ? [new URL(config.discord.apiUrl).origin] : [])]),
    },
  };
  const messageState = newMessageState();
  const inFlight = new Set<Promise<void>>();
  let accepting = true;
  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  client.on(Events.InteractionCreate, (interaction) => {
    if (accepting) track(handleInteraction(interaction, ctx));
  });
  client.on(Events.MessageCreate, (message) => {
    if (accepting) track(handleMessage(message, ctx, messageState));
  });
  client.once(Events.ClientReady, (c) => {
    log.info(`ready: logged in as ${c.user.tag} in ${c.guilds.cache.size} guild(s); answering from ${engine.status.documents} document(s)`);
  });
  client.on(Events.Error, (err) => log.error('Discord client error:', err));
  client.on(Events.Warn, (message) => log.warn(`Discord: ${message}`));
  // While stopping, disconnects are ours: not worth a warning.
  client.on(Events.ShardDisconnect, (event) => accepting && log.warn(`gateway disconnected (code ${event.code})`));
  client.on(Events.ShardReconnecting, () => accepting && log.info('gateway reconnecting…'));
  client.on(Events.ShardResume, (_id, replayed) => log.info(`gateway resumed (${replayed} event(s) replayed)`));
  client.rest.on('rateLimited', (info) => log.warn(`Discord rate limit on ${info.method} ${info.route}: retrying in ${info.retryAfter} ms`));

  return {
    client,
    ctx,
    async start(token) {
      // discord.js does not reject login when the gateway refuses the session (bad token,
      // privileged intent not enabled): it reports a disconnect that will not be retried.
      let onDisconnect: ((event: { code: number }) => void) | undefined;
      const ready = new Promise<void>((resolve, reject) => {
        client.once(Events.ClientReady, () => resolve());
        onDisconnect = (event) => {
          if (FATAL_CLOSE_CODES.has(event.code)) reject(new GatewayRefusedError(event.code));
        };
        client.on(Events.ShardDisconnect, onDisconnect);
      });
      // The refusal may come while login() is still pending; it is awaited below.
      ready.catch(() => undefined);
      void ctx.archive.prune().then((n) => n > 0 && log.info(`pruned ${n} expired answer(s)`));
      try {
        await client.login(token);
        await ready;
      } finally {
        if (onDisconnect) client.off(Events.ShardDisconnect, onDisconnect);
      }
    },
    async stop({ graceMs = 5000 } = {}) {
      accepting = false;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...inFlight]),
        new Promise((resolve) => (timer = setTimeout(resolve, graceMs))),
      ]);
      clearTimeout(timer);
      await client.destroy();
      await Promise.all([ctx.archive.flush(), ctx.feedback.flush()]);
      await state.close();
    },
  };
}
