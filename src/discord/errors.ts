/** What a user is told when their request fails. */
import { UnknownDocumentError } from '../engine/documents.js';
import { UserError } from '../errors.js';
import { escapeMentions, escapeText } from './render.js';

export { UserError };

/** The text to show the user for an error, or undefined when it is a bug (a generic message is shown). */
export function userMessage(err: unknown): string | undefined {
  if (err instanceof UnknownDocumentError) {
    // The engine lists every document on its own lines; Discord gets a bounded, escaped list.
    const first = err.message.split('\n')[0]!;
    const names = err.candidates.slice(0, 10).map((d) => `• ${escapeText(d.title)} (\`${d.id}\`)`);
    const more = err.candidates.length > 10 ? [`…and ${err.candidates.length - 10} more (see /sources)`] : [];
    return [escapeText(first.charAt(0).toUpperCase() + first.slice(1)), ...names, ...more].join('\n');
  }
  if (err instanceof UserError) return escapeMentions(err.message);
  return undefined;
}
