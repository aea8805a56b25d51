/**
 * /documents add file:<attachment> [replace:true] | remove document:<name> | list — managing the
 * corpus from Discord (Manage Server only). An upload is checked (type, size, readable as a
 * document) before anything is saved; the engine saves it atomically and indexes it incrementally.
 */
import { MessageFlags } from 'discord.js';
import { z } from 'zod';
import { log } from '../../bootstrap/logger.js';
import { safeFileName } from '../../engine/index/corpus-files.js';
import { downloadAttachment } from '../download.js';
import { formatBytes, LIMITS, renderAdded, renderRemoved, renderSources } from '../render.js';
import { NO_MENTIONS, replyEphemeral } from '../respond.js';
import { documentChoices } from './summary.js';
import { manageServerCommand, parseOptions, type SlashCommand } from './types.js';

const removeOptions = z.object({ document: z.string().trim().min(1, 'Name the document to remove.').max(LIMITS.choiceValue) });

export const documents: SlashCommand = {
  type: 'slash',
  costly: false,
  manageServer: { action: 'add or remove documents' },
  data: manageServerCommand('documents', 'Add, remove or list the documents (Manage Server only)')
    .addSubcommand((s) =>
      s
        .setName('add')
        .setDescription('Add a document file (any type the bot reads; others are refused with the list) and index it')
        .addAttachmentOption((o) => o.setName('file').setDescription('The file to add').setRequired(true))
        .addBooleanOption((o) => o.setName('replace').setDescription('Replace a document with the same file name')),
    )
    .addSubcommand((s) =>
      s
        .setName('remove')
        .setDescription('Remove a document from the folder and the index')
        .addStringOption((o) =>
          o.setName('document').setDescription('The document to remove').setRequired(true).setAutocomplete(true).setMaxLength(LIMITS.choiceValue),
        ),
    )
    .addSubcommand((s) => s.setName('list').setDescription('The documents, and the files left out with why')),

  async execute(interaction, ctx) {
    const sub = interaction.options.getSubcommand(true);
    if (sub === 'list') {
      await replyEphemeral(interaction, renderSources(ctx.engine.documents(), ctx.engine.status, { showSkipped: true }));
      return;
    }
    if (sub === 'add') {
      const file = interaction.options.getAttachment('file', true);
      const replace = interaction.options.getBoolean('replace') ?? false;
      // Checked before downloading: the name and type (throws with the reason), and the size Discord reports.
      safeFileName(file.name);
      if (file.size > ctx.uploads.maxBytes) {
        await replyEphemeral(interaction, `${file.name} is ${formatBytes(file.size)}: the limit is ${formatBytes(ctx.uploads.maxBytes)} (DOCUMENTS_MAX_BYTES).`);
        return;
      }
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      log.info(`user ${interaction.user.id} adds document ${file.name} (${file.size} bytes${replace ? ', replace' : ''})`);
      const bytes = await downloadAttachment(file.url, ctx.uploads.maxBytes, ctx.uploads.allowedOrigins);
      const added = await ctx.engine.addDocument(file.name, bytes, { replace });
      log.info(`added ${added.document.id}: ${added.document.sentences} sentences, ${added.report.embedded} text(s) embedded`);
      await interaction.editReply({ content: renderAdded(added), allowedMentions: NO_MENTIONS });
      return;
    }
    const o = parseOptions(removeOptions, { document: interaction.options.getString('document') });
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const removed = await ctx.engine.removeDocument(o.document);
    log.info(`user ${interaction.user.id} removed document ${removed.document.id}`);
    await interaction.editReply({ content: renderRemoved(removed), allowedMentions: NO_MENTIONS });
  },

  async autocomplete(interaction, ctx) {
    const focused = interaction.options.getFocused(true);
    await interaction.respond(focused.name === 'document' ? documentChoices(ctx.engine.documents(), String(focused.value)) : []);
  },
};
