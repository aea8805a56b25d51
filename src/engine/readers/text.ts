/** Plain text (.txt): UTF-8, cleaned of web-page chrome, one block per kept paragraph. */
import { cleanedDocument } from './cleaned.js';
import { decodeOrThrow } from './decode.js';
import type { ReadDocument, Reader, ReaderInput } from './types.js';

export const textReader: Reader = {
  name: 'text',
  extensions: ['.txt'],
  async read({ bytes, fileName }: ReaderInput): Promise<ReadDocument> {
    return cleanedDocument(decodeOrThrow(bytes), fileName, false);
  },
};
