/** Markdown (.md, .markdown): front matter, code fences and markup left out; `#` heading is the title. */
import { cleanedDocument } from './cleaned.js';
import { decodeOrThrow } from './decode.js';
import type { ReadDocument, Reader, ReaderInput } from './types.js';

export const markdownReader: Reader = {
  name: 'markdown',
  extensions: ['.md', '.markdown'],
  async read({ bytes, fileName }: ReaderInput): Promise<ReadDocument> {
    return cleanedDocument(decodeOrThrow(bytes), fileName, true);
  },
};
