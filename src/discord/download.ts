/**
 * Downloading an uploaded file (a slash command's attachment) with a size limit enforced while
 * reading, from Discord's CDN only: the URL comes from the interaction payload, and the bot must
 * not be made to fetch arbitrary addresses.
 */
import { UserError } from '../errors.js';
import { formatBytes } from './render.js';

export const DISCORD_CDN_ORIGINS = ['https://cdn.discordapp.com', 'https://media.discordapp.net'];

/** A slow CDN must not hold an interaction (15-minute token) forever. */
const DOWNLOAD_TIMEOUT_MS = 60_000;


export async function downloadAttachment(url: string, maxBytes: number, allowedOrigins: ReadonlySet<string>): Promise<Uint8Array> {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    throw new UserError('The attachment has no valid download address: upload the file again.');
  }
  if (!allowedOrigins.has(origin)) throw new UserError('The attachment is not on Discord’s file server: upload the file again.');
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  } catch (err) {
    throw new UserError(`Could not download the file (${(err as Error).message}): try again in a moment.`);
  }
  if (!res.ok || !res.body) throw new UserError(`Could not download the file (HTTP ${res.status}): upload it again.`);
  const tooBig = () => new UserError(`The file is larger than the limit of ${formatBytes(maxBytes)} (DOCUMENTS_MAX_BYTES).`);
  if (Number(res.headers.get('content-length') ?? 0) > maxBytes) {
    await res.body.cancel();
    throw tooBig();
  }
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const part of res.body) {
    total += part.length;
    if (total > maxBytes) throw tooBig();
    parts.push(part);
  }
  return Buffer.concat(parts);
}
