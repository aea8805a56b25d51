/** /quote text:<claim or phrase> — the passages that support a claim, to cite in a discussion. */
import { ApplicationIntegrationType, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { answerClaim, publish } from '../answers.js';
import { textInput } from '../input.js';
import { replyWith } from '../respond.js';
import { MAX_INPUT } from './ask.js';
import { parseOptions, type SlashCommand } from './types.js';

const options = z.object({ text: textInput({ what: 'text', max: MAX_INPUT, empty: 'Please type the claim or phrase to look up.' }) });

export const quote: SlashCommand = {
  type: 'slash',
  costly: true,
  data: new SlashCommandBuilder()
    .setName('quote')
    .setDescription('Find the passages in the documents that support a claim or phrase')
    .addStringOption((o) => o.setName('text').setDescription('The claim or phrase to find sources for').setRequired(true).setMaxLength(MAX_INPUT))
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall),

  async execute(interaction, ctx) {
    const startedAt = Date.now();
    const o = parseOptions(options, { text: interaction.options.getString('text', true) });
    await replyWith(interaction, async () => await publish(ctx, await answerClaim(ctx, o.text, { startedAt })), {
      ephemeral: false,
      admission: ctx.admission,
    });
  },
};
