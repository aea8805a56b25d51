/**
 * Sending replies to interactions: one request when the answer is quick, a defer first when it
 * is not, and errors as a short ephemeral message whatever state the interaction is in.
 */
import {
  MessageFlags,
  type InteractionReplyOptions,
  type MessageActionRowComponentBuilder,
  type ActionRowBuilder,
  type EmbedBuilder,
  type RepliableInteraction,
} from 'discord.js';
import { log } from '../bootstrap/logger.js';
import { userMessage } from './errors.js';
import { notice } from './render.js';

/** Every message the bot sends: mentions in it never notify anyone. */
export const NO_MENTIONS = { parse: [] } as const;

export interface Payload {
  content?: string;
  embeds?: EmbedBuilder[];
  components?: ActionRowBuilder<MessageActionRowComponentBuilder>[];
}

/**
 * Runs `work` and replies with its result. If it is still running after `deferAfterMs` (or when
 * the interaction is already old, e.g. replayed after a gateway outage), the reply is deferred
 * first so Discord's 3-second deadline is met, and the result edits the deferred reply in.
 */
export async function replyWith(
  interaction: RepliableInteraction,
  work: () => Promise<Payload> | Payload,
  opts: { ephemeral: boolean; deferAfterMs: number },
): Promise<void> {
  const age = Date.now() - interaction.createdTimestamp;
  // Leave a second of the deadline for the defer request itself.
  const delay = Math.max(0, Math.min(opts.deferAfterMs, 2000 - Math.max(0, age)));
  let deferral: Promise<void> | undefined;
  const timer = setTimeout(() => {
    // Caught at once (the work may still be running). Without the defer, the answer is still
    // sent as a plain reply below, which works if the interaction has not expired yet.
    deferral = interaction
      .deferReply(opts.ephemeral ? { flags: MessageFlags.Ephemeral } : {})
      .then(() => undefined, (err: unknown) => log.warn(`could not defer interaction ${interaction.id}:`, err));
  }, delay);
  let payload: Payload;
  try {
    payload = await work();
  } finally {
    clearTimeout(timer);
    if (deferral) await deferral;
  }
  if (interaction.deferred) {
    await interaction.editReply({ content: payload.content ?? '', embeds: payload.embeds ?? [], components: payload.components ?? [], allowedMentions: NO_MENTIONS });
  } else {
    await interaction.reply({ ...payload, allowedMentions: NO_MENTIONS, ...(opts.ephemeral ? { flags: MessageFlags.Ephemeral } : {}) });
  }
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
  const known = userMessage(err);
  if (known === undefined) log.error(`${what} failed (interaction ${interaction.id}):`, err);
  else log.info(`${what}: ${known.split('\n')[0]}`);
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
