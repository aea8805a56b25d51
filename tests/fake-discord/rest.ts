/**
 * REST half of the fake: a table of `METHOD /pattern` routes relative to
 * `/api/v10`, each answering with what Discord would answer (same status codes,
 * JSON error codes and object shapes that discord.js reads).
 */
import {
  ApplicationCommandType,
  GatewayDispatchEvents,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  MessageType,
} from 'discord.js';
import type { APIApplicationCommand, APIInteraction, APIMessage, RESTPostAPIInteractionCallbackJSONBody, Snowflake } from 'discord.js';
import { guildCreatePayload } from './fixtures.js';
import { clone, type FakeState, type InteractionEventKind, type InteractionRecord } from './state.js';
import type { FailureRule, RecordedRequest, RestResponse } from './types.js';
import { formBodyError, validateAutocompleteChoices, validateCommands, validateMessageBody, type FieldError } from './validation.js';

type JsonObject = Record<string, unknown>;
type Params = Readonly<Record<string, string>>;
type Handler = (req: RecordedRequest, params: Params) => RestResponse;

interface Route {
  readonly method: string;
  readonly pattern: string;
  readonly segments: readonly string[];
  /** Interaction callbacks and webhook-token routes need no bot token. */
  readonly auth: boolean;
  readonly handler: Handler;
}

export const API_PREFIX = '/api/v10';

function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function json(status: number, body: unknown): RestResponse {
  return { status, body };
}

const noContent: RestResponse = { status: 204 };

function discordError(status: number, code: number, message: string): RestResponse {
  return json(status, { message, code });
}

const errors = {
  unknownRoute: () => discordError(404, 0, 'Unknown route'),
  unauthorized: () => discordError(401, 0, '401: Unauthorized'),
  unknownChannel: () => discordError(404, 10003, 'Unknown Channel'),
  unknownMessage: () => discordError(404, 10008, 'Unknown Message'),
  unknownUser: () => discordError(404, 10013, 'Unknown User'),
  unknownWebhook: () => discordError(404, 10015, 'Unknown Webhook'),
  unknownCommand: () => discordError(404, 10063, 'Unknown application command'),
  unknownInteraction: () => discordError(404, 10062, 'Unknown interaction'),
  alreadyAcknowledged: () => discordError(400, 40060, 'Interaction has already been acknowledged.'),
  missingAccess: () => discordError(403, 50001, 'Missing Access'),
  cannotEditOthers: () => discordError(403, 50005, 'Cannot edit a message authored by another user'),
  invalidForm: (errs: FieldError[]): RestResponse =>
    errs.some((e) => e.code === 'MESSAGE_EMPTY')
      ? discordError(400, 50006, 'Cannot send an empty message')
      : json(400, formBodyError(errs)),
};

/** `:name` matches one segment, `*` one segment, a trailing `**` the rest. */
export function matchPattern(patternSegments: readonly string[], pathSegments: readonly string[]): Params | null {
  const params: Record<string, string> = {};
  for (let i = 0; i < patternSegments.length; i++) {
    const p = patternSegments[i]!;
    if (p === '**') return params;
    const s = pathSegments[i];
    if (s === undefined) return null;
    if (p.startsWith(':')) params[p.slice(1)] = s;
    else if (p !== '*' && p !== s) return null;
  }
  return patternSegments.length === pathSegments.length ? params : null;
}

export function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

export interface RestApiOptions {
  /** When set, authenticated routes require exactly `Bot <token>`. */
  token?: string;
  /** Initial-response deadline; Discord's is 3 s. */
  interactionDeadlineMs: number;
  gatewayUrl(): string;
  identifyCount(): number;
  /** Recommended shard count in GET /gateway/bot. */
  shards: number;
  /** Sessions that may IDENTIFY at once (Discord gives large bots 16). */
  maxConcurrency: number;
}

export class RestApi {
  readonly #routes: Route[] = [];
  readonly #failures: FailureRule[] = [];

  constructor(
    private readonly state: FakeState,
    private readonly options: RestApiOptions,
  ) {
    this.#defineRoutes();
  }

  failNext(rule: FailureRule): void {
    this.#failures.push(rule);
  }

  /** Routes a recorded request; sets `routeName` on it and returns the response to send. */
  handle(req: RecordedRequest): RestResponse & { injected: boolean } {
    const failure = this.#takeFailure(req);
    if (failure && !failure.afterHandling) {
      const found = this.#find(req);
      req.routeName = found ? `${found.route.method} ${found.route.pattern}` : null;
      return { ...failure.response, injected: true };
    }
    if (failure) {
      this.#handle(req);
      return { ...failure.response, injected: true };
    }
    return this.#handle(req);
  }

  #handle(req: RecordedRequest): RestResponse & { injected: boolean } {
    const found = this.#find(req);
    if (!found) return { ...errors.unknownRoute(), injected: false };
    req.routeName = `${found.route.method} ${found.route.pattern}`;
    if (found.route.auth) {
      const auth = req.headers['authorization'];
      const expected = this.options.token === undefined ? undefined : `Bot ${this.options.token}`;
      if (!auth?.startsWith('Bot ') || (expected !== undefined && auth !== expected)) {
        return { ...errors.unauthorized(), injected: false };
      }
    }
    return { ...found.route.handler(req, found.params), injected: false };
  }

  #find(req: RecordedRequest): { route: Route; params: Params } | undefined {
    if (!req.path.startsWith(`${API_PREFIX}/`)) return undefined;
    const segments = splitPath(req.route);
    for (const route of this.#routes) {
      if (route.method !== req.method) continue;
      const params = matchPattern(route.segments, segments);
      if (params) return { route, params };
    }
    return undefined;
  }

  #takeFailure(req: RecordedRequest): { response: RestResponse; afterHandling: boolean } | undefined {
    const index = this.#failures.findIndex((rule) => {
      if (rule.remaining <= 0) return false;
      if (rule.method !== '*' && rule.method.toUpperCase() !== req.method) return false;
      if (rule.pattern instanceof RegExp) return rule.pattern.test(req.route);
      const pattern = rule.pattern.startsWith(API_PREFIX) ? rule.pattern.slice(API_PREFIX.length) : rule.pattern;
      return matchPattern(splitPath(pattern), splitPath(req.route)) !== null;
    });
    if (index === -1) return undefined;
    const rule = this.#failures[index]!;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.#failures.splice(index, 1);
    const { spec } = rule;
    return { response: this.#failureResponse(spec), afterHandling: spec.afterHandling ?? false };
  }

  #failureResponse(spec: FailureRule['spec']): RestResponse {
    if (spec.status === 429) {
      const retryAfter = spec.retryAfter ?? 1;
      return {
        status: 429,
        // discord.js only reads the header; the body's retry_after alone would make it retry at once.
        headers: {
          'Retry-After': String(retryAfter),
          'X-RateLimit-Scope': spec.global ? 'global' : 'user',
          ...(spec.global ? { 'X-RateLimit-Global': 'true' } : {}),
        },
        body: spec.body ?? { message: 'You are being rate limited.', retry_after: retryAfter, global: spec.global ?? false },
      };
    }
    return { status: spec.status, body: spec.body ?? { message: `${spec.status}: Injected failure`, code: 0 } };
  }

  #route(method: string, pattern: string, handler: Handler, auth = true): void {
    this.#routes.push({ method, pattern, segments: splitPath(pattern), auth, handler });
  }

  #defineRoutes(): void {
    const s = this.state;
    const w = s.world;

    // --- gateway & identity
    const gatewayBot = (): RestResponse =>
      json(200, {
        url: this.options.gatewayUrl(),
        shards: this.options.shards,
        session_start_limit: {
          total: 1000,
          remaining: Math.max(0, 1000 - this.options.identifyCount()),
          reset_after: 14_400_000,
          max_concurrency: this.options.maxConcurrency,
        },
      });
    this.#route('GET', '/gateway/bot', gatewayBot);
    this.#route('GET', '/gateway', () => json(200, { url: this.options.gatewayUrl() }), false);
    this.#route('GET', '/users/@me', () => json(200, { ...w.bot, verified: true, mfa_enabled: false, locale: 'en-US', email: null }));
    this.#route('GET', '/users/:userId', (_req, p) => {
      const u = s.users.get(p['userId']!);
      return u ? json(200, u) : errors.unknownUser();
    });
    const application = (): RestResponse => json(200, this.#application());
    this.#route('GET', '/applications/@me', application);
    this.#route('GET', '/oauth2/applications/@me', application);

    // --- interactions
    this.#route('POST', '/interactions/:id/:token/callback', (req, p) => this.#callback(req, p), false);
    this.#route('GET', '/webhooks/:appId/:token/messages/:messageId', (req, p) => this.#webhookMessage(req, p, 'get'), false);
    this.#route('PATCH', '/webhooks/:appId/:token/messages/:messageId', (req, p) => this.#webhookMessage(req, p, 'edit'), false);
    this.#route('DELETE', '/webhooks/:appId/:token/messages/:messageId', (req, p) => this.#webhookMessage(req, p, 'delete'), false);
    this.#route('POST', '/webhooks/:appId/:token', (req, p) => this.#followup(req, p), false);

    // --- channels & messages
    this.#route('GET', '/channels/:channelId', (_req, p) => {
      const channel = s.channels.get(p['channelId']!);
      return channel ? json(200, channel) : errors.unknownChannel();
    });
    this.#route('POST', '/channels/:channelId/typing', (_req, p) => (s.channels.has(p['channelId']!) ? noContent : errors.unknownChannel()));
    this.#route('POST', '/channels/:channelId/messages', (req, p) => this.#createChannelMessage(req, p['channelId']!));
    this.#route('GET', '/channels/:channelId/messages', (req, p) => {
      if (!s.channels.has(p['channelId']!)) return errors.unknownChannel();
      const limit = Math.min(100, Number(req.query['limit'] ?? 50));
      return json(200, s.channelMessages(p['channelId']!).reverse().slice(0, limit));
    });
    this.#route('GET', '/channels/:channelId/messages/:messageId', (_req, p) => {
      const message = s.messages.get(p['messageId']!);
      return message && message.channel_id === p['channelId'] && ((message.flags ?? 0) & MessageFlags.Ephemeral) === 0
        ? json(200, message)
        : errors.unknownMessage();
    });
    this.#route('PATCH', '/channels/:channelId/messages/:messageId', (req, p) => {
      const message = s.messages.get(p['messageId']!);
      if (!message || message.channel_id !== p['channelId']) return errors.unknownMessage();
      if (message.author.id !== w.bot.id) return errors.cannotEditOthers();
      const body = isRecord(req.body) ? req.body : {};
      const problems = validateMessageBody(body, '', { requireSomething: false, hasFiles: req.files.length > 0 });
      if (problems.length > 0) return errors.invalidForm(problems);
      const edited = s.applyEdit(message, body, req.files);
      s.echo(GatewayDispatchEvents.MessageUpdate, edited);
      return json(200, edited);
    });
    this.#route('DELETE', '/channels/:channelId/messages/:messageId', (_req, p) => {
      const message = s.messages.get(p['messageId']!);
      if (!message || message.channel_id !== p['channelId']) return errors.unknownMessage();
      s.deleteMessage(message.id);
      s.echoDelete(message);
      return noContent;
    });
    this.#route('PUT', '/channels/:channelId/messages/:messageId/reactions/:emoji/@me', (_req, p) =>
      s.messages.has(p['messageId']!) ? noContent : errors.unknownMessage(),
    );
    this.#route('POST', '/users/@me/channels', (req) => {
      const recipientId = isRecord(req.body) ? String(req.body['recipient_id']) : '';
      const u = s.users.get(recipientId);
      if (!u) return discordError(400, 50033, 'Invalid Recipient(s)');
      return json(200, s.dmChannelFor(u));
    });

    // --- guild
    this.#route('GET', '/guilds/:guildId', (_req, p) => {
      if (p['guildId'] !== w.guild.id) return missingGuild();
      const { channels: _c, members: _m, threads: _t, presences: _p, voice_states: _v, ...guild } = guildCreatePayload(w, false);
      return json(200, guild);
    });
    this.#route('GET', '/guilds/:guildId/channels', (_req, p) => (p['guildId'] === w.guild.id ? json(200, [w.channels.text]) : missingGuild()));
    this.#route('GET', '/guilds/:guildId/roles', (_req, p) =>
      p['guildId'] === w.guild.id ? json(200, [w.roles.everyone, w.roles.bot, w.roles.admin]) : missingGuild(),
    );
    this.#route('GET', '/guilds/:guildId/members/:userId', (_req, p) => {
      if (p['guildId'] !== w.guild.id) return missingGuild();
      const m = [w.members.bot, w.members.admin, w.members.member].find((x) => x.user.id === p['userId']);
      return m ? json(200, m) : discordError(404, 10007, 'Unknown Member');
    });

    // --- application commands (global and guild)
    for (const scope of ['/applications/:appId/commands', '/applications/:appId/guilds/:guildId/commands']) {
      this.#route('GET', scope, (_req, p) => this.#withCommandScope(p, (key) => json(200, s.commands.get(key) ?? [])));
      this.#route('PUT', scope, (req, p) => this.#withCommandScope(p, (key) => this.#overwriteCommands(key, p, req.body)));
      this.#route('POST', scope, (req, p) =>
        this.#withCommandScope(p, (key) => {
          const existing = (s.commands.get(key) ?? []).filter((c) => !(isRecord(req.body) && c.name === req.body['name']));
          const response = this.#overwriteCommands(key, p, [...existing, req.body]);
          if (response.status !== 200) return response;
          const created = (s.commands.get(key) ?? []).find((c) => isRecord(req.body) && c.name === req.body['name']);
          return json(201, created);
        }),
      );
      this.#route('GET', `${scope}/:commandId`, (_req, p) =>
        this.#withCommandScope(p, (key) => {
          const command = s.commands.get(key)?.find((c) => c.id === p['commandId']);
          return command ? json(200, command) : errors.unknownCommand();
        }),
      );
      this.#route('DELETE', `${scope}/:commandId`, (_req, p) =>
        this.#withCommandScope(p, (key) => {
          const list = s.commands.get(key) ?? [];
          if (!list.some((c) => c.id === p['commandId'])) return errors.unknownCommand();
          s.commands.set(key, list.filter((c) => c.id !== p['commandId']));
          s.feed.notify();
          return noContent;
        }),
      );
    }

    function missingGuild(): RestResponse {
      return discordError(404, 10004, 'Unknown Guild');
    }
  }

  #application(): JsonObject {
    const w = this.state.world;
    return {
      id: w.applicationId,
      name: w.bot.username,
      icon: null,
      description: 'Fake application',
      summary: '',
      type: null,
      bot_public: false,
      bot_require_code_grant: false,
      verify_key: '0'.repeat(64),
      flags: 0,
      owner: w.users.admin,
      team: null,
      bot: w.bot,
      guild_id: null,
      approximate_guild_count: 1,
      install_params: { scopes: ['bot', 'applications.commands'], permissions: w.permissions.bot },
      integration_types_config: { '0': {} },
      redirect_uris: [],
      interactions_endpoint_url: null,
      tags: [],
    };
  }

  // --- commands -------------------------------------------------------------

  #withCommandScope(p: Params, run: (key: string) => RestResponse): RestResponse {
    if (p['appId'] !== this.state.world.applicationId) return errors.missingAccess();
    const guildId = p['guildId'];
    if (guildId !== undefined && guildId !== this.state.world.guild.id) return errors.missingAccess();
    return run(guildId ?? 'global');
  }

  #overwriteCommands(key: string, p: Params, body: unknown): RestResponse {
    const problems = validateCommands(body);
    if (problems.length > 0) return errors.invalidForm(problems);
    const s = this.state;
    const previous = s.commands.get(key) ?? [];
    // validateCommands checked that body is an array of commands with valid names/options;
    // the remaining fields are echoed as sent, as Discord does.
    const list = (body as unknown[]).filter(isRecord).map((cmd): APIApplicationCommand => {
      const type = typeof cmd['type'] === 'number' ? (cmd['type'] as ApplicationCommandType) : ApplicationCommandType.ChatInput;
      const name = String(cmd['name']);
      // Discord keeps a command's id across overwrites when name and type match.
      const kept = previous.find((c) => c.name === name && c.type === type);
      return {
        ...(cmd as Partial<APIApplicationCommand>),
        id: kept?.id ?? s.snowflakes.next(),
        application_id: s.world.applicationId,
        ...(p['guildId'] !== undefined ? { guild_id: p['guildId'] } : {}),
        type,
        name,
        description: typeof cmd['description'] === 'string' ? cmd['description'] : '',
        default_member_permissions: typeof cmd['default_member_permissions'] === 'string' ? cmd['default_member_permissions'] : null,
        nsfw: cmd['nsfw'] === true,
        integration_types: Array.isArray(cmd['integration_types']) ? (cmd['integration_types'] as number[]) : [0],
        contexts: Array.isArray(cmd['contexts']) ? (cmd['contexts'] as number[]) : null,
        version: s.snowflakes.next(),
      };
    });
    s.commands.set(key, list);
    s.feed.notify();
    return json(200, list);
  }

  // --- channel messages -------------------------------------------------------

  #createChannelMessage(req: RecordedRequest, channelId: Snowflake): RestResponse {
    const s = this.state;
    if (!s.channels.has(channelId)) return errors.unknownChannel();
    const body = isRecord(req.body) ? req.body : {};
    const problems = validateMessageBody(body, '', { requireSomething: true, hasFiles: req.files.length > 0 });
    const reference = isRecord(body['message_reference']) ? body['message_reference'] : undefined;
    if (reference) {
      const target = typeof reference['message_id'] === 'string' ? s.messages.get(reference['message_id']) : undefined;
      if (!target && reference['fail_if_not_exists'] !== false) {
        problems.push({ path: 'message_reference', code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' });
      }
    }
    if (problems.length > 0) return errors.invalidForm(problems);
    const referenced = reference && typeof reference['message_id'] === 'string' && s.messages.has(reference['message_id']);
    const message = s.buildBotMessage({
      channelId,
      body,
      files: req.files,
      type: referenced ? MessageType.Reply : MessageType.Default,
    });
    s.addMessage(message);
    s.echo(GatewayDispatchEvents.MessageCreate, message);
    return json(200, message);
  }

  // --- interactions -----------------------------------------------------------

  #record(record: InteractionRecord, req: RecordedRequest, kind: InteractionEventKind, response: RestResponse, message: APIMessage | null, callbackType: InteractionResponseType | null = null): RestResponse {
    // The request's status is filled in by the server after we return; record it now for the event.
    req.status = response.status;
    req.responseBody = response.body ?? null;
    record.events.push({
      kind,
      request: req,
      accepted: response.status >= 200 && response.status < 300,
      callbackType,
      message: message ? clone(message) : null,
    });
    this.state.feed.notify();
    return response;
  }

  #callback(req: RecordedRequest, p: Params): RestResponse {
    const s = this.state;
    const record = s.interactionsById.get(p['id']!);
    if (!record || record.payload.token !== p['token']) return errors.unknownInteraction();
    const reject = (response: RestResponse, type: InteractionResponseType | null = null) =>
      this.#record(record, req, 'callback', response, null, type);
    if (record.callback) return reject(errors.alreadyAcknowledged());
    if (Date.now() - record.createdAt > this.options.interactionDeadlineMs) return reject(errors.unknownInteraction());

    const body = isRecord(req.body) ? req.body : {};
    const type = Number(body['type']) as InteractionResponseType; // checked against allowedCallbackTypes below
    const data = isRecord(body['data']) ? body['data'] : undefined;
    const interaction = record.payload;
    if (!allowedCallbackTypes(interaction).includes(type)) {
      return reject(errors.invalidForm([{ path: 'type', code: 'INTERACTION_RESPONSE_TYPE_INVALID', message: 'Interaction response type is invalid for this interaction' }]), type);
    }

    let message: APIMessage | null = null;
    switch (type) {
      case InteractionResponseType.ChannelMessageWithSource: {
        const problems = validateMessageBody(data, 'data.', { requireSomething: true, hasFiles: req.files.length > 0 });
        if (problems.length > 0) return reject(errors.invalidForm(problems), type);
        message = s.buildBotMessage({ channelId: channelOf(interaction), body: data ?? {}, files: req.files, type: messageTypeFor(interaction), interaction });
        s.addMessage(message);
        s.echo(GatewayDispatchEvents.MessageCreate, message);
        record.originalId = message.id;
        break;
      }
      case InteractionResponseType.DeferredChannelMessageWithSource: {
        const flags = Number(data?.['flags'] ?? 0) & MessageFlags.Ephemeral;
        message = s.buildBotMessage({ channelId: channelOf(interaction), body: { flags }, files: [], type: messageTypeFor(interaction), interaction, forcedFlags: MessageFlags.Loading });
        s.addMessage(message);
        s.echo(GatewayDispatchEvents.MessageCreate, message);
        record.originalId = message.id;
        break;
      }
      case InteractionResponseType.DeferredMessageUpdate:
      case InteractionResponseType.UpdateMessage: {
        const target = interaction.type === InteractionType.MessageComponent ? interaction.message : interaction.type === InteractionType.ModalSubmit ? interaction.message : undefined;
        if (!target) return reject(errors.invalidForm([{ path: 'type', code: 'INTERACTION_RESPONSE_TYPE_INVALID', message: 'No message to update' }]), type);
        if (!s.messages.has(target.id)) s.messages.set(target.id, clone(target));
        record.originalId = target.id;
        if (type === InteractionResponseType.UpdateMessage) {
          const problems = validateMessageBody(data, 'data.', { requireSomething: false, hasFiles: req.files.length > 0 });
          if (problems.length > 0) return reject(errors.invalidForm(problems), type);
          message = s.applyEdit(s.messages.get(target.id)!, data ?? {}, req.files);
          s.echo(GatewayDispatchEvents.MessageUpdate, message);
        } else {
          message = s.messages.get(target.id) ?? null;
        }
        break;
      }
      case InteractionResponseType.ApplicationCommandAutocompleteResult: {
        const problems = validateAutocompleteChoices(data);
        if (problems.length > 0) return reject(errors.invalidForm(problems), type);
        break;
      }
      case InteractionResponseType.Modal:
        break;
      default:
        return reject(errors.invalidForm([{ path: 'type', code: 'BASE_TYPE_CHOICES', message: `Value must be one of supported types.` }]), type);
    }

    const response: RestResponse =
      req.query['with_response'] === 'true'
        ? json(200, {
            interaction: {
              id: interaction.id,
              type: interaction.type,
              ...(message
                ? {
                    response_message_id: message.id,
                    response_message_loading: ((message.flags ?? 0) & MessageFlags.Loading) !== 0,
                    response_message_ephemeral: ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0,
                  }
                : {}),
            },
            resource: { type, ...(message ? { message } : {}) },
          })
        : noContent;
    record.callback = {
      type,
      body: clone(req.body) as RESTPostAPIInteractionCallbackJSONBody, // as sent by the bot; see CallbackResponse.body
      request: req,
      message: message ? clone(message) : null,
    };
    return this.#record(record, req, 'callback', response, message, type);
  }

  #webhookRecord(p: Params): InteractionRecord | undefined {
    if (p['appId'] !== this.state.world.applicationId) return undefined;
    return this.state.interactionsByToken.get(p['token']!);
  }

  #followup(req: RecordedRequest, p: Params): RestResponse {
    const s = this.state;
    const record = this.#webhookRecord(p);
    if (!record) return errors.unknownWebhook();
    // Before the initial response the webhook does not exist yet.
    if (!record.callback) return this.#record(record, req, 'followup.create', errors.unknownWebhook(), null);
    const body = isRecord(req.body) ? req.body : {};
    const problems = validateMessageBody(body, '', { requireSomething: true, hasFiles: req.files.length > 0 });
    if (problems.length > 0) return this.#record(record, req, 'followup.create', errors.invalidForm(problems), null);

    let message: APIMessage;
    const original = record.originalId ? s.messages.get(record.originalId) : undefined;
    if (original && ((original.flags ?? 0) & MessageFlags.Loading) !== 0) {
      // Discord turns the first follow-up after a deferred reply into that reply (keeping its id and ephemerality).
      const { flags: _ignored, ...rest } = body;
      message = s.applyEdit(original, rest, req.files);
      s.echo(GatewayDispatchEvents.MessageUpdate, message);
    } else {
      message = s.buildBotMessage({
        channelId: channelOf(record.payload),
        body,
        files: req.files,
        type: record.payload.type === InteractionType.ApplicationCommand ? messageTypeFor(record.payload) : MessageType.Default,
        interaction: record.payload,
      });
      s.addMessage(message);
      s.echo(GatewayDispatchEvents.MessageCreate, message);
      record.followupIds.push(message.id);
    }
    const response = req.query['wait'] === 'true' ? json(200, message) : noContent;
    return this.#record(record, req, 'followup.create', response, message);
  }

  #webhookMessage(req: RecordedRequest, p: Params, action: 'get' | 'edit' | 'delete'): RestResponse {
    const s = this.state;
    const record = this.#webhookRecord(p);
    if (!record) return errors.unknownWebhook();
    const isOriginal = p['messageId'] === '@original';
    const kind: InteractionEventKind = isOriginal ? `original.${action}` : `followup.${action}`;
    const messageId = isOriginal ? (record.originalDeleted ? null : record.originalId) : p['messageId']!;
    const owned = isOriginal || record.followupIds.includes(messageId ?? '');
    const message = messageId && owned ? s.messages.get(messageId) : undefined;
    if (!message) return this.#record(record, req, kind, errors.unknownMessage(), null);

    if (action === 'get') return this.#record(record, req, kind, json(200, message), message);
    if (action === 'delete') {
      s.deleteMessage(message.id);
      s.echoDelete(message);
      if (isOriginal) record.originalDeleted = true;
      return this.#record(record, req, kind, noContent, message);
    }
    const body = isRecord(req.body) ? req.body : {};
    const problems = validateMessageBody(body, '', { requireSomething: false, hasFiles: req.files.length > 0 });
    if (problems.length > 0) return this.#record(record, req, kind, errors.invalidForm(problems), null);
    const edited = s.applyEdit(message, body, req.files);
    s.echo(GatewayDispatchEvents.MessageUpdate, edited);
    return this.#record(record, req, kind, json(200, edited), edited);
  }
}

function allowedCallbackTypes(interaction: APIInteraction): InteractionResponseType[] {
  const R = InteractionResponseType;
  switch (interaction.type) {
    case InteractionType.ApplicationCommand:
      return [R.ChannelMessageWithSource, R.DeferredChannelMessageWithSource, R.Modal];
    case InteractionType.MessageComponent:
      return [R.ChannelMessageWithSource, R.DeferredChannelMessageWithSource, R.DeferredMessageUpdate, R.UpdateMessage, R.Modal];
    case InteractionType.ApplicationCommandAutocomplete:
      return [R.ApplicationCommandAutocompleteResult];
    case InteractionType.ModalSubmit:
      return [R.ChannelMessageWithSource, R.DeferredChannelMessageWithSource, R.DeferredMessageUpdate, R.UpdateMessage];
    default:
      return [];
  }
}

function channelOf(interaction: APIInteraction): Snowflake {
  return interaction.channel?.id ?? interaction.channel_id ?? '0';
}

/** Message type Discord gives an interaction response. */
function messageTypeFor(interaction: APIInteraction): MessageType {
  if (interaction.type !== InteractionType.ApplicationCommand) return MessageType.Default;
  return interaction.data.type === ApplicationCommandType.ChatInput ? MessageType.ChatInputCommand : MessageType.ContextMenuCommand;
}
