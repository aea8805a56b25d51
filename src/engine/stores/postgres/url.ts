/**
 * DATABASE_URL's shape, checked without touching the network (config.ts uses it at start-up).
 */
import { DatabaseError } from './errors.js';

export interface DatabaseUrlParts {
  host: string;
  port: number;
  database: string;
  user: string;
}

/** Checks the shape of DATABASE_URL; the message never repeats the password. */
export function parseDatabaseUrl(raw: string): DatabaseUrlParts {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new DatabaseError('DATABASE_URL is not a URL: use postgres://user:password@host:5432/database');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new DatabaseError('DATABASE_URL must start with postgres:// or postgresql://, e.g. postgres://user:password@host:5432/database');
  }
  // A Unix socket is given as ?host=/var/run/postgresql with an empty host part.
  const host = url.hostname || url.searchParams.get('host') || '';
  if (!host) throw new DatabaseError('DATABASE_URL has no host: use postgres://user:password@host:5432/database');
  const port = url.port ? Number(url.port) : 5432;
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database) throw new DatabaseError('DATABASE_URL names no database: add it after the host, e.g. postgres://user@host:5432/docbot');
  return { host, port, database, user: decodeURIComponent(url.username) || 'postgres' };
}

/** Where the URL points, for messages (no password). */
export function describeTarget(parts: DatabaseUrlParts): string {
  return `${parts.user}@${parts.host}:${parts.port}/${parts.database}`;
}
