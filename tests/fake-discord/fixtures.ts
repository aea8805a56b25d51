/**
 * The fake's little world (bot, application, one guild with a text channel, an
 * admin and a normal member, their DM channels) and builders for the payloads
 * Discord would send about it. Payloads are typed with discord-api-types (re-exported
 * by discord.js) so a missing required field is a compile error, not a silent
 * divergence from what the real gateway sends.
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  ComponentType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildHubType,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  InteractionContextType,
  InteractionType,
  Locale,
  MessageType,
  PermissionFlagsBits,
} from 'discord.js';
import type {
  APIApplicationCommand,
  APIAttachment,
  APIApplicationCommandInteractionDataOption,
  APIChatInputApplicationCommandInteraction,
  APIApplicationCommandAutocompleteInteraction,
  APIDMChannel,
  APIGuildMember,
  APIInteractionGuildMember,
  APIMessage,
  APIMessageButtonInteractionData,
  APIMessageComponentButtonInteraction,
  APIMessageApplicationCommandInteraction,
  APIRole,
  APITextChannel,
  APIUser,
  GatewayGuildCreateDispatchData,
  GatewayMessageCreateDispatchData,
  GatewayReadyDispatchData,
  Snowflake,
} from 'discord.js';
import { FakeDiscordError } from './waiters.js';

// ---------------------------------------------------------------------------
// Snowflakes

const DISCORD_EPOCH = 1_420_070_400_000n;
/** Fixed creation time for the world's ids so they are identical across runs. */
const WORLD_EPOCH_MS = 1_700_000_000_000n;

/** Monotonic, valid snowflakes (discord.js derives createdAt from them). */
export class Snowflakes {
  #last = 0n;

  next(): Snowflake {
    const candidate = ((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (1n << 17n);
    this.#last = candidate > this.#last ? candidate : this.#last + 1n;
    return this.#last.toString();
  }

  /** A snowflake created `ageMs` ago (an interaction that reaches the bot late). */
  aged(ageMs: number): Snowflake {
    this.#aged += 1n;
    return (((BigInt(Date.now() - ageMs) - DISCORD_EPOCH) << 22n) | (2n << 17n) | (this.#aged & 0x1ffffn)).toString();
  }

  #aged = 0n;

  static fixed(index: number): Snowflake {
    return (((WORLD_EPOCH_MS - DISCORD_EPOCH) << 22n) | BigInt(index)).toString();
  }

  /**
   * A fixed id that Discord routes to `shard` of `shards`: guild events go to shard
   * `(guild_id >> 22) % shards`, so the timestamp part is moved forward until it does.
   */
  static fixedOnShard(index: number, shard: number, shards: number): Snowflake {
    let ts = WORLD_EPOCH_MS - DISCORD_EPOCH;
    while (ts % BigInt(shards) !== BigInt(shard)) ts += 1n;
    return ((ts << 22n) | BigInt(index)).toString();
  }
}

export function snowflakeTimestamp(id: Snowflake): string {
  return new Date(Number((BigInt(id) >> 22n) + DISCORD_EPOCH)).toISOString();
}

/** Interaction tokens are long opaque strings; the shape does not matter to discord.js. */
export function interactionToken(id: Snowflake): string {
  return `aW50ZXJhY3Rpb246${id}:${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
}

// ---------------------------------------------------------------------------
// Permissions

function bits(...flags: bigint[]): string {
  return flags.reduce((acc, flag) => acc | flag, 0n).toString();
}

/** What Discord reports for an Administrator: every permission bit it knows. */
export const ALL_PERMISSIONS = bits(...Object.values(PermissionFlagsBits));

export const EVERYONE_PERMISSIONS = bits(
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.SendMessagesInThreads,
  PermissionFlagsBits.ReadMessageHistory,
  PermissionFlagsBits.EmbedLinks,
  PermissionFlagsBits.AttachFiles,
  PermissionFlagsBits.AddReactions,
  PermissionFlagsBits.UseExternalEmojis,
  PermissionFlagsBits.UseApplicationCommands,
  PermissionFlagsBits.CreatePublicThreads,
  PermissionFlagsBits.ChangeNickname,
);

/** A bot invited with a typical "send messages, embed, read history" scope. */
export const BOT_PERMISSIONS = bits(
  BigInt(EVERYONE_PERMISSIONS),
  PermissionFlagsBits.ManageMessages,
);

/**
 * Discord sends 0 for "no flags", but the flag enums have no zero member; the
 * type parameter is inferred from the field being assigned.
 */
export function noFlags<T extends number>(): T {
  return 0 as T;
}

// ---------------------------------------------------------------------------
// World

/** A guild the bot is in: the first one is `world.guild`, the others exist only with `shards` > 1. */
export interface FakeGuild {
  readonly id: Snowflake;
  readonly name: string;
  readonly ownerId: Snowflake;
  readonly channel: APITextChannel;
  /** @everyone, whose id is the guild's. */
  readonly everyone: APIRole;
}

/** The shard Discord sends a guild's events to. */
export function shardOfGuild(guildId: Snowflake, shards: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shards));
}

export interface FakeWorld {
  readonly applicationId: Snowflake;
  /** Every guild, `guild` first; one per shard when the fake serves several shards. */
  readonly guilds: readonly FakeGuild[];
  readonly bot: APIUser;
  readonly users: { readonly admin: APIUser; readonly member: APIUser };
  readonly guild: { readonly id: Snowflake; readonly name: string; readonly ownerId: Snowflake };
  readonly roles: { readonly everyone: APIRole; readonly admin: APIRole; readonly bot: APIRole };
  readonly channels: { readonly text: APITextChannel };
  readonly members: { readonly bot: APIGuildMember; readonly admin: APIGuildMember; readonly member: APIGuildMember };
  readonly dmChannels: { readonly admin: APIDMChannel; readonly member: APIDMChannel };
  /** Computed channel permissions, as Discord puts them in `member.permissions` / `app_permissions`. */
  readonly permissions: { readonly admin: string; readonly member: string; readonly bot: string };
}

/** Flat id list for tests (`fake.ids.channelId` reads better than `fake.world.channels.text.id`). */
export interface FakeIds {
  readonly applicationId: Snowflake;
  readonly botUserId: Snowflake;
  readonly guildId: Snowflake;
  readonly channelId: Snowflake;
  /** Every guild id; `guildIds[i]` is routed to shard i. */
  readonly guildIds: readonly Snowflake[];
  readonly adminUserId: Snowflake;
  readonly memberUserId: Snowflake;
  readonly adminDmChannelId: Snowflake;
  readonly memberDmChannelId: Snowflake;
  readonly everyoneRoleId: Snowflake;
  readonly adminRoleId: Snowflake;
  readonly botRoleId: Snowflake;
}

function user(id: Snowflake, username: string, bot = false): APIUser {
  return {
    id,
    username,
    discriminator: '0',
    global_name: bot ? null : username[0]!.toUpperCase() + username.slice(1),
    avatar: null,
    ...(bot ? { bot: true } : {}),
    public_flags: noFlags(),
    flags: noFlags(),
    banner: null,
    accent_color: null,
    avatar_decoration_data: null,
    collectibles: null,
    primary_guild: null,
  };
}

function role(id: Snowflake, name: string, position: number, permissions: string, extra: Partial<APIRole> = {}): APIRole {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions,
    managed: false,
    mentionable: false,
    flags: noFlags(),
    ...extra,
  };
}

function member(u: APIUser, roles: Snowflake[]): APIGuildMember {
  return {
    user: u,
    nick: null,
    avatar: null,
    banner: null,
    roles,
    joined_at: '2023-11-14T22:13:20.000000+00:00',
    premium_since: null,
    deaf: false,
    mute: false,
    flags: noFlags(),
    pending: false,
    communication_disabled_until: null,
  };
}

function dmChannel(id: Snowflake, recipient: APIUser): APIDMChannel {
  return { id, type: ChannelType.DM, name: null, last_message_id: null, flags: noFlags(), recipients: [recipient] };
}

export function createWorld(shards = 1): FakeWorld {
  const id = Snowflakes.fixed;
  const applicationId = id(1);
  const bot = user(applicationId, 'docbot', true); // bot user id == application id, as on Discord
  // Guild i is routed to shard i (with one shard, this is the guild's historical id).
  const guildId = Snowflakes.fixedOnShard(2, 0, shards);
  const admin = user(id(3), 'alice');
  const normal = user(id(4), 'bob');
  const everyone = role(guildId, '@everyone', 0, EVERYONE_PERMISSIONS); // @everyone id == guild id
  const adminRole = role(id(5), 'Admin', 2, bits(PermissionFlagsBits.Administrator), { hoist: true });
  const botRole = role(id(6), 'docbot', 1, BOT_PERMISSIONS, { managed: true, tags: { bot_id: bot.id } });
  const text: APITextChannel = {
    id: id(7),
    type: ChannelType.GuildText,
    guild_id: guildId,
    name: 'general',
    position: 0,
    permission_overwrites: [],
    parent_id: null,
    nsfw: false,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
    last_pin_timestamp: null,
    flags: noFlags(),
  };
  const textIn = (channelId: Snowflake, gid: Snowflake): APITextChannel => ({ ...text, id: channelId, guild_id: gid });
  const guilds: FakeGuild[] = [{ id: guildId, name: 'Fake Guild', ownerId: admin.id, channel: text, everyone }];
  for (let shard = 1; shard < shards; shard++) {
    const gid = Snowflakes.fixedOnShard(100 + 2 * shard, shard, shards);
    guilds.push({
      id: gid,
      name: `Fake Guild ${shard + 1}`,
      ownerId: admin.id,
      channel: textIn(id(101 + 2 * shard), gid),
      everyone: role(gid, '@everyone', 0, EVERYONE_PERMISSIONS),
    });
  }
  return {
    applicationId,
    guilds,
    bot,
    users: { admin, member: normal },
    guild: { id: guildId, name: 'Fake Guild', ownerId: admin.id },
    roles: { everyone, admin: adminRole, bot: botRole },
    channels: { text },
    members: {
      bot: member(bot, [botRole.id]),
      admin: member(admin, [adminRole.id]),
      member: member(normal, []),
    },
    dmChannels: { admin: dmChannel(id(8), admin), member: dmChannel(id(9), normal) },
    permissions: { admin: ALL_PERMISSIONS, member: EVERYONE_PERMISSIONS, bot: BOT_PERMISSIONS },
  };
}

export function worldIds(world: FakeWorld): FakeIds {
  return {
    applicationId: world.applicationId,
    botUserId: world.bot.id,
    guildId: world.guild.id,
    channelId: world.channels.text.id,
    guildIds: world.guilds.map((g) => g.id),
    adminUserId: world.users.admin.id,
    memberUserId: world.users.member.id,
    adminDmChannelId: world.dmChannels.admin.id,
    memberDmChannelId: world.dmChannels.member.id,
    everyoneRoleId: world.roles.everyone.id,
    adminRoleId: world.roles.admin.id,
    botRoleId: world.roles.bot.id,
  };
}

// ---------------------------------------------------------------------------
// Gateway payloads

/** The guilds whose events go to `shard` of `shards`. */
export function guildsOfShard(world: FakeWorld, shard: number, shards: number): FakeGuild[] {
  return world.guilds.filter((g) => shardOfGuild(g.id, shards) === shard);
}

export function readyPayload(world: FakeWorld, sessionId: string, gatewayUrl: string, shard: [number, number] = [0, 1]): GatewayReadyDispatchData {
  return {
    v: 10,
    user: { ...world.bot, verified: true, mfa_enabled: false },
    guilds: guildsOfShard(world, shard[0], shard[1]).map((g) => ({ id: g.id, unavailable: true })),
    session_id: sessionId,
    resume_gateway_url: gatewayUrl,
    shard,
    application: { id: world.applicationId, flags: noFlags(), flags_new: '0' },
  };
}

/**
 * Like Discord, the member list only holds the bot itself unless the privileged
 * GuildMembers intent was requested (then: everyone, since the guild is small).
 */
export function guildCreatePayload(world: FakeWorld, includeAllMembers: boolean, guild: FakeGuild = world.guilds[0]!): GatewayGuildCreateDispatchData {
  const members = includeAllMembers
    ? [world.members.bot, world.members.admin, world.members.member]
    : [world.members.bot];
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: GuildVerificationLevel.None,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.Disabled,
    roles: [guild.everyone, world.roles.bot, world.roles.admin],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: guild.channel.id,
    system_channel_flags: GuildSystemChannelFlags.SuppressJoinNotifications,
    rules_channel_id: null,
    max_presences: null,
    max_members: 25_000_000,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: GuildPremiumTier.None,
    premium_subscription_count: 0,
    preferred_locale: Locale.EnglishUS,
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: GuildNSFWLevel.Default,
    premium_progress_bar_enabled: false,
    hub_type: null satisfies GuildHubType | null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    region: 'deprecated',
    joined_at: world.members.bot.joined_at ?? '2023-11-14T22:13:20.000000+00:00',
    large: false,
    unavailable: false,
    member_count: 3,
    voice_states: [],
    members,
    channels: [guild.channel],
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

// ---------------------------------------------------------------------------
// Payload builders

/** Who performs an action: one of the world's users, or any user object (treated as a plain member). */
export type Actor = 'admin' | 'member' | APIUser;

export interface WhereOptions {
  /** Defaults to 'member'. */
  as?: Actor;
  /** In the actor's DM with the bot instead of the guild text channel. */
  dm?: boolean;
  /** Which guild (its text channel); defaults to `world.guild`. */
  guild?: Snowflake;
}

/** Option values by name; typeof picks the option type (integer vs number by Number.isInteger). */
export type OptionsInput = Record<string, string | number | boolean> | APIApplicationCommandInteractionDataOption[];

export interface ChatInputOptions extends WhereOptions {
  name: string;
  options?: OptionsInput;
  /** Attachment options by name (from `fake.addAttachment`): sent as option values plus `resolved.attachments`. */
  attachments?: Record<string, APIAttachment>;
  /** Defaults to the id of the registered command with that name, else a fresh id. */
  commandId?: Snowflake;
}

export interface AutocompleteOptions extends WhereOptions {
  name: string;
  /** Name of the option being typed in. */
  focused: string;
  /** What the user has typed so far. */
  value: string;
  /** Other options already filled in. */
  options?: Record<string, string | number | boolean>;
  commandId?: Snowflake;
}

export interface ButtonOptions extends WhereOptions {
  customId: string;
  /** The message carrying the button; defaults to the latest bot message that has a button with `customId`. */
  message?: APIMessage;
}

export interface MessageContextMenuOptions extends WhereOptions {
  name: string;
  target: APIMessage;
  commandId?: Snowflake;
}

export interface UserMessageOptions extends WhereOptions {
  content: string;
  /** Makes the message a reply (type 19) with `message_reference` and `referenced_message`. */
  replyTo?: APIMessage;
  /** Whether the reply pings the replied-to author (adds them to `mentions`). Default true, as in the client. */
  replyPing?: boolean;
}

/** MESSAGE_CREATE data; `channel_type` is sent by Discord but not yet in discord-api-types 0.38. */
export type MessageCreateData = GatewayMessageCreateDispatchData & { channel_type?: ChannelType };

/** What the builders need from the fake's state. */
export interface BuilderContext {
  readonly world: FakeWorld;
  readonly snowflakes: Snowflakes;
  findCommand(name: string, type: ApplicationCommandType, guildId: Snowflake | null): APIApplicationCommand | undefined;
  findBotMessageWithButton(customId: string): APIMessage | undefined;
  dmChannelFor(user: APIUser): APIDMChannel;
}

export class PayloadBuilders {
  constructor(private readonly ctx: BuilderContext) {}

  chatInput(o: ChatInputOptions): APIChatInputApplicationCommandInteraction {
    const base = this.#base(o);
    return {
      ...base,
      type: InteractionType.ApplicationCommand,
      data: {
        ...this.#command(o.name, ApplicationCommandType.ChatInput, o.dm, o.commandId, o.guild),
        name: o.name,
        type: ApplicationCommandType.ChatInput,
        options: withAttachments(toOptions(o.options), o.attachments),
        ...(o.attachments ? { resolved: { attachments: Object.fromEntries(Object.values(o.attachments).map((a) => [a.id, a])) } } : {}),
      },
    };
  }

  autocomplete(o: AutocompleteOptions): APIApplicationCommandAutocompleteInteraction {
    const base = this.#base(o);
    const others = toOptions(o.options ?? {}).filter((opt) => opt.name !== o.focused);
    return {
      ...base,
      type: InteractionType.ApplicationCommandAutocomplete,
      data: {
        ...this.#command(o.name, ApplicationCommandType.ChatInput, o.dm, o.commandId, o.guild),
        name: o.name,
        type: ApplicationCommandType.ChatInput,
        options: [
          ...others,
          { name: o.focused, type: ApplicationCommandOptionType.String, value: o.value, focused: true },
        ],
      },
    };
  }

  button(o: ButtonOptions): APIMessageComponentButtonInteraction {
    const message = o.message ?? this.ctx.findBotMessageWithButton(o.customId);
    if (!message) {
      throw new FakeDiscordError(`No bot message with a button "${o.customId}" is known; pass \`message\` explicitly.`);
    }
    const dm = o.dm ?? !isGuildChannel(this.ctx.world, message.channel_id);
    const base = this.#base({ ...o, dm, guild: o.guild ?? guildOfChannel(this.ctx.world, message.channel_id)?.id });
    const data: APIMessageButtonInteractionData = { custom_id: o.customId, component_type: ComponentType.Button };
    return { ...base, type: InteractionType.MessageComponent, message, data };
  }

  messageContextMenu(o: MessageContextMenuOptions): APIMessageApplicationCommandInteraction {
    const dm = o.dm ?? !isGuildChannel(this.ctx.world, o.target.channel_id);
    const guild = o.guild ?? guildOfChannel(this.ctx.world, o.target.channel_id)?.id;
    const base = this.#base({ ...o, dm, guild });
    return {
      ...base,
      type: InteractionType.ApplicationCommand,
      data: {
        ...this.#command(o.name, ApplicationCommandType.Message, dm, o.commandId, guild),
        name: o.name,
        type: ApplicationCommandType.Message,
        target_id: o.target.id,
        resolved: { messages: { [o.target.id]: o.target } },
      },
    };
  }

  /** A user's message as MESSAGE_CREATE data. Mentions are parsed from `<@id>` in the content. */
  message(o: UserMessageOptions): MessageCreateData {
    const world = this.ctx.world;
    const author = this.#actor(o.as);
    const id = this.ctx.snowflakes.next();
    const dm = o.dm ?? false;
    const guild = this.#guild(o.guild);
    const channelId = dm ? this.ctx.dmChannelFor(author).id : guild.channel.id;
    const mentioned = mentionedUsers(world, o.content);
    if (o.replyTo && (o.replyPing ?? true) && !mentioned.some((u) => u.id === o.replyTo!.author.id)) {
      mentioned.push(o.replyTo.author);
    }
    const guildMember = dm ? undefined : this.#memberOf(author);
    return {
      id,
      channel_id: channelId,
      ...(dm ? {} : { guild_id: guild.id }),
      channel_type: dm ? ChannelType.DM : ChannelType.GuildText,
      author,
      ...(guildMember ? { member: stripUserFromMember(guildMember) } : {}),
      content: o.content,
      timestamp: snowflakeTimestamp(id),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: mentioned.map((u) => {
        const m = dm ? undefined : this.#memberOf(u);
        return m ? { ...u, member: stripUserFromMember(m) } : u;
      }),
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      type: o.replyTo ? MessageType.Reply : MessageType.Default,
      flags: noFlags(),
      nonce: id,
      ...(o.replyTo
        ? {
            message_reference: {
              type: 0,
              message_id: o.replyTo.id,
              channel_id: o.replyTo.channel_id,
              ...(dm ? {} : { guild_id: guildOfChannel(world, o.replyTo.channel_id)?.id ?? guild.id }),
            },
            referenced_message: o.replyTo,
          }
        : {}),
    };
  }

  /**
   * The command's id, plus `guild_id` only when it is registered as a guild
   * command (Discord omits `data.guild_id` for global commands used in a guild).
   */
  #command(name: string, type: ApplicationCommandType, dm: boolean | undefined, explicitId: Snowflake | undefined, guild?: Snowflake) {
    const guildId = this.#guild(guild).id;
    const guildCommand = dm ? undefined : this.ctx.findCommand(name, type, guildId);
    const id = explicitId ?? guildCommand?.id ?? this.ctx.findCommand(name, type, null)?.id ?? this.ctx.snowflakes.next();
    return { id, ...(guildCommand && guildCommand.id === id ? { guild_id: guildId } : {}) };
  }

  #guild(id: Snowflake | undefined): FakeGuild {
    if (id === undefined) return this.ctx.world.guilds[0]!;
    const guild = this.ctx.world.guilds.find((g) => g.id === id);
    if (!guild) throw new FakeDiscordError(`No guild ${id} in the fake's world (guilds: ${this.ctx.world.guilds.map((g) => g.id).join(', ')}).`);
    return guild;
  }

  #actor(actor: Actor | undefined): APIUser {
    if (actor === undefined || actor === 'member') return this.ctx.world.users.member;
    if (actor === 'admin') return this.ctx.world.users.admin;
    return actor;
  }

  /** The world's member object for `u`, or a fresh role-less member for any other user. */
  #memberOf(u: APIUser): APIGuildMember {
    const { members } = this.ctx.world;
    return [members.bot, members.admin, members.member].find((m) => m.user.id === u.id) ?? member(u, []);
  }

  #permissionsOf(u: APIUser): string {
    const w = this.ctx.world;
    if (u.id === w.users.admin.id) return w.permissions.admin;
    return w.permissions.member;
  }

  /** Fields every interaction shares; guild vs DM decides member/user and context. */
  #base(o: WhereOptions) {
    const world = this.ctx.world;
    const who = this.#actor(o.as);
    const id = this.ctx.snowflakes.next();
    const common = {
      id,
      application_id: world.applicationId,
      token: interactionToken(id),
      version: 1 as const,
      locale: Locale.EnglishUS,
      entitlements: [],
      attachment_size_limit: 10 * 1024 * 1024,
    };
    if (o.dm) {
      const channel = this.ctx.dmChannelFor(who);
      return {
        ...common,
        user: who,
        channel_id: channel.id,
        channel: { id: channel.id, type: ChannelType.DM as const, last_message_id: channel.last_message_id ?? null, flags: noFlags(), recipients: [who] },
        app_permissions: BOT_PERMISSIONS,
        authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: '0' },
        context: InteractionContextType.BotDM,
      };
    }
    const m = this.#memberOf(who);
    const interactionMember: APIInteractionGuildMember = { ...m, user: who, permissions: this.#permissionsOf(who) };
    const guild = this.#guild(o.guild);
    const channel = guild.channel;
    return {
      ...common,
      guild_id: guild.id,
      guild: { id: guild.id, locale: Locale.EnglishUS, features: [] },
      guild_locale: Locale.EnglishUS,
      member: interactionMember,
      channel_id: channel.id,
      channel: { ...channel },
      app_permissions: world.permissions.bot,
      authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: guild.id },
      context: InteractionContextType.Guild,
    };
  }
}

export function isGuildChannel(world: FakeWorld, channelId: Snowflake): boolean {
  return guildOfChannel(world, channelId) !== undefined;
}

export function guildOfChannel(world: FakeWorld, channelId: Snowflake): FakeGuild | undefined {
  return world.guilds.find((g) => g.channel.id === channelId);
}

/** Gateway messages carry the author's member object without its `user`. */
export function stripUserFromMember(m: APIGuildMember): Omit<APIGuildMember, 'user'> & { joined_at: string } {
  const { user: _user, ...rest } = m;
  return { ...rest, joined_at: rest.joined_at ?? '2023-11-14T22:13:20.000000+00:00' };
}

function toOptions(input: OptionsInput | undefined): APIApplicationCommandInteractionDataOption[] {
  if (input === undefined) return [];
  if (Array.isArray(input)) return input;
  return Object.entries(input).map(([name, value]): APIApplicationCommandInteractionDataOption => {
    if (typeof value === 'string') return { name, type: ApplicationCommandOptionType.String, value };
    if (typeof value === 'boolean') return { name, type: ApplicationCommandOptionType.Boolean, value };
    return Number.isInteger(value)
      ? { name, type: ApplicationCommandOptionType.Integer, value }
      : { name, type: ApplicationCommandOptionType.Number, value };
  });
}

/** Users of the world mentioned as `<@id>` / `<@!id>` in `content`. */
export function mentionedUsers(world: FakeWorld, content: string): APIUser[] {
  const known = [world.bot, world.users.admin, world.users.member];
  const ids = new Set([...content.matchAll(/<@!?(\d{17,20})>/g)].map((m) => m[1]!));
  return known.filter((u) => ids.has(u.id));
}

/**
 * Attachment options go where the other options are: top level, or inside the one subcommand
 * (`options: [{ type: Subcommand, name: 'add', options: [...] }]`).
 */
function withAttachments(
  options: APIApplicationCommandInteractionDataOption[],
  attachments: Record<string, APIAttachment> | undefined,
): APIApplicationCommandInteractionDataOption[] {
  if (!attachments) return options;
  const extra = Object.entries(attachments).map(([name, a]) => ({ name, type: ApplicationCommandOptionType.Attachment as const, value: a.id }));
  const sub = options.find((opt) => opt.type === ApplicationCommandOptionType.Subcommand);
  if (sub && sub.type === ApplicationCommandOptionType.Subcommand) return options.map((opt) => (opt === sub ? { ...sub, options: [...(sub.options ?? []), ...extra] } : opt));
  return [...options, ...extra];
}
