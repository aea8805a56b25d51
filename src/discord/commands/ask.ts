/** /ask question:<text> [private:<bool>] */
import { ApplicationIntegrationType, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { answerQuestion, publish } from '../answers.js';
import { textInput } from '../input.js';
import { replyWith } from '../respond.js';
import { parseOptions, type SlashCommand } from './types.js';

/** Discord's own maximum for a string option. */
export const MAX_INPUT = 6000;

const options = z.object({
  question: textInput({ what: 'question', max: MAX_INPUT, empty: 'Please type a question.' }),
  private: z.boolean().nullable().transform((v) => v ?? false),
});

export const ask: SlashCommand = {
  type: 'slash',
  costly: true,
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask a question; the answer quotes the documents word for word, with sources')
    .addStringOption((o) => o.setName('question').setDescription('What do you want to know?').setRequired(true).setMaxLength(MAX_INPUT))
    .addBooleanOption((o) => o.setName('private').setDescription('Show the answer only to you'))
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall),

  async execute(interaction, ctx) {
    const startedAt = Date.now();
    const o = parseOptions(options, {
      question: interaction.options.getString('question', true),
      private: interaction.options.getBoolean('private'),
    });
    await replyWith(interaction, async () => await publish(ctx, await answerQuestion(ctx, o.question, { startedAt })), {
      ephemeral: o.private,
      admission: ctx.admission,
    });
  },
};
