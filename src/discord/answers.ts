/**
 * From a user's words to a renderable answer: the one place that calls the engine for
 * questions, claims and summaries, shared by slash commands, the context menu and messages.
 */
import type { Summary, SummaryLength } from '../domain/types.js';
import { recordFromAnswer, recordFromSummary, type AnswerRecord } from './answer-record.js';
import { AnswerArchive } from './answer-archive.js';
import type { BotContext } from './context.js';
import { escapeMentions, renderRecord, trimAtWord, type RenderedMessage } from './render.js';

/** How much earlier conversation a follow-up carries into retrieval. */
const MAX_CONTEXT_CHARS = 500;

/** Citations fetched per answer: the first page is the answer, the rest is "More sources". */
const MAX_CITATIONS = 9;

/** Footer note when the engine searched only the start of a long input. */
function shortenedNote(input: string, searched: string): string[] {
  const typed = input.replace(/\s+/g, ' ').trim();
  return searched.length > 0 && typed.length > searched.length + 1 ? [`searched the first ${searched.length.toLocaleString('en-US')} characters`] : [];
}

/** Earlier questions joined for the engine's `context`, newest last, bounded from the start. */
export function followUpContext(earlier: Pick<AnswerRecord, 'input' | 'context'>): string {
  const joined = [earlier.context, earlier.input].filter(Boolean).join(' ').replace(/\s+/g, ' ').trim();
  return joined.length <= MAX_CONTEXT_CHARS ? joined : joined.slice(joined.length - MAX_CONTEXT_CHARS).replace(/^\S*\s/, '');
}

export async function answerQuestion(
  ctx: BotContext,
  question: string,
  opts: { startedAt: number; context?: string },
): Promise<AnswerRecord> {
  const answer = await ctx.engine.ask(question, { limit: MAX_CITATIONS, ...(opts.context ? { context: opts.context } : {}) });
  const notes = shortenedNote(question, answer.question);
  if (opts.context) notes.push(`follow-up to “${escapeMentions(trimAtWord(opts.context, 60))}”`);
  const record = recordFromAnswer('ask', answer, {
    id: AnswerArchive.newId(),
    input: question,
    elapsedMs: Date.now() - opts.startedAt,
    notes,
    ...(opts.context ? { context: opts.context } : {}),
  });
  return record;
}

/** `/quote` and "Find sources": the engine's cite, recorded for display and feedback. */
export async function answerClaim(ctx: BotContext, claim: string, opts: { startedAt: number; sourceUrl?: string }): Promise<AnswerRecord> {
  const answer = await ctx.engine.cite(claim, { limit: MAX_CITATIONS });
  const record = recordFromAnswer('quote', answer, {
    id: AnswerArchive.newId(),
    input: claim,
    elapsedMs: Date.now() - opts.startedAt,
    notes: shortenedNote(claim, answer.question),
    ...(opts.sourceUrl ? { sourceUrl: opts.sourceUrl } : {}),
  });
  return record;
}

export type SummaryRequest = { document: string } | { topic: string } | { overview: true };

export async function summarize(ctx: BotContext, req: SummaryRequest, length: SummaryLength, opts: { startedAt: number }): Promise<AnswerRecord> {
  let summary: Summary;
  let input: string;
  if ('document' in req) {
    summary = ctx.engine.summarizeDocument(req.document, length);
    input = req.document;
  } else if ('topic' in req) {
    summary = await ctx.engine.summarizeTopic(req.topic, length);
    input = req.topic;
  } else {
    summary = ctx.engine.overview();
    input = '';
  }
  const record = recordFromSummary(summary, { id: AnswerArchive.newId(), input, elapsedMs: Date.now() - opts.startedAt });
  return record;
}

/**
 * Stores an answer about to be posted (its buttons and replies refer to it) and renders it;
 * resolves once the record is on disk, so the buttons work even if the bot dies right after
 * posting. If it cannot be stored, the answer goes out without buttons.
 */
export async function publish(ctx: BotContext, record: AnswerRecord): Promise<RenderedMessage> {
  const saved = await ctx.archive.save(record);
  return renderRecord(record, 0, saved ? {} : { buttons: 'none' });
}
