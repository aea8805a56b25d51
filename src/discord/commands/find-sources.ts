/** Message context menu "Find sources": /quote on the selected message's text. */
import { ApplicationCommandType, ApplicationIntegrationType, ContextMenuCommandBuilder, InteractionContextType } from 'discord.js';
import { answerClaim, publish } from '../answers.js';
import { UserError } from '../errors.js';
import { stripControl } from '../input.js';
import { replyWith } from '../respond.js';
import type { MessageCommand } from './types.js';

export const findSources: MessageCommand = {
  type: 'message',
  costly: true,
  data: new ContextMenuCommandBuilder()
    .setName('Find sources')
    .setType(ApplicationCommandType.Message)
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall),

  async execute(interaction, ctx) {
    const startedAt = Date.now();
    const target = interaction.targetMessage;
    // Interactions carry the target's content even without the Message Content intent.
    const text = stripControl(target.content).trim();
    if (!text) throw new UserError('That message has no text to look up: "Find sources" searches for the words of a message.');
    await replyWith(interaction, async () => await publish(ctx, await answerClaim(ctx, text, { startedAt, sourceUrl: target.url })), {
      ephemeral: false,
      admission: ctx.admission,
    });
  },
};
