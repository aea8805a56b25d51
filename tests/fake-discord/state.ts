/**
 * Everything the fake remembers: channels, messages, interactions and their
 * responses, registered commands, the request log. REST handlers mutate it; test
 * handles read it. Messages handed to tests are deep copies, so a later edit never
 * changes a snapshot a test already holds.
 */
import { ChannelType, GatewayDispatchEvents, InteractionResponseType, InteractionType, MessageFlags, MessageType } from 'discord.js';
import type {
  APIApplicationCommand,
  APIAttachment,
  APIDMChannel,
  APIEmbed,
  APIInteraction,
  APIMessage,
  APIMessageInteractionMetadata,
  APITextChannel,
  APIUser,
  RESTPostAPIInteractionCallbackJSONBody,
  Snowflake,
} from 'discord.js';
import { guildOfChannel, isGuildChannel, noFlags, snowflakeTimestamp, stripUserFromMember, type FakeWorld, type Snowflakes } from './fixtures.js';
import type { RecordedFile, RecordedRequest } from './types.js';
import { FakeDiscordError, type ChangeFeed, type WaitOptions } from './waiters.js';

export type FakeChannel = APITextChannel | APIDMChannel;

/** Gateway hook used to echo the bot's own messages back, as Discord does. */
export type Dispatcher = (event: GatewayDispatchEvents, data: unknown) => void;

type JsonObject = Record<string, unknown>;

function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Flags a bot may set when sending; the others are Discord-controlled. */
const SETTABLE_FLAGS = MessageFlags.SuppressEmbeds | MessageFlags.Ephemeral | MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2;

// ---------------------------------------------------------------------------
// Interactions

export type InteractionEventKind =
  | 'callback'
  | 'original.get'
  | 'original.edit'
  | 'original.delete'
  | 'followup.create'
  | 'followup.get'
  | 'followup.edit'
  | 'followup.delete';

/** One request the bot made with this interaction's id or token, accepted or not. */
export interface InteractionEvent {
  readonly kind: InteractionEventKind;
  readonly request: RecordedRequest;
  /** False when the fake answered with an error (already acknowledged, expired, invalid body...). */
  readonly accepted: boolean;
  /** For callbacks: 4 reply, 5 deferred reply, 6 deferred update, 7 update, 8 autocomplete result, 9 modal. */
  readonly callbackType: InteractionResponseType | null;
  /** Snapshot of the message this event created, changed or fetched. */
  readonly message: APIMessage | null;
}

export interface CallbackResponse {
  readonly type: InteractionResponseType;
  /**
   * The callback body exactly as the bot sent it. Typed as Discord expects it so
   * tests can read `body.data.content`; the fake checked limits, not every field.
   */
  readonly body: RESTPostAPIInteractionCallbackJSONBody;
  readonly request: RecordedRequest;
  /** The message the callback created or updated (types 4, 5, 7), else null. */
  readonly message: APIMessage | null;
}

export class InteractionRecord {
  readonly events: InteractionEvent[] = [];
  callback: CallbackResponse | null = null;
  /** Id of the message `@original` refers to: the response, or for 6/7 the component's message. */
  originalId: Snowflake | null = null;
  originalDeleted = false;
  readonly followupIds: Snowflake[] = [];

  constructor(
    readonly payload: APIInteraction,
    readonly createdAt: number,
  ) {}
}

// ---------------------------------------------------------------------------
// State

export interface BotMessageInput {
  channelId: Snowflake;
  body: JsonObject;
  files: readonly RecordedFile[];
  type: MessageType;
  /** Set for messages created through an interaction (response or follow-up). */
  interaction?: APIInteraction;
  /** Reuse an id (a follow-up filling in a deferred response keeps the response's id). */
  id?: Snowflake;
  /** Extra flags Discord sets itself (Loading for deferred responses). */
  forcedFlags?: number;
}

export class FakeState {
  readonly channels = new Map<Snowflake, FakeChannel>();
  readonly users = new Map<Snowflake, APIUser>();
  readonly messages = new Map<Snowflake, APIMessage>();
  /** Non-ephemeral message ids per channel, in creation order (user and bot messages). */
  readonly channelLog = new Map<Snowflake, Snowflake[]>();
  /** Every bot-authored message including ephemeral ones, newest last (for button lookups). */
  readonly botMessageIds: Snowflake[] = [];
  readonly interactionsById = new Map<Snowflake, InteractionRecord>();
  readonly interactionsByToken = new Map<string, InteractionRecord>();
  /** Registered commands: key 'global' or a guild id. */
  readonly commands = new Map<string, APIApplicationCommand[]>();
  readonly requests: RecordedRequest[] = [];
  dispatcher: Dispatcher = () => {};

  constructor(
    readonly world: FakeWorld,
    readonly snowflakes: Snowflakes,
    readonly feed: ChangeFeed,
    readonly echoBotMessages: boolean,
  ) {
    for (const u of [world.bot, world.users.admin, world.users.member]) this.users.set(u.id, u);
    for (const g of world.guilds) this.channels.set(g.channel.id, g.channel);
    this.channels.set(world.dmChannels.admin.id, world.dmChannels.admin);
    this.channels.set(world.dmChannels.member.id, world.dmChannels.member);
  }

  dmChannelFor(user: APIUser): APIDMChannel {
    this.users.set(user.id, user);
    for (const channel of this.channels.values()) {
      if (channel.type === ChannelType.DM && channel.recipients?.some((r) => r.id === user.id)) return channel;
    }
    const channel: APIDMChannel = {
      id: this.snowflakes.next(),
      type: ChannelType.DM,
      name: null,
      last_message_id: null,
      flags: noFlags(),
      recipients: [user],
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  isGuildChannel(channelId: Snowflake): boolean {
    return isGuildChannel(this.world, channelId);
  }

  /** The guild id of a guild channel's messages. */
  guildIdOf(channelId: Snowflake): Snowflake {
    return guildOfChannel(this.world, channelId)?.id ?? this.world.guild.id;
  }

  /** Stores a message and, unless ephemeral, appends it to its channel and echoes MESSAGE_CREATE. */
  addMessage(message: APIMessage): void {
    this.messages.set(message.id, message);
    if (message.author.id === this.world.bot.id) this.botMessageIds.push(message.id);
    if (((message.flags ?? 0) & MessageFlags.Ephemeral) === 0) {
      const log = this.channelLog.get(message.channel_id) ?? [];
      log.push(message.id);
      this.channelLog.set(message.channel_id, log);
      const channel = this.channels.get(message.channel_id);
      if (channel) channel.last_message_id = message.id;
    }
    this.feed.notify();
  }

  /** Echo of the bot's own message activity, as every connected bot receives it. */
  echo(event: GatewayDispatchEvents.MessageCreate | GatewayDispatchEvents.MessageUpdate, message: APIMessage): void {
    if (!this.echoBotMessages || ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0) return;
    this.dispatcher(event, this.gatewayMessage(message));
  }

  echoDelete(message: APIMessage): void {
    if (!this.echoBotMessages || ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0) return;
    this.dispatcher(GatewayDispatchEvents.MessageDelete, {
      id: message.id,
      channel_id: message.channel_id,
      ...(this.isGuildChannel(message.channel_id) ? { guild_id: this.guildIdOf(message.channel_id) } : {}),
    });
  }

  /** REST message objects lack `guild_id`/`member`; gateway ones carry them. */
  gatewayMessage(message: APIMessage): JsonObject {
    const guild = this.isGuildChannel(message.channel_id);
    const botMember = guild ? stripUserFromMember(this.world.members.bot) : undefined;
    return {
      ...clone(message),
      ...(guild ? { guild_id: this.guildIdOf(message.channel_id), member: botMember } : {}),
      channel_type: guild ? ChannelType.GuildText : ChannelType.DM,
    };
  }

  buildBotMessage(input: BotMessageInput): APIMessage {
    const { body } = input;
    const id = input.id ?? this.snowflakes.next();
    const content = typeof body['content'] === 'string' ? body['content'] : '';
    const reference = isRecord(body['message_reference']) ? body['message_reference'] : undefined;
    const referenced =
      reference && typeof reference['message_id'] === 'string' ? this.messages.get(reference['message_id']) : undefined;
    const mentions = this.resolveMentions(content, body['allowed_mentions'], referenced?.author);
    const flags = (Number(body['flags'] ?? 0) & SETTABLE_FLAGS) | (input.forcedFlags ?? 0);
    const message: APIMessage = {
      id,
      channel_id: input.channelId,
      author: this.world.bot,
      content,
      timestamp: snowflakeTimestamp(id),
      edited_timestamp: null,
      tts: body['tts'] === true,
      mention_everyone: mentions.everyone,
      mentions: mentions.users,
      mention_roles: mentions.roles,
      attachments: this.attachmentsFor(input.channelId, id, body, input.files, []),
      embeds: normalizeEmbeds(body['embeds']),
      components: Array.isArray(body['components']) ? clone(body['components']) : [],
      pinned: false,
      type: input.type,
      flags,
      ...(referenced && reference
        ? {
            message_reference: {
              type: 0,
              message_id: referenced.id,
              channel_id: referenced.channel_id,
              ...(this.isGuildChannel(referenced.channel_id) ? { guild_id: this.guildIdOf(referenced.channel_id) } : {}),
            },
            referenced_message: clone(referenced),
          }
        : {}),
      ...(input.interaction ? this.interactionFields(input.interaction) : {}),
    };
    return message;
  }

  /** Applies a PATCH body: given fields replace, `attachments` lists which existing files stay. */
  applyEdit(message: APIMessage, body: JsonObject, files: readonly RecordedFile[]): APIMessage {
    const wasLoading = ((message.flags ?? 0) & MessageFlags.Loading) !== 0;
    const next: APIMessage = { ...clone(message) };
    if ('content' in body) next.content = typeof body['content'] === 'string' ? body['content'] : '';
    if ('embeds' in body) next.embeds = normalizeEmbeds(body['embeds']);
    if ('components' in body) next.components = Array.isArray(body['components']) ? clone(body['components']) : [];
    if ('attachments' in body || files.length > 0) {
      next.attachments = this.attachmentsFor(message.channel_id, message.id, body, files, message.attachments);
    }
    let flags = (message.flags ?? 0) & ~MessageFlags.Loading;
    if (typeof body['flags'] === 'number') {
      // Only SuppressEmbeds can change after sending.
      flags = (flags & ~MessageFlags.SuppressEmbeds) | (body['flags'] & MessageFlags.SuppressEmbeds);
    }
    next.flags = flags;
    if ('content' in body || 'allowed_mentions' in body) {
      const mentions = this.resolveMentions(next.content, body['allowed_mentions'], next.referenced_message?.author);
      next.mentions = mentions.users;
      next.mention_roles = mentions.roles;
      next.mention_everyone = mentions.everyone;
    }
    // Completing a deferred response is not an "edit" in the client's eyes.
    next.edited_timestamp = wasLoading ? null : new Date().toISOString();
    this.messages.set(next.id, next);
    this.feed.notify();
    return next;
  }

  deleteMessage(id: Snowflake): APIMessage | undefined {
    const message = this.messages.get(id);
    if (!message) return undefined;
    this.messages.delete(id);
    const log = this.channelLog.get(message.channel_id);
    if (log) this.channelLog.set(message.channel_id, log.filter((m) => m !== id));
    this.feed.notify();
    return message;
  }

  /** Bot messages (current state) in a channel, oldest first. */
  channelMessages(channelId: Snowflake): APIMessage[] {
    return (this.channelLog.get(channelId) ?? [])
      .map((id) => this.messages.get(id))
      .filter((m): m is APIMessage => m !== undefined);
  }

  findBotMessageWithButton(customId: string): APIMessage | undefined {
    for (let i = this.botMessageIds.length - 1; i >= 0; i--) {
      const message = this.messages.get(this.botMessageIds[i]!);
      if (message && hasCustomId(message.components, customId)) return clone(message);
    }
    return undefined;
  }

  findCommand(name: string, type: number, guildId: Snowflake | null): APIApplicationCommand | undefined {
    return this.commands.get(guildId ?? 'global')?.find((c) => c.name === name && c.type === type);
  }

  /**
   * Who a message pings. Without `allowed_mentions` everything parses and a reply
   * pings its target; with it, only what it allows (and `replied_user` defaults false).
   */
  resolveMentions(
    content: string,
    allowedMentions: unknown,
    repliedAuthor: APIUser | undefined,
  ): { users: APIUser[]; roles: Snowflake[]; everyone: boolean } {
    const allowed = isRecord(allowedMentions) ? allowedMentions : undefined;
    const parse = allowed ? (Array.isArray(allowed['parse']) ? allowed['parse'] : []) : ['users', 'roles', 'everyone'];
    const allowedUsers = allowed && Array.isArray(allowed['users']) ? allowed['users'] : [];
    const allowedRoles = allowed && Array.isArray(allowed['roles']) ? allowed['roles'] : [];
    const repliedUser = allowed ? allowed['replied_user'] === true : true;

    const userIds = [...content.matchAll(/<@!?(\d{17,20})>/g)].map((m) => m[1]!);
    const users: APIUser[] = [];
    for (const id of new Set(userIds)) {
      const u = this.users.get(id);
      if (u && (parse.includes('users') || allowedUsers.includes(id))) users.push(u);
    }
    if (repliedAuthor && repliedUser && !users.some((u) => u.id === repliedAuthor.id)) users.push(repliedAuthor);
    const roles = [...new Set([...content.matchAll(/<@&(\d{17,20})>/g)].map((m) => m[1]!))].filter(
      (id) => parse.includes('roles') || allowedRoles.includes(id),
    );
    const everyone = /@(everyone|here)/.test(content) && parse.includes('everyone');
    return { users: clone(users), roles, everyone };
  }

  #attachmentId = 0;

  private attachmentsFor(
    channelId: Snowflake,
    messageId: Snowflake,
    body: JsonObject,
    files: readonly RecordedFile[],
    existing: readonly APIAttachment[],
  ): APIAttachment[] {
    const declared = Array.isArray(body['attachments']) ? body['attachments'].filter(isRecord) : [];
    const kept = 'attachments' in body ? existing.filter((a) => declared.some((d) => String(d['id']) === a.id)) : [...existing];
    const added = files.map((file, index): APIAttachment => {
      // discord.js names parts files[N] and declares {id: N} in payload_json.attachments.
      const n = /\[(\d+)\]/.exec(file.field)?.[1] ?? String(index);
      const meta = declared.find((d) => String(d['id']) === n);
      const filename = typeof meta?.['filename'] === 'string' ? meta['filename'] : file.filename;
      const id = `${messageId.slice(0, -3)}${String(++this.#attachmentId % 1000).padStart(3, '0')}`;
      const url = `https://cdn.discordapp.com/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`;
      return {
        id,
        filename,
        ...(typeof meta?.['description'] === 'string' ? { description: meta['description'] } : {}),
        content_type: file.contentType,
        size: file.size,
        url,
        proxy_url: url.replace('cdn.discordapp.com', 'media.discordapp.net'),
      };
    });
    return [...kept, ...added];
  }

  private interactionFields(interaction: APIInteraction): Partial<APIMessage> {
    const user = interaction.member?.user ?? interaction.user;
    if (!user) return {};
    const metadata = {
      id: interaction.id,
      type: interaction.type,
      user,
      authorizing_integration_owners: interaction.authorizing_integration_owners,
      ...(interaction.type === InteractionType.MessageComponent ? { interacted_message_id: interaction.message.id } : {}),
      ...(interaction.type === InteractionType.ApplicationCommand && 'target_id' in interaction.data
        ? { target_message_id: interaction.data.target_id }
        : {}),
    } as APIMessageInteractionMetadata; // union discriminated by `type`, which TS cannot follow through the spreads
    const name = interaction.data && 'name' in interaction.data ? interaction.data.name : undefined;
    return {
      webhook_id: this.world.applicationId,
      application_id: this.world.applicationId,
      interaction_metadata: metadata,
      ...(name !== undefined ? { interaction: { id: interaction.id, type: interaction.type, name, user } } : {}),
    };
  }
}

function normalizeEmbeds(value: unknown): APIEmbed[] {
  if (!Array.isArray(value)) return [];
  // Discord fills in `type: 'rich'` for bot embeds.
  // Embeds are echoed as sent (after the limit checks), like Discord does.
  return value.filter(isRecord).map((e) => ({ type: 'rich', ...clone(e) }) as APIEmbed);
}

function hasCustomId(components: unknown, customId: string): boolean {
  if (!Array.isArray(components)) return false;
  return components.some(
    (c) =>
      isRecord(c) &&
      (c['custom_id'] === customId || hasCustomId(c['components'], customId) || (isRecord(c['accessory']) && c['accessory']['custom_id'] === customId)),
  );
}

// ---------------------------------------------------------------------------
// Test-facing handle

const LOADING = MessageFlags.Loading;

function summarize(record: InteractionRecord): string {
  if (record.events.length === 0) return 'No callback or webhook request was made for this interaction.';
  return [
    'Requests for this interaction so far:',
    ...record.events.map(
      (e) => `  ${e.request.method} ${e.request.route} -> ${e.request.status}${e.accepted ? '' : ` ${JSON.stringify(e.request.responseBody)}`}`,
    ),
  ].join('\n');
}

export class InteractionHandle {
  constructor(
    private readonly record: InteractionRecord,
    private readonly state: FakeState,
  ) {}

  get id(): Snowflake {
    return this.record.payload.id;
  }

  get token(): string {
    return this.record.payload.token;
  }

  /** The INTERACTION_CREATE data as dispatched. */
  get payload(): APIInteraction {
    return clone(this.record.payload);
  }

  /** Every callback/webhook request for this interaction, accepted or not, in order. */
  get events(): readonly InteractionEvent[] {
    return [...this.record.events];
  }

  /** Accepted initial responses; more than one is impossible (Discord rejects the second with 40060). */
  get callbacks(): readonly CallbackResponse[] {
    return this.record.callback ? [this.record.callback] : [];
  }

  /** Current state of the `@original` message, or null (none yet, deleted, or autocomplete/modal). */
  get original(): APIMessage | null {
    if (this.record.originalId === null || this.record.originalDeleted) return null;
    const message = this.state.messages.get(this.record.originalId);
    return message ? clone(message) : null;
  }

  /** Current state of the follow-ups that still exist, oldest first. */
  get followups(): readonly APIMessage[] {
    return this.record.followupIds
      .map((id) => this.state.messages.get(id))
      .filter((m): m is APIMessage => m !== undefined)
      .map(clone);
  }

  /** What the user sees: the original once it is no longer "thinking", then the follow-ups. */
  get visibleMessages(): readonly APIMessage[] {
    const original = this.original;
    const shown = original && ((original.flags ?? 0) & LOADING) === 0 ? [original] : [];
    return [...shown, ...this.followups];
  }

  /** Resolves with the accepted initial callback (reply, defer, update, autocomplete result, modal). */
  waitForResponse(options?: WaitOptions): Promise<CallbackResponse> {
    return this.state.feed.waitFor(
      () => this.record.callback ?? undefined,
      `the initial response to interaction ${this.id}`,
      options,
      () => summarize(this.record),
    );
  }

  /**
   * Resolves with the reply as the user finally sees it: a type 4 reply, a
   * deferred reply once edited, or a component message after `update`.
   */
  waitForReply(options?: WaitOptions): Promise<APIMessage> {
    return this.state.feed.waitFor(
      () => {
        const callback = this.record.callback;
        if (!callback) return undefined;
        if (callback.type === InteractionResponseType.ApplicationCommandAutocompleteResult || callback.type === InteractionResponseType.Modal) {
          throw new FakeDiscordError(`Interaction ${this.id} was answered with callback type ${callback.type}, which has no reply message.`);
        }
        // After deferUpdate the component's message only counts once the bot edits it.
        if (callback.type === InteractionResponseType.DeferredMessageUpdate && !this.hasEdit()) return undefined;
        const original = this.original;
        return original && ((original.flags ?? 0) & LOADING) === 0 ? original : undefined;
      },
      `a visible reply to interaction ${this.id}`,
      options,
      () => summarize(this.record),
    );
  }

  /** Resolves once at least `count` messages are visible (see `visibleMessages`). */
  waitForMessages(count = 1, options?: WaitOptions): Promise<readonly APIMessage[]> {
    return this.state.feed.waitFor(
      () => {
        const visible = this.visibleMessages;
        return visible.length >= count ? visible : undefined;
      },
      `${count} visible message(s) for interaction ${this.id}`,
      options,
      () => summarize(this.record),
    );
  }

  /** Resolves with the first event (existing or future) matching `predicate`. */
  waitForEvent(predicate: (event: InteractionEvent) => boolean, what: string, options?: WaitOptions): Promise<InteractionEvent> {
    return this.state.feed.waitFor(
      () => this.record.events.find(predicate),
      `${what} (interaction ${this.id})`,
      options,
      () => summarize(this.record),
    );
  }

  private hasEdit(): boolean {
    return this.record.events.some((e) => e.accepted && e.kind === 'original.edit');
  }
}
