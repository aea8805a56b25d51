/**
 * File extension → reader. A new format is one reader file plus one line in READERS.
 */
import { markdownReader } from './markdown.js';
import { textReader } from './text.js';
import type { Reader } from './types.js';

export const READERS: readonly Reader[] = [textReader, markdownReader];

/** The reader for a file name (by its lower-cased extension), if any reads it. */
export function readerFor(fileName: string, readers: readonly Reader[] = READERS): Reader | undefined {
  const lower = fileName.toLowerCase();
  return readers.find((r) => r.extensions.some((x) => lower.endsWith(x)));
}

/** Extensions the corpus reader picks up, for messages ("add .txt or .md files"). */
export function supportedExtensions(readers: readonly Reader[] = READERS): string[] {
  return readers.flatMap((r) => r.extensions);
}
