/** Types shared by the server, REST and gateway halves of the fake. */

export interface RecordedFile {
  /** Multipart field name, e.g. `files[0]`. */
  readonly field: string;
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly data: Buffer;
}

export interface RecordedRequest {
  /** Arrival order, from 1. */
  readonly seq: number;
  readonly at: number;
  /** Upper-case HTTP method. */
  readonly method: string;
  /** Decoded path without query, e.g. `/api/v10/webhooks/1/tok/messages/@original`. */
  readonly path: string;
  /** `path` relative to `/api/v10` (the form discord.js's `Routes` produce); equals `path` outside it. */
  readonly route: string;
  /** The matched route pattern, e.g. `POST /interactions/:id/:token/callback`; null for unknown routes. */
  routeName: string | null;
  readonly query: Readonly<Record<string, string>>;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON body, or the `payload_json` part of a multipart body; null when there was none. */
  readonly body: unknown;
  readonly files: readonly RecordedFile[];
  /** Response status, set once the request has been handled. */
  status: number;
  /** Response body as sent (null for 204). */
  responseBody: unknown;
  /** True when the response came from `failNext` rather than the route. */
  injected: boolean;
}

export interface RestResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FailureSpec {
  /** HTTP status to answer with, e.g. 429 or 500. */
  status: number;
  /** Seconds, for 429: sent both as the `Retry-After` header (which discord.js obeys) and in the JSON body. */
  retryAfter?: number;
  /** For 429: marks the limit as global (`X-RateLimit-Global`). */
  global?: boolean;
  /** How many matching requests fail; default 1. */
  times?: number;
  /** Overrides the JSON body. */
  body?: unknown;
  /**
   * The route still handles the request (a callback is recorded, a message posted) and only
   * the response is replaced: Discord did the work but the answer was lost (a 5xx on a defer
   * that went through). A retry then meets the real state, e.g. 40060 already acknowledged.
   */
  afterHandling?: boolean;
}

/** A failure queued by `failNext`. */
export interface FailureRule {
  readonly method: string;
  readonly pattern: string | RegExp;
  readonly spec: FailureSpec;
  remaining: number;
}
