/**
 * Where short summaries differ from LEAD-3 and what each kind of difference costs (issue 13):
 * one row per article (ROUGE-1 of both, words, which sentences were picked), and a table of the
 * mean ROUGE-1 difference by kind of difference, as a share of the mean over all articles.
 */
import { splitSentences } from '../engine/chunking/sentences.js';
import { rouge } from './rouge.js';
import { asLines, type Article } from './summary-eval.js';

/** How the picks relate to the lead (first match wins). */
export const GAP_KINDS = ['same as LEAD-3', 'a pick past sentence 5', 'LEAD-3 over the budget', 'other sentences of the first 5'] as const;
export type GapKind = (typeof GAP_KINDS)[number];

export interface GapRow {
  id: string;
  /** ROUGE-1 F1, in points. */
  bot: number;
  lead: number;
  botWords: number;
  leadWords: number;
  /** 0-based positions of the picks among the article's plain sentences (the splitter LEAD-3 uses). */
  positions: number[];
  kind: GapKind;
}

const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

/** One article's row: `picks` are the summary's quote spans in the article's text, in document order. */
export function gapRow(article: Article, picks: readonly { start: number; end: number }[], budgetWords: number): GapRow {
  const sentences = splitSentences(article.text);
  const lead = sentences.slice(0, 3).map((s) => article.text.slice(s.start, s.end));
  const quotes = picks.map((q) => article.text.slice(q.start, q.end));
  // The sentence a pick ends in (a pick shown with its context starts a sentence earlier).
  const positions = picks.map((q) => {
    const i = sentences.findIndex((s) => s.end >= q.end);
    return i < 0 ? sentences.length - 1 : i;
  });
  const leadWords = words(lead.join(' '));
  // The same sentences, a dateline or glued caption left out of the first (summarize/chrome.ts) or not.
  const same = quotes.length === lead.length && quotes.every((q, i) => lead[i]!.endsWith(q));
  const kind: GapKind = same ? 'same as LEAD-3' : positions.some((p) => p >= 5) ? 'a pick past sentence 5' : leadWords > budgetWords ? 'LEAD-3 over the budget' : 'other sentences of the first 5';
  const r1 = (lines: string[]) => Math.round(1000 * rouge(article.reference, asLines(lines)).rouge1.f1) / 10;
  return { id: article.id, bot: r1(quotes), lead: r1(lead), botWords: words(quotes.join(' ')), leadWords, positions, kind };
}

/** Per kind: articles, mean ROUGE-1 difference (bot − LEAD-3) and its share of the mean over all rows. */
export function gapTable(rows: readonly GapRow[]): { kind: GapKind; articles: number; meanDiff: number; shareOfMean: number }[] {
  return GAP_KINDS.map((kind) => {
    const diffs = rows.filter((r) => r.kind === kind).map((r) => r.bot - r.lead);
    const sum = diffs.reduce((a, b) => a + b, 0);
    const round = (x: number) => Math.round(100 * x) / 100;
    return { kind, articles: diffs.length, meanDiff: round(diffs.length ? sum / diffs.length : 0), shareOfMean: round(rows.length ? sum / rows.length : 0) };
  });
}

export function formatGapTable(rows: readonly GapRow[]): string {
  const lines = gapTable(rows).map((t) => `${t.kind.padEnd(32)} ${String(t.articles).padStart(4)} ${t.meanDiff.toFixed(2).padStart(8)} ${t.shareOfMean.toFixed(2).padStart(8)}`);
  const total = rows.reduce((a, r) => a + r.bot - r.lead, 0) / Math.max(1, rows.length);
  return [`${'picks vs LEAD-3'.padEnd(32)} ${'n'.padStart(4)} ${'ΔR-1'.padStart(8)} ${'of mean'.padStart(8)}`, ...lines, `${'all'.padEnd(32)} ${String(rows.length).padStart(4)} ${''.padStart(8)} ${total.toFixed(2).padStart(8)}`].join('\n');
}
