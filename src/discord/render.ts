/**
 * Everything the bot shows, as pure functions: embeds for answers, summaries, the document list
 * and reindex reports, within Discord's limits, with user and document text escaped so that it
 * can neither format the message nor ping anyone.
 */
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  Colors,
  EmbedBuilder,
  escapeMarkdown,
  type APIEmbed,
} from 'discord.js';
import type { AddedDocument, DocumentInfo, IndexStatus, ReindexReport } from '../engine/engine.js';
import { citationHeading, citationRef, hasLocation, paragraphLabel, shownQuote } from '../domain/citation.js';
import type { AnswerRecord, ShownCitation } from './answer-record.js';
import { customId } from './custom-id.js';
import { stripControl } from './input.js';

/** Discord's limits (counted here in UTF-16 units, which is never fewer than Discord's code points). */
export const LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footer: 2048,
  embedTotal: 6000,
  choiceName: 100,
  choiceValue: 100,
} as const;

/** One palette for every command, so results look alike wherever they come from. */
export const COLORS = {
  result: Colors.Blurple,
  empty: Colors.Greyple,
  admin: Colors.DarkGreen,
  /** Passages that may help but do not answer the question. */
  related: Colors.Yellow,
} as const;

/** Longest heading made from user text; long questions read better cut short. */
export const TITLE_CHARS = 200;

/** Citations per page: answers hold at most three; summaries read better in chunks of five. */
export const PAGE_SIZE: Record<AnswerRecord['kind'], number> = { ask: 3, quote: 3, summary: 5 };

const ZWSP = '\u200b';

/**
 * Breaks mention syntax with a zero-width space: `@everyone`, `@here`, `<@id>`, `<@!id>` and
 * `<@&id>` then show as typed but can never notify anyone, even if allowed_mentions were lost.
 */
export function escapeMentions(text: string): string {
  return text.replace(/@(everyone|here)/g, `@${ZWSP}$1`).replace(/<@([!&]?)(\d+)>/g, `<@${ZWSP}$1$2>`);
}

/** Shows text as typed: markdown characters escaped (backslashes are invisible), mentions broken. */
export function escapeText(text: string): string {
  return escapeMentions(
    escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true, maskedLink: true }),
  );
}

/**
 * Cuts `text` to at most `max` characters at a word boundary and appends "…". Never leaves half
 * a surrogate pair; falls back to a hard cut for a single enormous word.
 */
export function trimAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return max === 1 ? '…' : '';
  let cut = text.slice(0, max - 1);
  // Unless the cut already falls between two words, step back to the last whole word; a
  // boundary far back would throw away most of the room, and a hard cut reads better then.
  const atBoundary = /\s/.test(text.charAt(cut.length));
  const space = atBoundary ? -1 : cut.search(/\s\S*$/);
  if (space > max * 0.5) cut = cut.slice(0, space);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.replace(/[\s,;:–—-]+$/u, '')}…`;
}

/**
 * The longest word-boundary cut of `raw` whose rendering (`render(cut)`, e.g. escaped text)
 * fits in `max`. Escaping adds characters, so the cut is made on the raw text and checked after.
 */
export function fitRendered(raw: string, max: number, render: (s: string) => string = escapeText): string {
  let out = render(raw);
  let room = raw.length;
  while (out.length > max && room > 0) {
    room = Math.min(room - 1, room - (out.length - max));
    out = render(trimAtWord(raw, Math.max(room, 0)));
  }
  return out.length <= max ? out : '';
}

/** Everything Discord counts toward an embed's 6000 characters. */
export function embedLength(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.author?.name.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

export function formatElapsed(ms: number): string {
  return ms < 1000 ? `${Math.max(0, Math.round(ms))} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** File names go in inline code; a backtick would end it early. */
function fileName(id: string): string {
  return `\`${id.replace(/`/g, 'ˋ')}\``;
}

export function pageCount(record: AnswerRecord): number {
  return Math.max(1, Math.ceil(record.citations.length / PAGE_SIZE[record.kind]));
}

/** Lines of a sources list, one per document, each citation marker with its paragraph. */
function sourceLines(citations: readonly ShownCitation[], firstNumber: number): string[] {
  const groups = new Map<string, { title: string; refs: string[] }>();
  const located: string[] = [];
  citations.forEach((c, i) => {
    if (hasLocation(c)) {
      // "Title › Section, p. 12 (`file.md:120–124`)": one line per quote, since each has its own place.
      located.push(`**[${firstNumber + i}]** ${fitRendered(citationHeading(c), 150)} (${fileName(citationRef(c))})`);
      return;
    }
    const group = groups.get(c.document) ?? { title: c.title, refs: [] };
    group.refs.push(`**[${firstNumber + i}]** ¶${paragraphLabel(c)}`);
    groups.set(c.document, group);
  });
  return [...located, ...[...groups].map(([doc, g]) => `${g.refs.join(' · ')} — ${fitRendered(g.title, 90)} (${fileName(doc)})`)];
}

/** Packs lines into as few field values of at most 1024 characters as possible. */
function packLines(lines: readonly string[], max: number = LIMITS.fieldValue): string[] {
  const values: string[] = [];
  let current = '';
  for (const raw of lines) {
    const line = raw.length > max ? trimAtWord(raw, max) : raw;
    if (current && current.length + 1 + line.length > max) {
      values.push(current);
      current = line;
    } else {
      current = current ? `${current}\n${line}` : line;
    }
  }
  if (current) values.push(current);
  return values;
}

/** Code is shown as code; a fence inside it is broken with a zero-width space so it cannot end the block. */
export function codeFence(code: string): string {
  return `\`\`\`\n${code.replace(/```/g, '``\u200b`')}\n\`\`\``;
}

function quoteBlock(text: string, marker: string): string {
  return `${text
    .split(/\r?\n/)
    .map((line) => `> ${line}`)
    .join('\n')} ${marker}`;
}

/**
 * Block quotes with their markers, fitted into `budget` characters. Each quote gets an even
 * share, short ones pass their unused share on, and a quote over its share is trimmed at a word
 * boundary: a citation is shortened, never dropped halfway or separated from its marker.
 */
export function fitQuotes(quotes: readonly string[], firstNumber: number, budget: number, code: readonly boolean[] = []): string {
  const separator = '\n\n';
  const markers = quotes.map((_, i) => `**[${firstNumber + i}]**`);
  const render = (i: number) => (code[i] ? codeFence : escapeText);
  const escaped = quotes.map((q, i) => render(i)(q));
  const overhead = escaped.reduce((n, q, i) => n + markers[i]!.length + 1 + 2 * (q.split(/\r?\n/).length + 1), 0);
  let room = budget - overhead - separator.length * Math.max(0, quotes.length - 1);
  const order = quotes.map((_, i) => i).sort((a, b) => escaped[a]!.length - escaped[b]!.length);
  const shown: string[] = new Array<string>(quotes.length);
  order.forEach((i, k) => {
    const share = Math.floor(Math.max(0, room) / (order.length - k));
    const text = escaped[i]!.length <= share ? escaped[i]! : fitRendered(quotes[i]!, Math.max(share, 1), render(i));
    shown[i] = text || '…';
    room -= shown[i]!.length;
  });
  // A marker after a closing fence would keep the fence from closing: code gets it in front.
  return shown.map((q, i) => (code[i] ? quoteBlock(`${markers[i]!}\n${q}`, '').trimEnd() : quoteBlock(q, markers[i]!))).join(separator);
}

export interface RenderedMessage {
  embeds: EmbedBuilder[];
  components: ActionRowBuilder<ButtonBuilder>[];
}

function heading(stored: AnswerRecord): string {
  // Records saved before inputs were cleaned may still hold control characters.
  const record = { ...stored, title: stripControl(stored.title) };
  switch (record.kind) {
    case 'ask':
      return fitRendered(trimAtWord(record.title, TITLE_CHARS), LIMITS.title);
    case 'quote':
      return fitRendered(trimAtWord(record.title, TITLE_CHARS), LIMITS.title - 20, (s) => `Sources for “${escapeText(s)}”`);
    case 'summary':
      return fitRendered(trimAtWord(record.title, TITLE_CHARS), LIMITS.title - 20, (s) => `Summary: ${escapeText(s)}`);
  }
}

function notFound(record: AnswerRecord): string {
  const lines = [`**Not found in the documents.**`];
  if (record.message && !/^not found in the documents\.?$/i.test(record.message)) lines.push(escapeText(record.message));
  if (record.suggestions.length > 0) {
    lines.push('', 'Closest documents:');
    for (const s of record.suggestions) lines.push(`• ${fitRendered(s.title, 120)} (${fileName(s.document)})`);
  }
  return trimAtWord(lines.join('\n'), LIMITS.description);
}

/**
 * An answer, quote lookup or summary, one page of citations at a time. `page` is 0-based;
 * buttons carry the record id so they keep working after a restart.
 */
export function renderRecord(record: AnswerRecord, page = 0, opts: { buttons?: 'all' | 'more' | 'none' } = {}): RenderedMessage {
  const pages = pageCount(record);
  const size = PAGE_SIZE[record.kind];
  const p = Math.min(Math.max(0, page), pages - 1);
  const citations = record.citations.slice(p * size, (p + 1) * size);
  const first = p * size + 1;
  const found = record.citations.length > 0;
  // An answer record with quotes and a message: passages offered as related, not as the answer.
  const related = found && record.kind === 'ask' && record.message !== undefined;

  const embed = new EmbedBuilder().setColor(related ? COLORS.related : found ? COLORS.result : COLORS.empty).setTitle(heading(record));
  if (record.sourceUrl) embed.setURL(record.sourceUrl);

  const footerParts = [`⏱ ${formatElapsed(record.elapsedMs)}`];
  if (pages > 1) footerParts.push(`page ${p + 1}/${pages}`);
  footerParts.push(...record.notes);
  const footer = trimAtWord(footerParts.join(' · '), LIMITS.footer);
  embed.setFooter({ text: footer });

  if (!found) {
    embed.setDescription(notFound(record));
  } else {
    const fields = packLines(sourceLines(citations, first)).map((value, i) => ({ name: i === 0 ? 'Sources' : 'Sources (continued)', value }));
    embed.addFields(fields.slice(0, LIMITS.fields));
    const used = embedLength(embed.toJSON());
    const budget = Math.min(LIMITS.description, LIMITS.embedTotal - used);
    const lead = related ? `*${escapeText(record.message!)}*\n\n` : '';
    embed.setDescription(lead + fitQuotes(citations.map((c) => shownQuote(c)), first, budget - lead.length, citations.map((c) => c.kind === 'code')));
  }

  const row = new ActionRowBuilder<ButtonBuilder>();
  if (p + 1 < pages && opts.buttons !== 'none') {
    row.addComponents(
      new ButtonBuilder()
        .setCustomId(customId.more(record.id, p + 1))
        .setLabel(`More sources (${p + 2}/${pages})`)
        .setStyle(ButtonStyle.Secondary),
    );
  }
  if ((opts.buttons ?? 'all') === 'all') {
    row.addComponents(
      new ButtonBuilder().setCustomId(customId.vote(record.id, 'up')).setEmoji('👍').setStyle(ButtonStyle.Secondary),
      new ButtonBuilder().setCustomId(customId.vote(record.id, 'down')).setEmoji('👎').setStyle(ButtonStyle.Secondary),
    );
  }
  return { embeds: [embed], components: row.components.length > 0 ? [row] : [] };
}

/** The document list for `/sources`. */
/** Files left out of the index with why, as one embed field (for admins). */
function skippedField(warnings: IndexStatus['warnings']): { name: string; value: string } {
  return {
    name: `Skipped (${warnings.length})`,
    value: trimAtWord(warnings.map((w) => `${fileName(w.file)}: ${escapeText(w.reason)}`).join('\n'), LIMITS.fieldValue),
  };
}

/** The documents; with `showSkipped` (admins) also the files left out and why. */
export function renderSources(docs: readonly DocumentInfo[], status: IndexStatus, opts: { showSkipped?: boolean } = {}): RenderedMessage {
  const lines = docs.map(
    (d) =>
      `**${fitRendered(d.title, 120)}**\n${fileName(d.id)} · ${formatBytes(d.bytes)} · ${d.paragraphs} ¶ · modified <t:${Math.floor(Date.parse(d.modifiedAt) / 1000)}:d>`,
  );
  let description = '';
  let shown = 0;
  for (const line of lines) {
    const more = `\n…and ${docs.length - shown} more`;
    const next = description ? `${description}\n${line}` : line;
    if (next.length + more.length > LIMITS.description && shown < docs.length) {
      description += more;
      break;
    }
    description = next;
    shown++;
  }
  const embed = new EmbedBuilder()
    .setColor(COLORS.result)
    .setTitle(`Documents (${docs.length})`)
    .setDescription(description || 'No documents are indexed. Add .txt or .md files to the documents folder and run /reindex.')
    .setFooter({ text: `${status.chunks} passages · ${status.sentences} sentences · index built` })
    .setTimestamp(new Date(status.builtAt));
  if (opts.showSkipped && status.warnings.length > 0) embed.addFields(skippedField(status.warnings));
  return { embeds: [embed], components: [] };
}

/** File names one per line, as many as fit in a field, then how many were left out. */
function idList(ids: readonly string[]): string {
  if (ids.length === 0) return '—';
  const values = packLines(ids.map(fileName), LIMITS.fieldValue - 20);
  if (values.length === 1) return values[0]!;
  const shown = values[0]!.split('\n').length;
  return `${values[0]}\n…and ${ids.length - shown} more`;
}

/** What `/reindex` changed. */
export function renderReindex(report: ReindexReport): RenderedMessage {
  const s = report.status;
  const changed = report.added.length + report.removed.length + report.changed.length;
  const embed = new EmbedBuilder()
    .setColor(COLORS.admin)
    .setTitle('Index rebuilt')
    .setDescription(
      (changed === 0 ? 'No document changed since the last build.' : `${changed} document(s) changed since the last build.`) +
        (report.embedded + report.reused > 0 ? ` ${report.embedded} passage(s) embedded, ${report.reused} reused.` : ''),
    )
    .addFields(
      { name: `Added (${report.added.length})`, value: idList(report.added), inline: true },
      { name: `Removed (${report.removed.length})`, value: idList(report.removed), inline: true },
      { name: `Changed (${report.changed.length})`, value: idList(report.changed), inline: true },
      { name: 'Unchanged', value: String(report.unchanged), inline: true },
    )
    .setFooter({ text: `${s.documents} documents · ${s.chunks} passages · ${s.sentences} sentences · built in ${formatElapsed(s.buildMs)}` });
  if (s.warnings.length > 0) embed.addFields(skippedField(s.warnings));
  return { embeds: [embed], components: [] };
}

/** What `/documents add` indexed. */
export function renderAdded(added: AddedDocument): string {
  const d = added.document;
  const counts = [
    `${added.blocks} block(s)`,
    `${d.paragraphs} quotable paragraph(s)`,
    `${d.sentences} sentence(s)`,
    `${d.chunks} passage(s)`,
    ...(added.pages !== undefined ? [`${added.pages} page(s)`] : []),
  ].join(', ');
  return notice(
    `${added.replaced ? 'Replaced and indexed' : 'Indexed'} ${fileName(d.id)} — **${escapeText(d.title)}**: ${counts}. ` +
      `${added.report.embedded} passage(s) embedded, ${added.report.reused} reused; ${added.report.status.documents} document(s) in the index.`,
  );
}

/** What `/documents remove` removed. */
export function renderRemoved(removed: { document: DocumentInfo; report: ReindexReport }): string {
  return notice(
    `Removed ${fileName(removed.document.id)} — **${escapeText(removed.document.title)}**; ${removed.report.status.documents} document(s) left in the index.`,
  );
}

/** Plain-text notices (errors, rate limit, help) kept within the content limit. */
export function notice(text: string): string {
  return trimAtWord(text, LIMITS.content);
}
