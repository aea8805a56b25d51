/**
 * Gateway half of the fake: one bot session at a time, JSON text frames, no
 * compression (discord.js only asks for zlib-stream when `zlib-sync` is installed).
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
import { guildCreatePayload, readyPayload, type FakeWorld } from './fixtures.js';
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
  /** When set, IDENTIFY/RESUME must carry this token (else close 4004, as Discord does). */
  token?: string;
  url(): string;
  log(line: string): void;
}

export interface KillOptions {
  /** Close with this code instead of dropping the TCP connection (`terminate()`, seen as 1006). */
  code?: number;
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
  #session: Session | null = null;
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

  /** True while a socket has identified or resumed the current session. */
  get connected(): boolean {
    return this.#session?.socket?.readyState === WebSocket.OPEN;
  }

  get hasSession(): boolean {
    return this.#session !== null;
  }

  get sessionId(): string | null {
    return this.#session?.id ?? null;
  }

  /** The last sequence number handed out (0 before READY). */
  get sequence(): number {
    return this.#session?.seq ?? 0;
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
    const session = this.#session;
    if (!session) throw new FakeDiscordError(`Cannot dispatch ${t}: no bot has identified yet (await fake.waitForReady()).`);
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
    if (this.#session) this.dispatch(t, d);
  }

  async kill(options: KillOptions = {}): Promise<void> {
    const socket = this.#session?.socket;
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
    this.#session = null;
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
      if (this.#session?.socket === ws) this.#session.socket = null;
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
    if (this.#session?.socket === ws) {
      ws.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
      return;
    }
    this.#identifyCount += 1;
    this.#lastIdentify = d;
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      intents: Number(d.intents ?? 0),
      seq: 0,
      log: [],
      socket: ws,
    };
    // A new identify starts a new session; the old one (if any) can no longer be resumed.
    this.#session = session;
    const world = this.options.world;
    this.#send(ws, { op: GatewayOpcodes.Dispatch, t: GatewayDispatchEvents.Ready, s: ++session.seq, d: readyPayload(world, session.id, this.options.url()) });
    const includeAllMembers = (session.intents & GatewayIntentBits.GuildMembers) !== 0;
    this.dispatch(GatewayDispatchEvents.GuildCreate, guildCreatePayload(world, includeAllMembers));
    this.options.log(`gateway: IDENTIFY #${this.#identifyCount} intents=${session.intents} -> READY`);
    this.options.feed.notify();
  }

  #resume(ws: WebSocket, d: GatewayResumeData): void {
    if (!isRecord(d) || !this.#tokenOk(ws, d.token)) return;
    const session = this.#session;
    if (!session || session.id !== d.session_id || typeof d.seq !== 'number' || d.seq > session.seq) {
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
    this.dispatch(GatewayDispatchEvents.GuildMembersChunk, {
      guild_id: world.guild.id,
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
