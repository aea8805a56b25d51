/** /reindex — admins only: re-read the documents and rebuild the index. */
import { MessageFlags } from 'discord.js';
import { log } from '../../bootstrap/logger.js';
import { renderReindex } from '../render.js';
import { NO_MENTIONS } from '../respond.js';
import { manageServerCommand, type SlashCommand } from './types.js';

export const reindex: SlashCommand = {
  type: 'slash',
  costly: false,
  manageServer: { action: 'rebuild the index' },
  data: manageServerCommand('reindex', 'Re-read the documents and rebuild the index (Manage Server only)'),

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
