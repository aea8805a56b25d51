/**
 * Gateway half of the fake: one bot session per shard (one shard unless `shards` is
 * set), JSON text frames, no compression (discord.js only asks for zlib-stream when
 * `zlib-sync` is installed). Guild events go to shard `(guild_id >> 22) % shards`, DMs
 * to shard 0, as on Discord.
 *
 * A session outlives its socket: dispatches made while the bot is disconnected
 * get sequence numbers and are replayed on RESUME after the client's `seq`,
 * exactly like Discord, so "events during an outage" tests need nothing special.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { GatewayCloseCodes, GatewayDispatchEvents, GatewayIntentBits, GatewayOpcodes } from 'discord.js';
import type { GatewayIdentifyData, GatewayResumeData } from 'discord.js';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { guildCreatePayload, guildsOfShard, readyPayload, shardOfGuild, type FakeWorld } from './fixtures.js';
import type { ChangeFeed } from './waiters.js';
import { FakeDiscordError } from './waiters.js';

export const GATEWAY_PATH = '/gateway';

interface LoggedDispatch {
  readonly s: number;
  readonly t: string;
  readonly d: unknown;
}

interface Session {
  readonly id: string;
  /** [shard id, shard count] from IDENTIFY. */
  readonly shard: [number, number];
  readonly intents: number;
  seq: number;
  /** Dispatches eligible for replay on RESUME (everything but READY/RESUMED). */
  readonly log: LoggedDispatch[];
  /** The socket that identified/resumed this session; null while disconnected. */
  socket: WebSocket | null;
}

export type DispatchOutcome = 'sent' | 'queued' | 'filtered';

export interface GatewayOptions {
  world: FakeWorld;
  feed: ChangeFeed;
  heartbeatIntervalMs: number;
  /** Shard count the fake expects in IDENTIFY (what GET /gateway/bot recommends). */
  shards: number;
  /** When set, IDENTIFY/RESUME must carry this token (else close 4004, as Discord does). */
  token?: string;
  url(): string;
  log(line: string): void;
}

export interface KillOptions {
  /** Close with this code instead of dropping the TCP connection (`terminate()`, seen as 1006). */
  code?: number;
  /** Which shard's connection; default 0. */
  shard?: number;
  /** Keep the gateway "down": new connections get no HELLO until `restore()`. */
  stayOffline?: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class Gateway {
  readonly #wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  readonly #sockets = new Set<WebSocket>();
  /** Sockets connected while offline, waiting for HELLO. */
  readonly #held = new Set<WebSocket>();
  /** Sessions by shard id. */
  readonly #sessions = new Map<number, Session>();
  #offline = false;
  #identifyCount = 0;
  #resumeCount = 0;
  #lastIdentify: GatewayIdentifyData | null = null;
  /** Every op code received from clients, for debugging failed tests. */
  readonly received: { op: number; at: number }[] = [];

  constructor(private readonly options: GatewayOptions) {}

  get identifyCount(): number {
    return this.#identifyCount;
  }

  get resumeCount(): number {
    return this.#resumeCount;
  }

  get lastIdentify(): GatewayIdentifyData | null {
    return this.#lastIdentify;
  }

  /** True while every shard has a socket that identified or resumed its session. */
  get connected(): boolean {
    for (let shard = 0; shard < this.options.shards; shard++) {
      if (this.#sessions.get(shard)?.socket?.readyState !== WebSocket.OPEN) return false;
    }
    return true;
  }

  get hasSession(): boolean {
    return this.#sessions.size > 0;
  }

  get sessionId(): string | null {
    return this.#sessions.get(0)?.id ?? null;
  }

  /** The last sequence number handed out to shard 0 (0 before READY). */
  get sequence(): number {
    return this.#sessions.get(0)?.seq ?? 0;
  }

  /** The shard an event goes to: its guild's, or 0 for DMs and events without a guild. */
  shardFor(d: unknown): number {
    const guildId = isRecord(d) && typeof d['guild_id'] === 'string' ? d['guild_id'] : undefined;
    return guildId === undefined ? 0 : shardOfGuild(guildId, this.options.shards);
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = (req.url ?? '').split('?')[0];
    if (path !== GATEWAY_PATH && path !== `${GATEWAY_PATH}/`) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#onConnection(ws));
  }

  /**
   * Sends (or, while disconnected, queues) a dispatch for the current session.
   * Intents are applied as Discord does: the event may be dropped or have its
   * message content blanked.
   */
  dispatch(t: string, d: unknown): DispatchOutcome {
    const shard = this.shardFor(d);
    const session = this.#sessions.get(shard);
    if (!session) throw new FakeDiscordError(`Cannot dispatch ${t}: no bot has identified on shard ${shard} yet (await fake.waitForReady()).`);
    return this.#dispatchTo(session, t, d);
  }

  #dispatchTo(session: Session, t: string, d: unknown): DispatchOutcome {
    const shaped = applyIntents(t, d, session.intents, this.options.world.bot.id);
    if (shaped === null) {
      this.options.log(`gateway: ${t} filtered out by intents ${session.intents}`);
      return 'filtered';
    }
    const entry: LoggedDispatch = { s: ++session.seq, t, d: shaped };
    session.log.push(entry);
    if (session.socket?.readyState === WebSocket.OPEN) {
      this.#send(session.socket, { op: GatewayOpcodes.Dispatch, ...entry });
      return 'sent';
    }
    this.options.log(`gateway: queued ${t} s=${entry.s} for replay on resume`);
    return 'queued';
  }

  /** Like `dispatch` but a no-op without a session (used for echoes of REST activity). */
  dispatchIfSession(t: string, d: unknown): void {
    if (this.#sessions.has(this.shardFor(d))) this.dispatch(t, d);
  }

  async kill(options: KillOptions = {}): Promise<void> {
    const socket = this.#sessions.get(options.shard ?? 0)?.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      throw new FakeDiscordError('killGatewayConnection: no bot is connected to the gateway.');
    }
    if (options.stayOffline) this.#offline = true;
    const closed = once(socket, 'close');
    if (options.code === undefined) socket.terminate();
    else socket.close(options.code, 'Killed by test');
    await closed;
  }

  /** Ends an offline period: held connections get their HELLO now. */
  restore(): void {
    this.#offline = false;
    for (const ws of this.#held) if (ws.readyState === WebSocket.OPEN) this.#hello(ws);
    this.#held.clear();
  }

  async close(): Promise<void> {
    for (const ws of this.#sockets) ws.terminate();
    this.#sockets.clear();
    this.#held.clear();
    this.#sessions.clear();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #onConnection(ws: WebSocket): void {
    this.#sockets.add(ws);
    this.options.log('gateway: connection opened');
    ws.on('message', (raw, isBinary) => this.#onFrame(ws, raw, isBinary));
    // Errors always precede 'close', which does the bookkeeping.
    ws.on('error', (error) => this.options.log(`gateway: socket error ${error.message}`));
    ws.on('close', (code) => {
      this.#sockets.delete(ws);
      this.#held.delete(ws);
      for (const session of this.#sessions.values()) if (session.socket === ws) session.socket = null;
      this.options.log(`gateway: connection closed (${code})`);
      this.options.feed.notify();
    });
    if (this.#offline) this.#held.add(ws);
    else this.#hello(ws);
  }

  #hello(ws: WebSocket): void {
    this.#send(ws, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs } });
  }

  #send(ws: WebSocket, payload: { op: number; d: unknown; s?: number | null; t?: string | null }): void {
    ws.send(JSON.stringify({ s: null, t: null, ...payload }));
  }

  #onFrame(ws: WebSocket, raw: RawData, isBinary: boolean): void {
    let frame: unknown;
    try {
      frame = isBinary ? undefined : JSON.parse(raw.toString());
    } catch {
      frame = undefined;
    }
    if (!isRecord(frame) || typeof frame['op'] !== 'number') {
      ws.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    const op = frame['op'];
    this.received.push({ op, at: Date.now() });
    switch (op) {
      case GatewayOpcodes.Heartbeat:
        this.#send(ws, { op: GatewayOpcodes.HeartbeatAck, d: null });
        return;
      case GatewayOpcodes.Identify:
        this.#identify(ws, frame['d'] as GatewayIdentifyData); // shape is the client's contract; only read fields are checked
        return;
      case GatewayOpcodes.Resume:
        this.#resume(ws, frame['d'] as GatewayResumeData); // as above
        return;
      case GatewayOpcodes.RequestGuildMembers:
        this.#membersChunk(frame['d']);
        return;
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
        return;
      default:
        ws.close(GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
    }
  }

  #tokenOk(ws: WebSocket, token: unknown): boolean {
    if (this.options.token !== undefined && token !== this.options.token) {
      ws.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return false;
    }
    return true;
  }

  #identify(ws: WebSocket, d: GatewayIdentifyData): void {
    if (!isRecord(d) || !this.#tokenOk(ws, d.token)) return;
    if ([...this.#sessions.values()].some((s) => s.socket === ws)) {
      ws.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
      return;
    }
    const shards = this.options.shards;
    const shard = d.shard ?? [0, 1];
    if (shard[1] !== shards || !Number.isInteger(shard[0]) || shard[0] < 0 || shard[0] >= shard[1]) {
      // Discord: 4011 when a session would hold too many guilds (fewer shards than needed), 4010
      // for an invalid shard. (The fake also refuses more shards than it serves: guilds are routed by its count.)
      if (shard[1] < shards) ws.close(GatewayCloseCodes.ShardingRequired, 'Sharding required.');
      else ws.close(GatewayCloseCodes.InvalidShard, 'Invalid shard.');
      this.options.log(`gateway: IDENTIFY with shard ${JSON.stringify(d.shard)} refused (expected [i, ${shards}])`);
      return;
    }
    this.#identifyCount += 1;
    this.#lastIdentify = d;
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      shard: [shard[0], shard[1]],
      intents: Number(d.intents ?? 0),
      seq: 0,
      log: [],
      socket: ws,
    };
    // A new identify starts a new session for its shard; the old one (if any) can no longer be resumed.
    this.#sessions.set(session.shard[0], session);
    const world = this.options.world;
    this.#send(ws, { op: GatewayOpcodes.Dispatch, t: GatewayDispatchEvents.Ready, s: ++session.seq, d: readyPayload(world, session.id, this.options.url(), session.shard) });
    const includeAllMembers = (session.intents & GatewayIntentBits.GuildMembers) !== 0;
    for (const guild of guildsOfShard(world, session.shard[0], shards)) {
      this.#dispatchTo(session, GatewayDispatchEvents.GuildCreate, guildCreatePayload(world, includeAllMembers, guild));
    }
    this.options.log(`gateway: IDENTIFY #${this.#identifyCount} shard ${JSON.stringify(session.shard)} intents=${session.intents} -> READY`);
    this.options.feed.notify();
  }

  #resume(ws: WebSocket, d: GatewayResumeData): void {
    if (!isRecord(d) || !this.#tokenOk(ws, d.token)) return;
    const session = [...this.#sessions.values()].find((s) => s.id === d.session_id);
    if (!session || typeof d.seq !== 'number' || d.seq > session.seq) {
      this.options.log('gateway: RESUME rejected (unknown session) -> INVALID_SESSION');
      this.#send(ws, { op: GatewayOpcodes.InvalidSession, d: false });
      return;
    }
    if (session.socket && session.socket !== ws) session.socket.terminate();
    const missed = session.log.filter((entry) => entry.s > d.seq);
    for (const entry of missed) this.#send(ws, { op: GatewayOpcodes.Dispatch, ...entry });
    this.#send(ws, { op: GatewayOpcodes.Dispatch, t: GatewayDispatchEvents.Resumed, s: ++session.seq, d: {} });
    session.socket = ws;
    this.#resumeCount += 1;
    this.options.log(`gateway: RESUME from seq ${d.seq}, replayed ${missed.length} -> RESUMED`);
    this.options.feed.notify();
  }

  #membersChunk(d: unknown): void {
    const world = this.options.world;
    const nonce = isRecord(d) && typeof d['nonce'] === 'string' ? d['nonce'] : undefined;
    const guildId = isRecord(d) && typeof d['guild_id'] === 'string' ? d['guild_id'] : world.guild.id;
    this.dispatch(GatewayDispatchEvents.GuildMembersChunk, {
      guild_id: guildId,
      members: [world.members.bot, world.members.admin, world.members.member],
      chunk_index: 0,
      chunk_count: 1,
      not_found: [],
      ...(nonce !== undefined ? { nonce } : {}),
    });
  }
}

const MESSAGE_EVENTS = new Set<string>([
  GatewayDispatchEvents.MessageCreate,
  GatewayDispatchEvents.MessageUpdate,
  GatewayDispatchEvents.MessageDelete,
]);

/**
 * Discord's intent rules for message events: guild messages need GuildMessages,
 * DMs need DirectMessages, and without MessageContent a guild message's content,
 * embeds, attachments and components arrive empty unless it mentions the bot or
 * the bot wrote it. Returns null when the event is not delivered at all.
 */
export function applyIntents(t: string, d: unknown, intents: number, botId: string): unknown {
  if (!MESSAGE_EVENTS.has(t) || !isRecord(d)) return d;
  const inGuild = typeof d['guild_id'] === 'string';
  const needed = inGuild ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages;
  if ((intents & needed) === 0) return null;
  if (t === GatewayDispatchEvents.MessageDelete || !inGuild || (intents & GatewayIntentBits.MessageContent) !== 0) return d;
  const author = isRecord(d['author']) ? d['author'] : undefined;
  const mentions = Array.isArray(d['mentions']) ? d['mentions'] : [];
  const mentionsBot = mentions.some((u) => isRecord(u) && u['id'] === botId);
  if (author?.['id'] === botId || mentionsBot) return d;
  const { poll: _poll, ...rest } = d;
  return { ...rest, content: '', embeds: [], attachments: [], components: [] };
}
