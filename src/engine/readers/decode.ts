/** Bytes → text for the text formats, refusing binary and non-UTF-8 files with a reason. */
import { UnreadableFileError } from './types.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Returns the decoded text, or why the bytes are not a text document. */
export function decodeText(bytes: Uint8Array): { text: string } | { reason: string } {
  if (bytes.length === 0) return { reason: 'file is empty' };
  const sample = bytes.subarray(0, 8192);
  if (sample.includes(0)) return { reason: 'file looks binary (contains NUL bytes)' };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { reason: 'file is not valid UTF-8 (re-save it as UTF-8)' };
  }
  // eslint-disable-next-line no-control-regex
  const control = (text.slice(0, 8192).match(/[\u0000-\u0008\u000e-\u001f]/g) ?? []).length;
  if (control > 8) return { reason: 'file looks binary (control characters)' };
  if (text.trim() === '') return { reason: 'file is empty (only whitespace)' };
  return { text };
}

/** `decodeText` that throws UnreadableFileError, for readers. */
export function decodeOrThrow(bytes: Uint8Array): string {
  const decoded = decodeText(bytes);
  if ('reason' in decoded) throw new UnreadableFileError(decoded.reason);
  return decoded.text;
}
