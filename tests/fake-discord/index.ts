/**
 * FakeDiscord: REST + gateway on one 127.0.0.1 port, for end-to-end tests that
 * run the real discord.js Client (in-process or as the bot process) against it.
 *
 *   const fake = new FakeDiscord();
 *   const { apiUrl } = await fake.start();
 *   const client = new Client({ intents, partials: [Partials.Channel], rest: { api: apiUrl } });
 *   await client.login('any-token');
 *   const handle = fake.sendInteraction(fake.build.chatInput({ name: 'ask', options: { question: 'hi' } }));
 *   const reply = await handle.waitForReply();
 *
 * Set FAKE_DISCORD_DEBUG=1 to print every REST request and gateway event.
 */
import { GatewayDispatchEvents } from 'discord.js';
import type { APIApplicationCommand, APIAttachment, APIInteraction, APIMessage, APIUser, GatewayIdentifyData, Snowflake } from 'discord.js';
import { createWorld, interactionToken, PayloadBuilders, Snowflakes, worldIds } from './fixtures.js';
import type { FakeIds, FakeWorld, MessageCreateData, UserMessageOptions } from './fixtures.js';
import { Gateway, GATEWAY_PATH, type DispatchOutcome, type KillOptions } from './gateway.js';
import { API_PREFIX, RestApi } from './rest.js';
import { ATTACHMENTS_PREFIX, FakeServer } from './server.js';
import { clone, FakeState, InteractionHandle, InteractionRecord } from './state.js';
import type { FailureSpec, RecordedRequest } from './types.js';
import { ChangeFeed, FakeDiscordError, FakeDiscordTimeoutError, type WaitOptions } from './waiters.js';

export { FakeDiscordError, FakeDiscordTimeoutError, InteractionHandle };
export type { WaitOptions } from './waiters.js';
export type { CallbackResponse, InteractionEvent, InteractionEventKind } from './state.js';
export type { FailureSpec, RecordedFile, RecordedRequest } from './types.js';
export type { DispatchOutcome, KillOptions } from './gateway.js';
export type {
  Actor,
  AutocompleteOptions,
  ButtonOptions,
  ChatInputOptions,
  FakeIds,
  FakeWorld,
  MessageContextMenuOptions,
  MessageCreateData,
  OptionsInput,
  PayloadBuilders,
  UserMessageOptions,
  WhereOptions,
} from './fixtures.js';
export { ALL_PERMISSIONS, BOT_PERMISSIONS, EVERYONE_PERMISSIONS } from './fixtures.js';

export interface FakeDiscordOptions {
  /** Port to listen on; default 0 (any free port). */
  port?: number;
  /** When set, REST (`Authorization: Bot <token>`) and IDENTIFY must use this token; otherwise any token works. */
  token?: string;
  /**
   * Shards the bot must run: GET /gateway/bot recommends this many, IDENTIFY must carry
   * `shard: [i, shards]`, and the world has one guild per shard (`ids.guildIds[i]` is routed to
   * shard i). Default 1 (IDENTIFY without `shard` is accepted).
   */
  shards?: number;
  /** `session_start_limit.max_concurrency` in GET /gateway/bot; default 1 like most bots. */
  maxConcurrency?: number;
  /** HELLO's heartbeat_interval; default 41250 like Discord. */
  heartbeatIntervalMs?: number;
  /** Deadline for the initial interaction response, after which the callback gets 404 10062; default 3000 like Discord. */
  interactionDeadlineMs?: number;
  /** Send MESSAGE_CREATE/UPDATE/DELETE for the bot's own non-ephemeral messages, as Discord does; default true. */
  echoBotMessages?: boolean;
  /** Timeout for every `waitFor*` without its own; default 5000 ms. */
  defaultTimeoutMs?: number;
  /** Debug log sink; defaults to stderr when FAKE_DISCORD_DEBUG is set, else silent. */
  log?: (line: string) => void;
}

export interface FakeDiscordAddress {
  port: number;
  /** Pass as `rest.api` (discord.js appends `/v10`) or as DISCORD_API_URL to the bot. */
  apiUrl: string;
  gatewayUrl: string;
}

/** A user message the fake dispatched as MESSAGE_CREATE. */
export interface SentMessage {
  /** The message as Discord stores it (REST shape, full content). */
  readonly message: APIMessage;
  /** 'filtered' when the bot's intents keep it from receiving the event at all. */
  readonly outcome: DispatchOutcome;
  /** The first bot message posted in the same channel after this one (matching `predicate`). */
  waitForBotMessage(predicate?: (m: APIMessage) => boolean, options?: WaitOptions): Promise<APIMessage>;
  /** The first bot message that replies to this one (`message_reference.message_id`). */
  waitForReply(options?: WaitOptions): Promise<APIMessage>;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An INTERACTION_CREATE payload; `id` and `token` are generated when absent. */
export type InteractionInput = DistributiveOmit<APIInteraction, 'id' | 'token'> & { id?: Snowflake; token?: string };

function isMessageCreateData(input: MessageCreateData | UserMessageOptions): input is MessageCreateData {
  return 'id' in input && 'channel_id' in input;
}

export class FakeDiscord {
  readonly world: FakeWorld;
  readonly ids: FakeIds;
  /** Payload builders: `fake.sendInteraction(fake.build.chatInput({...}))`. */
  readonly build: PayloadBuilders;

  readonly #options: Required<Omit<FakeDiscordOptions, 'token' | 'log'>> & Pick<FakeDiscordOptions, 'token'>;
  readonly #log: (line: string) => void;
  readonly #feed: ChangeFeed;
  readonly #snowflakes = new Snowflakes();
  readonly #state: FakeState;
  readonly #gateway: Gateway;
  readonly #rest: RestApi;
  readonly #server: FakeServer;
  #port = 0;
  #running = false;
  #stopped = false;
  #lastRequestAt = 0;
  readonly #attachments = new Map<string, { bytes: Uint8Array; contentType: string }>();

  constructor(options: FakeDiscordOptions = {}) {
    this.#options = {
      port: options.port ?? 0,
      token: options.token,
      shards: options.shards ?? 1,
      maxConcurrency: options.maxConcurrency ?? 1,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      interactionDeadlineMs: options.interactionDeadlineMs ?? 3_000,
      echoBotMessages: options.echoBotMessages ?? true,
      defaultTimeoutMs: options.defaultTimeoutMs ?? 5_000,
    };
    this.#log = options.log ?? (process.env['FAKE_DISCORD_DEBUG'] ? (line) => process.stderr.write(`[fake-discord] ${line}\n`) : () => {});
    this.world = createWorld(this.#options.shards);
    this.ids = worldIds(this.world);
    const snowflakes = this.#snowflakes;
    this.#feed = new ChangeFeed(this.#options.defaultTimeoutMs);
    this.#state = new FakeState(this.world, snowflakes, this.#feed, this.#options.echoBotMessages);
    this.#gateway = new Gateway({
      world: this.world,
      feed: this.#feed,
      heartbeatIntervalMs: this.#options.heartbeatIntervalMs,
      shards: this.#options.shards,
      ...(this.#options.token !== undefined ? { token: this.#options.token } : {}),
      url: () => this.gatewayUrl,
      log: this.#log,
    });
    this.#state.dispatcher = (event, data) => this.#gateway.dispatchIfSession(event, data);
    this.#rest = new RestApi(this.#state, {
      ...(this.#options.token !== undefined ? { token: this.#options.token } : {}),
      interactionDeadlineMs: this.#options.interactionDeadlineMs,
      gatewayUrl: () => this.gatewayUrl,
      identifyCount: () => this.#gateway.identifyCount,
      shards: this.#options.shards,
      maxConcurrency: this.#options.maxConcurrency,
    });
    this.#server = new FakeServer({
      gateway: this.#gateway,
      handle: (req) => this.#rest.handle(req),
      record: (req) => {
        this.#state.requests.push(req);
        this.#lastRequestAt = Date.now();
      },
      responded: () => this.#feed.notify(),
      log: this.#log,
      attachment: (urlPath) => this.#attachments.get(urlPath),
    });
    const state = this.#state;
    this.build = new PayloadBuilders({
      world: this.world,
      snowflakes,
      findCommand: (name, type, guildId) => state.findCommand(name, type, guildId),
      findBotMessageWithButton: (customId) => state.findBotMessageWithButton(customId),
      dmChannelFor: (u) => state.dmChannelFor(u),
    });
  }

  // --- lifecycle --------------------------------------------------------------

  async start(): Promise<FakeDiscordAddress> {
    if (this.#running) throw new FakeDiscordError('FakeDiscord is already started.');
    // The WebSocket server cannot be reopened once closed; a fresh instance is cheap.
    if (this.#stopped) throw new FakeDiscordError('A stopped FakeDiscord cannot be restarted; create a new one.');
    this.#port = await this.#server.listen(this.#options.port);
    this.#running = true;
    this.#log(`listening on ${this.apiUrl}`);
    return { port: this.#port, apiUrl: this.apiUrl, gatewayUrl: this.gatewayUrl };
  }

  /** Closes every socket at once (no graceful close handshake), so it returns in milliseconds. */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#stopped = true;
    this.#feed.close('FakeDiscord was stopped');
    await this.#gateway.close();
    await this.#server.close();
  }

  get port(): number {
    return this.#port;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.#port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.#port}${GATEWAY_PATH}`;
  }

  /**
   * An uploaded file, as a slash command's attachment option refers to it
   * (`fake.build.chatInput({ ..., attachments: { file: fake.addAttachment(...) } })`). Its `url`
   * serves the bytes from this server (loopback), like Discord's CDN. `size` may be overridden
   * to test what a bot does with the size Discord reports.
   */
  addAttachment(o: { filename: string; bytes: Uint8Array | string; contentType?: string; size?: number }): APIAttachment {
    const bytes = typeof o.bytes === 'string' ? new TextEncoder().encode(o.bytes) : o.bytes;
    const id = this.#snowflakes.next();
    const urlPath = `${ATTACHMENTS_PREFIX}/${this.world.channels.text.id}/${id}/${encodeURIComponent(o.filename)}`;
    const contentType = o.contentType ?? 'application/octet-stream';
    this.#attachments.set(urlPath, { bytes, contentType });
    const url = `http://127.0.0.1:${this.#port}${urlPath}`;
    return { id, filename: o.filename, size: o.size ?? bytes.length, url, proxy_url: url, content_type: contentType };
  }

  /** Client options pointing discord.js at the fake: `new Client({ intents, ...fake.clientOptions() })`. */
  clientOptions(): { rest: { api: string } } {
    return { rest: { api: this.apiUrl } };
  }

  /** `<@id>` mention markup. */
  mention(userId: Snowflake): string {
    return `<@${userId}>`;
  }

  // --- gateway ----------------------------------------------------------------

  get identifyCount(): number {
    return this.#gateway.identifyCount;
  }

  get resumeCount(): number {
    return this.#gateway.resumeCount;
  }

  get gatewayConnected(): boolean {
    return this.#gateway.connected;
  }

  /** The last IDENTIFY payload (intents, properties, presence...). */
  get lastIdentify(): GatewayIdentifyData | null {
    return this.#gateway.lastIdentify;
  }

  /** The shard Discord would send this guild's events to (0 for DMs). */
  shardOf(guildId: Snowflake | undefined): number {
    return this.#gateway.shardFor(guildId === undefined ? {} : { guild_id: guildId });
  }

  /**
   * Resolves once READY and GUILD_CREATE went out for the `identifyCount`-th IDENTIFY (default 1)
   * and every shard is connected.
   */
  waitForReady(options: WaitOptions & { identifyCount?: number } = {}): Promise<void> {
    const target = options.identifyCount ?? 1;
    return this.#feed.waitFor(
      () => (this.#gateway.identifyCount >= target && this.#gateway.connected ? true : undefined),
      `IDENTIFY #${target} and READY`,
      options,
      () => this.#gatewaySummary(),
    ).then(() => undefined);
  }

  /** Resolves once the `resumeCount`-th RESUME (default 1) was answered with RESUMED. */
  waitForResumed(options: WaitOptions & { resumeCount?: number } = {}): Promise<void> {
    const target = options.resumeCount ?? 1;
    return this.#feed.waitFor(
      () => (this.#gateway.resumeCount >= target && this.#gateway.connected ? true : undefined),
      `RESUME #${target} and RESUMED`,
      options,
      () => this.#gatewaySummary(),
    ).then(() => undefined);
  }

  /**
   * Drops the bot's gateway connection. By default the TCP connection is cut
   * (`terminate()`, close code 1006 on the client), which discord.js answers by
   * reconnecting and RESUMEing after ~0.5 s. `stayOffline` keeps new connections
   * waiting for HELLO until `restoreGateway()`; dispatches in between are queued
   * and replayed on RESUME.
   */
  killGatewayConnection(options: KillOptions = {}): Promise<void> {
    return this.#gateway.kill(options);
  }

  restoreGateway(): void {
    this.#gateway.restore();
  }

  /** Raw dispatch for events the helpers do not cover. */
  dispatch(event: GatewayDispatchEvents | string, data: unknown): DispatchOutcome {
    return this.#gateway.dispatch(event, data);
  }

  // --- interactions -----------------------------------------------------------

  /** Dispatches INTERACTION_CREATE (queued if the bot is disconnected) and tracks every response to it. */
  sendInteraction(input: InteractionInput, opts: { ageMs?: number } = {}): InteractionHandle {
    if (!this.#gateway.hasSession) {
      throw new FakeDiscordError('sendInteraction: no bot has identified yet (await fake.waitForReady() first).');
    }
    // An aged interaction was created (snowflake time) and its deadline started `ageMs` ago, as
    // when the gateway delivers late.
    const ageMs = opts.ageMs ?? 0;
    const id = ageMs > 0 ? this.#snowflakes.aged(ageMs) : (input.id ?? this.#snowflakes.next());
    const token = ageMs > 0 || !input.token ? interactionToken(id) : input.token;
    // The spread of a distributive Omit plus the two keys is exactly an APIInteraction again.
    const payload = { ...clone(input), id, token } as APIInteraction;
    if (this.#state.interactionsById.has(payload.id) || this.#state.interactionsByToken.has(payload.token)) {
      throw new FakeDiscordError(`sendInteraction: interaction ${payload.id} was already sent; build a new one.`);
    }
    const record = new InteractionRecord(payload, Date.now() - ageMs);
    this.#state.interactionsById.set(payload.id, record);
    this.#state.interactionsByToken.set(payload.token, record);
    const actor: APIUser | undefined = payload.member?.user ?? payload.user;
    if (actor) this.#state.users.set(actor.id, actor);
    this.#gateway.dispatch(GatewayDispatchEvents.InteractionCreate, record.payload);
    return new InteractionHandle(record, this.#state);
  }

  // --- messages ---------------------------------------------------------------

  /**
   * Dispatches MESSAGE_CREATE for a user message: either builder options
   * (`{content, as, dm, replyTo}`) or a complete payload. Returns a handle to wait
   * for the bot's answer.
   */
  sendMessage(input: UserMessageOptions | MessageCreateData): SentMessage {
    if (!this.#gateway.hasSession) {
      throw new FakeDiscordError('sendMessage: no bot has identified yet (await fake.waitForReady() first).');
    }
    const data = isMessageCreateData(input) ? clone(input) : this.build.message(input);
    const { guild_id: _g, member: _m, channel_type: _c, ...stored } = data;
    const message = stored as APIMessage; // the gateway-only fields are removed; the rest is the REST shape
    this.#state.users.set(message.author.id, message.author);
    const botMessagesBefore = new Set(this.#state.botMessageIds);
    this.#state.addMessage(clone(message));
    const outcome = this.#gateway.dispatch(GatewayDispatchEvents.MessageCreate, data);
    const state = this.#state;
    const channelId = message.channel_id;
    const later = (predicate: (m: APIMessage) => boolean) =>
      state.channelMessages(channelId).find((m) => m.author.id === this.world.bot.id && !botMessagesBefore.has(m.id) && predicate(m));
    return {
      message: clone(message),
      outcome,
      waitForBotMessage: (predicate = () => true, options) =>
        this.#feed.waitFor(
          () => {
            const found = later(predicate);
            return found ? clone(found) : undefined;
          },
          `a bot message in channel ${channelId} after message ${message.id}`,
          options,
          () => this.#recentRequests(),
        ),
      waitForReply: (options) =>
        this.#feed.waitFor(
          () => {
            const found = later((m) => m.message_reference?.message_id === message.id);
            return found ? clone(found) : undefined;
          },
          `a bot reply to message ${message.id}`,
          options,
          () => this.#recentRequests(),
        ),
    };
  }

  /** Non-ephemeral messages in a channel (users' and the bot's), oldest first, current state. */
  channelMessages(channelId: Snowflake): APIMessage[] {
    return this.#state.channelMessages(channelId).map(clone);
  }

  /** The first bot message in `channelId` (already posted or future) matching `predicate`. */
  waitForChannelMessage(channelId: Snowflake, predicate: (m: APIMessage) => boolean = () => true, options?: WaitOptions): Promise<APIMessage> {
    return this.#feed.waitFor(
      () => {
        const found = this.#state.channelMessages(channelId).find((m) => m.author.id === this.world.bot.id && predicate(m));
        return found ? clone(found) : undefined;
      },
      `a bot message in channel ${channelId}`,
      options,
      () => this.#recentRequests(),
    );
  }

  // --- REST log & fault injection -----------------------------------------------

  /** Every HTTP request received, in arrival order. */
  get requests(): readonly RecordedRequest[] {
    return [...this.#state.requests];
  }

  /** Requests that matched no route (answered 404 `Unknown route`). */
  unexpectedRequests(): RecordedRequest[] {
    return this.#state.requests.filter((r) => r.routeName === null && !r.injected);
  }

  /** Requests answered with an error by a route (not by `failNext`). */
  failedRequests(): RecordedRequest[] {
    return this.#state.requests.filter((r) => r.status >= 400 && !r.injected);
  }

  /** Commands registered through bulk overwrite / create. */
  get commands(): { global: readonly APIApplicationCommand[]; guild: readonly APIApplicationCommand[] } {
    return {
      global: clone(this.#state.commands.get('global') ?? []),
      guild: clone(this.#state.commands.get(this.world.guild.id) ?? []),
    };
  }

  /** The first request (past or future) matching `predicate`, once answered. */
  waitForRequest(predicate: (r: RecordedRequest) => boolean, options?: WaitOptions): Promise<RecordedRequest> {
    return this.#feed.waitFor(
      () => this.#state.requests.find((r) => r.status !== 0 && predicate(r)),
      'a matching REST request',
      options,
      () => this.#recentRequests(),
    );
  }

  /** Resolves once no request has arrived for `quietMs` (to assert "nothing more happens"). */
  async waitForQuiet(quietMs = 150, options: WaitOptions = {}): Promise<void> {
    const deadline = Date.now() + (options.timeoutMs ?? this.#options.defaultTimeoutMs);
    for (;;) {
      const idle = Date.now() - this.#lastRequestAt;
      if (idle >= quietMs) return;
      if (Date.now() + (quietMs - idle) > deadline) {
        throw new FakeDiscordTimeoutError(`REST traffic did not go quiet for ${quietMs} ms.\n${this.#recentRequests()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, quietMs - idle));
    }
  }

  /**
   * Makes the next matching request(s) fail. `pattern` is a route relative to
   * `/api/v10` with `:param` or `*` segments (a `/api/v10` prefix is accepted), or
   * a RegExp tested against that route; `method` may be '*'.
   *
   *   fake.failNext('POST', '/interactions/:id/:token/callback', { status: 429, retryAfter: 0.3 });
   */
  failNext(method: string, pattern: string | RegExp, spec: FailureSpec): void {
    const pat = typeof pattern === 'string' && pattern.startsWith(API_PREFIX) ? pattern.slice(API_PREFIX.length) : pattern;
    this.#rest.failNext({ method: method.toUpperCase(), pattern: pat, spec, remaining: spec.times ?? 1 });
  }

  // --- diagnostics --------------------------------------------------------------

  #recentRequests(): string {
    const recent = this.#state.requests.slice(-15);
    if (recent.length === 0) return 'No REST requests were received.';
    return ['Last REST requests:', ...recent.map((r) => `  #${r.seq} ${r.method} ${r.route} -> ${r.status}${r.injected ? ' (injected)' : ''}`)].join('\n');
  }

  #gatewaySummary(): string {
    const g = this.#gateway;
    return `Gateway: identify=${g.identifyCount} resume=${g.resumeCount} connected=${g.connected} seq=${g.sequence}.`;
  }
}
