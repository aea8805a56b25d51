/**
 * One `node:http` server on 127.0.0.1 serving REST under `/api/v10` and the
 * gateway (WebSocket upgrade) under `/gateway`. Bodies are parsed the way
 * discord.js sends them: JSON, or multipart/form-data with a `payload_json` part
 * plus `files[N]` parts when attachments are involved.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Gateway } from './gateway.js';
import { API_PREFIX } from './rest.js';
import type { RecordedFile, RecordedRequest, RestResponse } from './types.js';

const MAX_BODY_BYTES = 26 * 1024 * 1024;

export interface ParsedBody {
  body: unknown;
  files: RecordedFile[];
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new Error(`Request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export async function parseBody(contentType: string | undefined, raw: Buffer): Promise<ParsedBody> {
  if (raw.length === 0) return { body: null, files: [] };
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    // Node's fetch Request implements a spec-compliant multipart parser; no extra dependency needed.
    const form = await new Request('http://fake.invalid/', {
      method: 'POST',
      headers: { 'content-type': contentType! },
      body: raw,
    }).formData();
    let body: unknown = null;
    const files: RecordedFile[] = [];
    for (const [field, value] of form) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value);
        continue;
      }
      const data = Buffer.from(await value.arrayBuffer());
      files.push({ field, filename: value.name, contentType: value.type || 'application/octet-stream', size: data.length, data });
    }
    return { body, files };
  }
  const text = raw.toString('utf8');
  if (type.startsWith('application/json')) return { body: JSON.parse(text), files: [] };
  return { body: text, files: [] };
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** Decodes each segment so `%40original` routes as `@original`. */
function decodePath(rawPath: string): string {
  return rawPath
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join('/');
}

export interface FakeServerHooks {
  gateway: Gateway;
  /** Produces the response for a recorded request; called synchronously after parsing. */
  handle(req: RecordedRequest): RestResponse & { injected: boolean };
  /** Called with each request before handling (for the log) and after (status filled in). */
  record(req: RecordedRequest): void;
  responded(req: RecordedRequest): void;
  log(line: string): void;
  /** Bytes of an uploaded attachment by URL path (`/attachments/...`), standing in for Discord's CDN. */
  attachment?(path: string): { bytes: Uint8Array; contentType: string } | undefined;
}

/** Where the fake serves attachment bytes (Discord's CDN is another host; here it is the same port). */
export const ATTACHMENTS_PREFIX = '/attachments';

export class FakeServer {
  readonly #server: Server;
  #seq = 0;
  #port = 0;

  constructor(private readonly hooks: FakeServerHooks) {
    this.#server = createServer((req, res) => {
      void this.#onRequest(req, res);
    });
    this.#server.on('upgrade', (req, socket, head: Buffer) => hooks.gateway.handleUpgrade(req, socket, head));
    // Many concurrent keep-alive connections from undici are expected (100 interactions at once).
    this.#server.maxConnections = 10_000;
    this.#server.keepAliveTimeout = 5_000;
  }

  get port(): number {
    return this.#port;
  }

  async listen(port: number): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, '127.0.0.1', () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
    this.#port = (this.#server.address() as AddressInfo).port; // listening on TCP, so never a pipe name
    return this.#port;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    // Keep-alive sockets from discord.js's undici pool would otherwise hold close() open.
    this.#server.closeAllConnections();
    await closed;
  }

  async #onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodePath(url.pathname);
    if (path.startsWith(`${ATTACHMENTS_PREFIX}/`) && this.hooks.attachment) {
      const file = req.method === 'GET' ? this.hooks.attachment(url.pathname) : undefined;
      this.hooks.log(`cdn: ${req.method} ${url.pathname} -> ${file ? 200 : 404}`);
      if (!file) res.writeHead(404).end();
      else res.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': String(file.bytes.length) }).end(Buffer.from(file.bytes));
      return;
    }
    let parsed: ParsedBody;
    try {
      parsed = await parseBody(req.headers['content-type'], await readBody(req));
    } catch (error) {
      this.#send(res, { status: 400, body: { message: `Could not parse body: ${String(error)}`, code: 50109 } });
      return;
    }
    const recorded: RecordedRequest = {
      seq: ++this.#seq,
      at: Date.now(),
      method: (req.method ?? 'GET').toUpperCase(),
      path,
      route: path.startsWith(`${API_PREFIX}/`) ? path.slice(API_PREFIX.length) : path,
      routeName: null,
      query: Object.fromEntries(url.searchParams),
      headers: flattenHeaders(req),
      body: parsed.body,
      files: parsed.files,
      status: 0,
      responseBody: null,
      injected: false,
    };
    this.hooks.record(recorded);
    let response: RestResponse & { injected: boolean };
    try {
      response = this.hooks.handle(recorded);
    } catch (error) {
      // A bug in the fake must surface in the test output, not as a hung request.
      this.hooks.log(`rest: handler crashed on ${recorded.method} ${recorded.route}: ${String((error as Error).stack ?? error)}`);
      response = { status: 500, body: { message: `Fake Discord crashed: ${String(error)}`, code: 0 }, injected: false };
    }
    recorded.status = response.status;
    recorded.responseBody = response.body ?? null;
    recorded.injected = response.injected;
    this.hooks.log(`rest: ${recorded.method} ${recorded.route}${url.search} -> ${response.status}`);
    this.#send(res, response);
    this.hooks.responded(recorded);
  }

  #send(res: ServerResponse, response: RestResponse): void {
    const headers: Record<string, string> = { ...response.headers };
    if (response.status === 204 || response.body === undefined) {
      res.writeHead(response.status, headers);
      res.end();
      return;
    }
    const payload = JSON.stringify(response.body);
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
    res.writeHead(response.status, headers);
    res.end(payload);
  }
}
