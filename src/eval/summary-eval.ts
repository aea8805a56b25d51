/**
 * ROUGE of the bot's document summaries against reference highlights, next to LEAD-3 (the first
 * three sentences), the baseline every news summarizer is measured against.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import { splitSentences } from '../engine/chunking/sentences.js';
import { meanF1, rouge, type RougeScores } from './rouge.js';

export type Split = 'train' | 'val' | 'all';

export interface Article {
  /** File name, the document id in the index. */
  id: string;
  text: string;
  /** One highlight per line. */
  reference: string;
}

/**
 * The fixed split: articles sorted by file name, the first half to fit parameters on ("train"),
 * the second half to validate ("val"). On ../shared/eval/cnndm that is 100–174 and 175–249.
 */
export function splitArticles<T extends { id: string }>(articles: readonly T[], split: Split): T[] {
  const sorted = [...articles].sort((a, b) => a.id.localeCompare(b.id));
  const half = Math.ceil(sorted.length / 2);
  if (split === 'train') return sorted.slice(0, half);
  if (split === 'val') return sorted.slice(half);
  return sorted;
}

/** Articles that have a highlights file of the same name. */
export async function readArticles(articlesDir: string, highlightsDir: string): Promise<Article[]> {
  let names: string[];
  try {
    names = (await readdir(articlesDir)).filter((n) => n.endsWith('.txt')).sort();
  } catch {
    throw new UserError(`cannot read the articles folder ${articlesDir}: pass --articles <dir> with one .txt file per article`);
  }
  const out: Article[] = [];
  for (const id of names) {
    let reference: string;
    try {
      reference = await readFile(path.join(highlightsDir, id), 'utf8');
    } catch {
      continue;
    }
    out.push({ id, text: await readFile(path.join(articlesDir, id), 'utf8'), reference: reference.trim() });
  }
  if (out.length === 0) throw new UserError(`no article in ${articlesDir} has a highlights file of the same name in ${highlightsDir}`);
  return out;
}

/** One sentence per line, whitespace inside a sentence collapsed (rougeLsum reads lines). */
export const asLines = (sentences: readonly string[]) => sentences.map((s) => s.replace(/\s+/g, ' ').trim()).join('\n');

/** The first three sentences as the plain sentence splitter finds them (no caption handling). */
export function lead3(text: string): string {
  return asLines(splitSentences(text).slice(0, 3).map((s) => text.slice(s.start, s.end)));
}

/**
 * LEAD-3 held to a word budget: the first sentences, in order, that fit in `words` (at most three),
 * to tell how much of LEAD-3's score comes from running longer than the bot may.
 */
export function leadWithin(text: string, words: number): string {
  const out: string[] = [];
  let used = 0;
  for (const s of splitSentences(text)) {
    if (out.length === 3) break;
    const t = text.slice(s.start, s.end);
    const n = t.split(/\s+/).filter(Boolean).length;
    if (used + n > words) continue;
    out.push(t);
    used += n;
  }
  return asLines(out);
}

export interface SystemScores {
  rouge1: number;
  rouge2: number;
  rougeLsum: number;
  /** Mean words per summary. */
  words: number;
}

export function scoreSystem(pairs: readonly { reference: string; prediction: string }[]): SystemScores {
  const scores: RougeScores[] = pairs.map((p) => rouge(p.reference, p.prediction));
  const words = pairs.reduce((a, p) => a + p.prediction.split(/\s+/).filter(Boolean).length, 0) / Math.max(1, pairs.length);
  return { ...meanF1(scores), words };
}
