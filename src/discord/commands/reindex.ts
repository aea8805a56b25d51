/** /reindex — admins only: re-read the documents and rebuild the index. */
import {
  ApplicationIntegrationType,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
} from 'discord.js';
import { log } from '../../bootstrap/logger.js';
import { renderReindex } from '../render.js';
import { NO_MENTIONS } from '../respond.js';
import type { SlashCommand } from './types.js';

export const reindex: SlashCommand = {
  type: 'slash',
  costly: false,
  manageServer: { action: 'rebuild the index' },
  data: new SlashCommandBuilder()
    .setName('reindex')
    .setDescription('Re-read the documents and rebuild the index (Manage Server only)')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall),

  async execute(interaction, ctx) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    log.info(`reindex requested by user ${interaction.user.id}`);
    const report = await ctx.engine.reindex();
    log.info(
      `reindexed: ${report.added.length} added, ${report.removed.length} removed, ${report.changed.length} changed, ${report.unchanged} unchanged`,
    );
    await interaction.editReply({ ...renderReindex(report), allowedMentions: NO_MENTIONS });
  },
};
