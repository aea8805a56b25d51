/** A document from text, synchronously, the way the text and Markdown readers read it. */
import { sourceDocument, type SourceDocument } from '../../src/engine/chunking/document.js';
import { cleanedDocument } from '../../src/engine/readers/cleaned.js';

export function documentFromText(id: string, text: string, meta = { hash: 'x', bytes: 0, modifiedAt: '' }): SourceDocument {
  return sourceDocument(id, cleanedDocument(text, id, /\.(md|markdown)$/i.test(id)), meta);
}
