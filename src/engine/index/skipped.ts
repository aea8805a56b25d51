/**
 * What the readers leave out, with why: whole files (unsupported type, unreadable, nothing to
 * quote) and blocks inside documents (site chrome, front matter, captions…). Reads the corpus
 * folder only — no model, no index — so it answers "why isn't X quoted?" in a second.
 */
import { readCorpus, readCorpusFile, type CorpusWarning } from './corpus.js';

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
  const files = [...corpus.warnings];
  const blocks: SkippedBlockReport[] = [];
  for (const f of corpus.files) {
    // Each file is read once: its outcome as a build sees it, and the blocks its reader left out
    // (also for a file left out for having nothing but such blocks).
    const { outcome, read } = await readCorpusFile(f);
    if ('warning' in outcome) files.push(outcome.warning);
    if (!read) continue;
    for (const s of read.skipped) {
      const text = read.text.slice(s.start, s.end).replace(/\s+/g, ' ').trim();
      const excerpt = text.length > excerptChars ? `${text.slice(0, excerptChars - 1)}…` : text;
      blocks.push({ file: f.id, reason: s.reason, start: s.start, end: s.end, excerpt });
    }
  }
  return { files: files.sort((a, b) => a.file.localeCompare(b.file)), blocks };
}
