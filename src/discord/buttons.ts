/**
 * "More sources" and 👍 / 👎. Buttons carry only an answer id; the answer itself comes from the
 * answer store, so buttons on old messages work after a restart, or say clearly that they expired.
 */
import type { ButtonInteraction } from 'discord.js';
import { log } from '../bootstrap/logger.js';
import type { BotContext } from './context.js';
import { parseCustomId } from './custom-id.js';
import { pageCount, renderRecord } from './render.js';
import { replyEphemeral } from './respond.js';

export const EXPIRED =
  'This button has expired: the answer it belongs to is no longer stored. Ask again with `/ask` (or mention me) for a fresh answer.';

export async function handleButton(interaction: ButtonInteraction, ctx: BotContext): Promise<void> {
  const action = parseCustomId(interaction.customId);
  const record = action ? await ctx.archive.get(action.answerId) : undefined;
  if (!action || !record) {
    await replyEphemeral(interaction, EXPIRED);
    return;
  }
  if (action.action === 'more') {
    if (action.page >= pageCount(record)) {
      await replyEphemeral(interaction, 'There are no more sources for this answer.');
      return;
    }
    // Only the person who clicked sees the next page, so nobody's answer changes under them.
    await replyEphemeral(interaction, renderRecord(record, action.page, { buttons: 'more' }));
    return;
  }
  await ctx.feedback.record(record, action.vote, interaction.user.id);
  log.info(`feedback ${action.vote} on answer ${record.id}`);
  await replyEphemeral(interaction, `Thanks! Your ${action.vote === 'up' ? '👍' : '👎'} on this answer was recorded.`);
}
