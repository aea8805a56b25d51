/**
 * Sending replies to interactions: one request when the answer is quick, a defer first when it
 * is not, and errors as a short ephemeral message whatever state the interaction is in.
 */
import {
  MessageFlags,
  RateLimitError,
  type InteractionReplyOptions,
  type MessageActionRowComponentBuilder,
  type ActionRowBuilder,
  type EmbedBuilder,
  type RepliableInteraction,
} from 'discord.js';
import { log } from '../bootstrap/logger.js';
import type { Admission } from './admission.js';
import { ageOf, isAlreadyAcknowledged, isUnknownInteraction } from './discord-errors.js';
import { userMessage } from './errors.js';
import { notice } from './render.js';

/** Every message the bot sends: mentions in it never notify anyone. */
export const NO_MENTIONS = { parse: [] } as const;

export interface Payload {
  content?: string;
  embeds?: EmbedBuilder[];
  components?: ActionRowBuilder<MessageActionRowComponentBuilder>[];
}

export function busyText(retryAfterS: number): string {
  return `I'm answering a lot of questions right now: please try again in ${retryAfterS} second${retryAfterS === 1 ? '' : 's'}.`;
}

/** Interactions Discord no longer knows (10062): nothing more can be sent for them. */
const expired = new WeakSet<RepliableInteraction>();

/** Logs a 10062 as what it is (a missed deadline, not a bug), with the interaction's age. */
export function logExpired(interaction: RepliableInteraction, what: string): void {
  expired.add(interaction);
  log.warn(`interaction ${interaction.id} expired before the ${what} reached Discord (10062; ${ageOf(interaction.id)} ms old)`);
}

/**
 * Sends a defer ("thinking…"). A 40060 means an earlier attempt went through (Discord answered
 * it with a 5xx and discord.js retried): the interaction is acknowledged, so it is marked so and
 * the answer is edited in as after any defer.
 */
async function acknowledge(interaction: RepliableInteraction, ephemeral: boolean): Promise<void> {
  if (interaction.deferred || interaction.replied || expired.has(interaction)) return;
  try {
    await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  } catch (err) {
    if (isAlreadyAcknowledged(err)) {
      // discord.js only sets these on success; the defer we sent is the one Discord kept.
      interaction.deferred = true;
      interaction.ephemeral = ephemeral;
      log.info(`defer of interaction ${interaction.id} was already acknowledged (40060 after a failed attempt): editing the reply`);
    } else if (isUnknownInteraction(err)) {
      logExpired(interaction, 'defer');
    } else {
      // Without the defer, the answer is still sent as a plain reply, which works if the
      // interaction has not expired yet.
      log.warn(`could not defer interaction ${interaction.id}:`, err);
    }
  }
}

async function sendPayload(interaction: RepliableInteraction, payload: Payload, ephemeral: boolean): Promise<void> {
  if (expired.has(interaction)) return;
  if (interaction.deferred) {
    await interaction.editReply({ content: payload.content ?? '', embeds: payload.embeds ?? [], components: payload.components ?? [], allowedMentions: NO_MENTIONS });
    return;
  }
  try {
    await interaction.reply({ ...payload, allowedMentions: NO_MENTIONS, ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) });
  } catch (err) {
    if (isAlreadyAcknowledged(err)) {
      // The reply itself went through on an attempt whose response was lost.
      interaction.replied = true;
      log.info(`reply to interaction ${interaction.id} was already acknowledged (40060 after a failed attempt)`);
    } else if (err instanceof RateLimitError) {
      // Waiting out this 429 would miss the deadline (see rejectLateCallbacks): defer, then edit.
      log.warn(`reply to interaction ${interaction.id} rate limited for ${err.retryAfter} ms: deferring instead`);
      await acknowledge(interaction, ephemeral);
      if (interaction.deferred) await sendPayload(interaction, payload, ephemeral);
    } else if (isUnknownInteraction(err)) {
      logExpired(interaction, 'reply');
    } else {
      throw err;
    }
  }
}

/**
 * Runs costly `work` through admission control and replies with its result. The interaction is
 * acknowledged in time whatever the load: deferred at once when the work has to wait for a slot
 * or the interaction is already old; otherwise the work runs at once and is answered in one
 * request, with a defer as safety net if it runs long. When the queue is full, the user is told
 * when to try again instead.
 */
export async function replyWith(
  interaction: RepliableInteraction,
  work: () => Promise<Payload> | Payload,
  opts: { ephemeral: boolean; admission: Admission },
): Promise<void> {
  const { admission } = opts;
  const profile = admission.profile;
  const admit = admission.check();
  if (!admit.ok) {
    log.info(`busy: refused interaction ${interaction.id} (${admission.waiting} waiting)`);
    await admission.acknowledging(replyEphemeral(interaction, busyText(admit.retryAfterS)));
    return;
  }
  const age = ageOf(interaction.id);
  let deferral: Promise<void> | undefined;
  const deferNow = () => {
    deferral ??= admission.acknowledging(acknowledge(interaction, opts.ephemeral));
  };
  let timer: NodeJS.Timeout | undefined;
  if (admit.wait || age >= profile.deferIfOlderThanMs) deferNow();
  else timer = setTimeout(deferNow, Math.max(0, Math.min(profile.deferAfterMs, profile.deadlineMs - profile.requestMarginMs - age)));
  const key = interaction.guildId ?? `dm:${interaction.user.id}`;
  let payload: Payload | undefined;
  try {
    // Nothing is computed for an interaction Discord has already dropped.
    payload = await admission.run(key, async () => (expired.has(interaction) ? undefined : work()), deferral ? { after: deferral } : {});
  } finally {
    clearTimeout(timer);
    if (deferral) await deferral;
  }
  if (payload) await sendPayload(interaction, payload, opts.ephemeral);
}

/** A reply only the user sees, sent right away (no work to wait for). */
export async function replyEphemeral(interaction: RepliableInteraction, payload: Payload | string): Promise<void> {
  const body: InteractionReplyOptions = typeof payload === 'string' ? { content: notice(payload) } : { ...payload };
  await interaction.reply({ ...body, allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
}

const GENERIC = 'Sorry, something went wrong while answering. It has been logged; please try again in a moment.';

/**
 * Tells the user that their request failed, as an ephemeral message, and logs it. A public
 * "thinking…" placeholder is removed so the error is not left for the whole channel to see.
 */
export async function replyWithError(interaction: RepliableInteraction, err: unknown, what: string): Promise<void> {
  if (isUnknownInteraction(err)) {
    if (!expired.has(interaction)) logExpired(interaction, `response to ${what}`);
    return;
  }
  const known = userMessage(err);
  if (known === undefined) log.error(`${what} failed (interaction ${interaction.id}):`, err);
  else log.info(`${what}: ${known.split('\n')[0]}`);
  if (expired.has(interaction)) return;
  const content = notice(known ?? GENERIC);
  try {
    if (interaction.deferred && !interaction.replied) {
      if (interaction.ephemeral) {
        await interaction.editReply({ content, embeds: [], components: [], allowedMentions: NO_MENTIONS });
        return;
      }
      await interaction.deleteReply().catch(() => undefined);
      await interaction.followUp({ content, allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
    } else if (interaction.replied) {
      await interaction.followUp({ content, allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
    } else {
      await interaction.reply({ content, allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
    }
  } catch (sendErr) {
    // The interaction may have expired (10062) or Discord is unreachable: the log is all we have.
    log.warn(`could not tell the user about the failure of ${what} (interaction ${interaction.id}):`, sendErr);
  }
}
