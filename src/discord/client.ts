/** The discord.js client: minimal intents, no mentions by default, optional REST base URL. */
import { Client, GatewayIntentBits, Partials, type ClientOptions } from 'discord.js';
import type { Config } from '../bootstrap/config.js';
import { log } from '../bootstrap/logger.js';
import { rejectLateCallbacks } from './discord-errors.js';
import type { LoadProfile } from './load-profile.js';

export type DiscordConfig = Config['discord'];

/**
 * Guilds (commands, channel cache), GuildMessages (mentions and replies, whose content Discord
 * delivers without the privileged intent) and DirectMessages. MessageContent is privileged and
 * only needed to read messages that do not mention the bot: auto-answer channels.
 */
export function intentsFor(config: Pick<DiscordConfig, 'askChannelIds'>): GatewayIntentBits[] {
  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];
  if (config.askChannelIds.length > 0) intents.push(GatewayIntentBits.MessageContent);
  return intents;
}

/**
 * discord.js appends the API version itself; a base given with it (…/api/v10) would end up
 * as …/api/v10/v10, so it is cut off here.
 */
export function restApiBase(apiUrl: string): string {
  const trimmed = apiUrl.replace(/\/+$/, '');
  const unversioned = trimmed.replace(/\/v\d+$/, '');
  if (unversioned !== trimmed) log.warn(`DISCORD_API_URL should not include the API version; using ${unversioned}`);
  return unversioned;
}

export function clientOptions(config: Pick<DiscordConfig, 'askChannelIds' | 'apiUrl'>, profile?: Pick<LoadProfile, 'deadlineMs' | 'requestMarginMs'>): ClientOptions {
  return {
    intents: intentsFor(config),
    // Discord sends no CHANNEL_CREATE for DM channels: without this partial, DMs are dropped.
    partials: [Partials.Channel],
    // Every message also sets this itself; the default is the safety net.
    allowedMentions: { parse: [], repliedUser: false },
    ...(config.apiUrl || profile
      ? {
          rest: {
            ...(config.apiUrl ? { api: restApiBase(config.apiUrl) } : {}),
            // A 429 on a first response is not waited out past the deadline; the bot defers instead.
            ...(profile ? { rejectOnRateLimit: rejectLateCallbacks(profile) } : {}),
          },
        }
      : {}),
  };
}

export function createClient(config: Pick<DiscordConfig, 'askChannelIds' | 'apiUrl'>, profile?: Pick<LoadProfile, 'deadlineMs' | 'requestMarginMs'>): Client {
  return new Client(clientOptions(config, profile));
}
