import { foldText } from '../domain/text.js';
import { UserError } from '../errors.js';

/**
 * Finds a document from what a user typed: its file name, an unambiguous prefix of it, or words
 * of its title. Unknown or ambiguous names get an error listing what is available.
 */
export interface NamedDocument {
  id: string;
  title: string;
}

export class UnknownDocumentError extends UserError {
  override name = 'UnknownDocumentError';
  constructor(
    message: string,
    readonly candidates: NamedDocument[],
  ) {
    super(message);
  }
}

const norm = (s: string) => foldText(s, { accents: true, dropApostrophes: true, punctuationToSpace: true });

function listing(docs: readonly NamedDocument[]): string {
  return docs.map((d) => `  - ${d.id} — ${d.title}`).join('\n');
}

export function resolveDocument<T extends NamedDocument>(query: string, docs: readonly T[]): T {
  const q = query.trim();
  const qn = norm(q);
  const exact = docs.find((d) => d.id === q || d.id.toLowerCase() === q.toLowerCase() || norm(d.title) === qn);
  if (exact) return exact;
  const stem = (id: string) => id.replace(/\.[^.]+$/, '').toLowerCase();
  const byPrefix = qn ? docs.filter((d) => d.id.toLowerCase().startsWith(q.toLowerCase()) || stem(d.id) === q.toLowerCase()) : [];
  if (byPrefix.length === 1) return byPrefix[0]!;
  const words = qn.split(' ').filter(Boolean);
  const byTitle = words.length ? docs.filter((d) => words.every((w) => norm(d.title).split(' ').some((t) => t.startsWith(w)))) : [];
  if (byPrefix.length === 0 && byTitle.length === 1) return byTitle[0]!;
  const ambiguous = byPrefix.length > 1 ? byPrefix : byTitle.length > 1 ? byTitle : [];
  if (ambiguous.length > 1) {
    throw new UnknownDocumentError(`"${q}" matches ${ambiguous.length} documents; be more specific:\n${listing(ambiguous)}`, ambiguous);
  }
  throw new UnknownDocumentError(
    q ? `no document matches "${q}". Available documents:\n${listing(docs)}` : `name a document. Available documents:\n${listing(docs)}`,
    [...docs],
  );
}
