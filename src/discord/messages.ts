/**
 * Questions in messages: a mention of the bot, a direct message, any message in an auto-answer
 * channel, and replies to the bot's answers (or messages in a thread started on one), which are
 * follow-ups: the earlier question joins the search as context.
 */
import { ChannelType, type Message } from 'discord.js';
import { log } from '../bootstrap/logger.js';
import type { AnswerRecord } from './answer-record.js';
import { answerQuestion, followUpContext, publish } from './answers.js';
import type { BotContext } from './context.js';
import { parseCustomId } from './custom-id.js';
import { userMessage } from './errors.js';
import { rateLimitText } from './interactions.js';
import { notice } from './render.js';
import { stripControl } from './input.js';
import { busyText, NO_MENTIONS, type Payload } from './respond.js';

export const HELP =
  'Ask me about the documents: mention me with a question, e.g. "@me who took part in the talks?", or use `/ask`. ' +
  '`/quote` finds the passages behind a claim, `/summary` summarises, `/sources` lists the documents.';

/** When the answer takes longer than this, show "typing…" meanwhile. */
const TYPING_AFTER_MS = 1000;

export type Trigger = 'dm' | 'mention' | 'reply' | 'thread' | 'channel';

export interface MessageQuestion {
  trigger: Trigger;
  question: string;
  /** The answer this message follows up on, when it does. */
  earlier?: Pick<AnswerRecord, 'input' | 'context'>;
}

/** Stored answer behind a bot message: its buttons carry the answer id. */
async function answerBehind(message: Message, ctx: BotContext): Promise<AnswerRecord | undefined> {
  for (const row of message.components) {
    if (!('components' in row)) continue;
    for (const component of row.components) {
      const id = 'customId' in component && typeof component.customId === 'string' ? component.customId : undefined;
      const action = id ? parseCustomId(id) : undefined;
      if (action) return ctx.archive.get(action.answerId);
    }
  }
  return undefined;
}

/** What the earlier answer was about: the stored record, or failing that its heading. */
async function earlierQuestion(message: Message, ctx: BotContext): Promise<Pick<AnswerRecord, 'input' | 'context'> | undefined> {
  const record = await answerBehind(message, ctx);
  if (record) return record;
  const title = message.embeds[0]?.title;
  return title ? { input: title.replace(/\\/g, '').replace(/\u200b/g, '') } : undefined;
}

/** Per bot: thread id → the answer it was started on, and users told to slow down until when. */
export interface MessageState {
  threadStarters: Map<string, Pick<AnswerRecord, 'input' | 'context'> | null>;
  slowDownNotified: Map<string, number>;
}

export function newMessageState(): MessageState {
  return { threadStarters: new Map(), slowDownNotified: new Map() };
}

/** A thread started on a message has that message's id; threads on the bot's answers are follow-ups. */
async function threadStarter(message: Message, ctx: BotContext, state: MessageState): Promise<Pick<AnswerRecord, 'input' | 'context'> | undefined> {
  const { threadStarters } = state;
  const channel = message.channel;
  if (!channel.isThread()) return undefined;
  if (!threadStarters.has(channel.id)) {
    const starter = await channel.fetchStarterMessage().catch(() => null);
    const earlier = starter && starter.author.id === message.client.user.id ? await earlierQuestion(starter, ctx) : undefined;
    threadStarters.set(channel.id, earlier ?? null);
    if (threadStarters.size > 1000) threadStarters.delete(threadStarters.keys().next().value!);
  }
  return threadStarters.get(channel.id) ?? undefined;
}

/** Removes the bot's own mention (user or managed role) from the text; other mentions stay. */
function stripBotMention(content: string, botId: string, botRoleId: string | undefined): string {
  let text = content.replace(new RegExp(`<@!?${botId}>`, 'g'), ' ');
  if (botRoleId) text = text.replace(new RegExp(`<@&${botRoleId}>`, 'g'), ' ');
  return text.replace(/\s+/g, ' ').trim();
}

/** Whether and how a message is a question for the bot. */
export async function classifyMessage(message: Message, ctx: BotContext, state: MessageState): Promise<MessageQuestion | undefined> {
  if (message.author.bot || message.system || message.webhookId) return undefined;
  const botId = message.client.user.id;
  const botRoleId = message.guild?.members.me?.roles.botRole?.id;
  const question = stripBotMention(stripControl(message.content), botId, botRoleId);

  let earlier: Pick<AnswerRecord, 'input' | 'context'> | undefined;
  let replyToBot = false;
  if (message.reference?.messageId) {
    const referenced = await message.fetchReference().catch(() => undefined);
    if (referenced?.author.id === botId) {
      replyToBot = true;
      earlier = await earlierQuestion(referenced, ctx);
    }
  }
  const withEarlier = (trigger: Trigger): MessageQuestion => ({ trigger, question, ...(earlier ? { earlier } : {}) });

  if (message.channel.type === ChannelType.DM) return withEarlier('dm');
  if (replyToBot) return withEarlier('reply');
  const mentioned = message.mentions.users.has(botId) || (botRoleId !== undefined && message.mentions.roles.has(botRoleId));
  if (mentioned) return withEarlier('mention');
  // Nothing to ask (or no Message Content intent): not worth a starter-message lookup.
  if (!question) return undefined;
  const thread = await threadStarter(message, ctx, state);
  if (thread) return { trigger: 'thread', question, earlier: thread };
  const channelId = message.channel.isThread() ? message.channel.parentId : message.channelId;
  if (channelId && ctx.askChannelIds.has(channelId)) return withEarlier('channel');
  return undefined;
}

/**
 * In auto-answer channels people also chat; answer those only with quotes or when they look
 * like questions, so "thanks!" gets no "not found" back.
 */
function looksLikeQuestion(text: string): boolean {
  return /\?\s*$/.test(text) || /^(who|whom|whose|what|when|where|why|how|which|is|are|was|were|does|do|did|can|could|should|would|will|has|have)\b/i.test(text);
}

async function send(message: Message, payload: Payload): Promise<void> {
  await message.reply({
    ...payload,
    allowedMentions: { ...NO_MENTIONS, repliedUser: false },
    // The question may have been deleted meanwhile; answer anyway rather than fail.
    failIfNotExists: false,
  });
}

export async function handleMessage(message: Message, ctx: BotContext, state: MessageState): Promise<void> {
  const { slowDownNotified } = state;
  try {
    const q = await classifyMessage(message, ctx, state);
    if (!q) return;
    if (!q.question) {
      if (q.trigger !== 'channel' && q.trigger !== 'thread') await send(message, { content: notice(HELP) });
      return;
    }
    // Small talk in an auto-answer channel is only answered when it finds quotes, and only
    // counts against the user's rate limit then: chatting must not earn "slow down" notices.
    const smallTalk = q.trigger === 'channel' && !looksLikeQuestion(q.question);
    if (!smallTalk) {
      const limit = await ctx.limiter.take(message.author.id);
      if (!limit.ok) {
        const until = slowDownNotified.get(message.author.id) ?? 0;
        if (Date.now() >= until) {
          if (slowDownNotified.size > 10_000) slowDownNotified.clear();
          slowDownNotified.set(message.author.id, Date.now() + limit.retryAfterMs);
          await send(message, { content: notice(rateLimitText(limit.retryAfterMs)) });
        }
        return;
      }
      slowDownNotified.delete(message.author.id);
    }

    const admit = ctx.admission.check();
    if (!admit.ok) {
      if (!smallTalk) await send(message, { content: notice(busyText(admit.retryAfterS)) });
      return;
    }
    const startedAt = Date.now();
    const typing = setTimeout(() => {
      if ('sendTyping' in message.channel) message.channel.sendTyping().catch(() => undefined);
    }, TYPING_AFTER_MS);
    let record: AnswerRecord;
    try {
      const context = q.earlier ? { context: followUpContext(q.earlier) } : {};
      record = await ctx.admission.run(message.guildId ?? `dm:${message.author.id}`, () => answerQuestion(ctx, q.question, { startedAt, ...context }));
    } finally {
      clearTimeout(typing);
    }
    if (smallTalk && (record.citations.length === 0 || !(await ctx.limiter.take(message.author.id)).ok)) return;
    await send(message, await publish(ctx, record));
  } catch (err) {
    const known = userMessage(err);
    if (known === undefined) log.error(`answering message ${message.id} failed:`, err);
    try {
      await send(message, { content: notice(known ?? 'Sorry, something went wrong while answering. It has been logged; please try again in a moment.') });
    } catch (sendErr) {
      log.warn(`could not reply to message ${message.id}:`, sendErr);
    }
  }
}
