/**
 * What the readers leave out, with why: whole files (unsupported type, unreadable, nothing to
 * quote) and blocks inside documents (site chrome, front matter, captions…). Reads the corpus
 * folder only — no model, no index — so it answers "why isn't X quoted?" in a second.
 */
import { readCorpus, readDocuments, type CorpusWarning } from './corpus.js';
import { UnreadableFileError } from '../readers/types.js';

export interface SkippedBlockReport {
  file: string;
  reason: string;
  /** Offsets into the text the reader extracted (what quotes are cut from). */
  start: number;
  end: number;
  /** The left-out text, whitespace collapsed and cut to `excerptChars`. */
  excerpt: string;
}

export interface SkippedReport {
  files: CorpusWarning[];
  blocks: SkippedBlockReport[];
}

export async function listSkipped(corpusDir: string, opts: { excerptChars?: number } = {}): Promise<SkippedReport> {
  const excerptChars = opts.excerptChars ?? 100;
  const corpus = await readCorpus(corpusDir);
  const { warnings } = await readDocuments(corpus);
  const failed = new Set(warnings.map((w) => w.file));
  const blocks: SkippedBlockReport[] = [];
  for (const f of corpus.files) {
    if (failed.has(f.id)) continue;
    let read;
    try {
      read = await f.reader.read({ bytes: f.bytes, fileName: f.id });
    } catch (err) {
      if (err instanceof UnreadableFileError) continue; // already reported as a skipped file
      throw err;
    }
    for (const s of read.skipped) {
      const text = read.text.slice(s.start, s.end).replace(/\s+/g, ' ').trim();
      const excerpt = text.length > excerptChars ? `${text.slice(0, excerptChars - 1)}…` : text;
      blocks.push({ file: f.id, reason: s.reason, start: s.start, end: s.end, excerpt });
    }
  }
  return { files: [...corpus.warnings, ...warnings].sort((a, b) => a.file.localeCompare(b.file)), blocks };
}
