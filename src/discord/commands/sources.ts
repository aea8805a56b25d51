/** /sources — the documents the bot answers from. */
import { ApplicationIntegrationType, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { renderSources } from '../render.js';
import { replyEphemeral } from '../respond.js';
import type { SlashCommand } from './types.js';

export const sources: SlashCommand = {
  type: 'slash',
  costly: false,
  data: new SlashCommandBuilder()
    .setName('sources')
    .setDescription('List the documents the answers come from')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall),

  async execute(interaction, ctx) {
    // Admins also see which files were left out and why (they can fix them); others just the documents.
    const showSkipped = interaction.inGuild() && interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) === true;
    await replyEphemeral(interaction, renderSources(ctx.engine.documents(), ctx.engine.status, { showSkipped }));
  },
};
