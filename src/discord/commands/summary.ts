/** /summary [document] [topic] [length] — a document, a topic, or (no options) all documents. */
import { ApplicationIntegrationType, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { foldText } from '../../domain/text.js';
import type { DocumentInfo } from '../../engine/engine.js';
import { publish, summarize, type SummaryRequest } from '../answers.js';
import { LIMITS, trimAtWord } from '../render.js';
import { stripControl } from '../input.js';
import { replyWith } from '../respond.js';
import { parseOptions, type SlashCommand } from './types.js';

const LENGTHS = ['short', 'medium', 'long'] as const;
const MAX_TOPIC = 300;

const options = z
  .object({
    document: z.string().trim().max(LIMITS.choiceValue).nullable(),
    topic: z.string().transform(stripControl).pipe(z.string().trim().max(MAX_TOPIC, `Please keep the topic under ${MAX_TOPIC} characters.`)).nullable(),
    length: z.enum(LENGTHS).nullable().transform((v) => v ?? 'medium'),
  })
  .refine((o) => !(o.document && o.topic), { message: 'Choose either a document or a topic, not both.' })
  .transform((o): { request: SummaryRequest; length: (typeof LENGTHS)[number] } => ({
    request: o.document ? { document: o.document } : o.topic ? { topic: o.topic } : { overview: true },
    length: o.length,
  }));

const fold = (s: string) => foldText(s, { accents: true });

/** Documents matching what was typed: title or file name starting with it first, then containing it. */
export function documentChoices(docs: readonly DocumentInfo[], typed: string): { name: string; value: string }[] {
  const q = fold(typed.trim());
  const rank = (d: DocumentInfo): number => {
    if (!q) return 0;
    const title = fold(d.title);
    const id = fold(d.id);
    if (title.startsWith(q) || id.startsWith(q)) return 0;
    if (title.split(/\W+/).some((w) => w.startsWith(q))) return 1;
    if (title.includes(q) || id.includes(q)) return 2;
    return -1;
  };
  return docs
    .map((d) => ({ d, r: rank(d) }))
    .filter((x) => x.r >= 0)
    .sort((a, b) => a.r - b.r || a.d.title.localeCompare(b.d.title))
    .slice(0, 25)
    .map(({ d }) => ({
      name: trimAtWord(`${d.title} (${d.id})`, LIMITS.choiceName),
      // A file name longer than a choice value still resolves: the engine accepts a unique prefix.
      value: d.id.slice(0, LIMITS.choiceValue),
    }));
}

export const summary: SlashCommand = {
  type: 'slash',
  costly: true,
  data: new SlashCommandBuilder()
    .setName('summary')
    .setDescription('Summarise a document or a topic in quotes from the documents (no options: all documents)')
    .addStringOption((o) => o.setName('document').setDescription('The document to summarise').setAutocomplete(true).setMaxLength(LIMITS.choiceValue))
    .addStringOption((o) => o.setName('topic').setDescription('A topic to summarise across the documents').setMaxLength(MAX_TOPIC))
    .addStringOption((o) =>
      o
        .setName('length')
        .setDescription('How long (default: medium)')
        .addChoices({ name: 'short', value: 'short' }, { name: 'medium', value: 'medium' }, { name: 'long', value: 'long' }),
    )
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall),

  async execute(interaction, ctx) {
    const startedAt = Date.now();
    const o = parseOptions(options, {
      document: interaction.options.getString('document'),
      topic: interaction.options.getString('topic'),
      length: interaction.options.getString('length'),
    });
    await replyWith(interaction, async () => await publish(ctx, await summarize(ctx, o.request, o.length, { startedAt })), {
      ephemeral: false,
      admission: ctx.admission,
    });
  },

  async autocomplete(interaction, ctx) {
    const focused = interaction.options.getFocused(true);
    const choices = focused.name === 'document' ? documentChoices(ctx.engine.documents(), String(focused.value)) : [];
    await interaction.respond(choices);
  },
};
