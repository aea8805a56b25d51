/**
 * Per-article diagnosis of the engine's short summaries against LEAD-3 (issue 13): where the picks
 * differ from the lead and what each difference costs in ROUGE-1. One JSON row per article on
 * stdout, the table by kind of difference on stderr. On the fit half these summaries are
 * in-sample; `npx tsx scripts/fit-summary.ts --dry-run --gap FILE` writes the same rows for the
 * cross-validated summaries.
 *
 *   npx tsx scripts/summary-gap.ts --articles ../shared/eval/cnndm/articles --highlights ../shared/eval/cnndm/highlights --index-dir /tmp/x --split train
 */
import path from 'node:path';
import { Command } from 'commander';
import { parseConfig } from '../src/bootstrap/config.js';
import { Engine } from '../src/engine/engine.js';
import { documentSummaryProfile } from '../src/engine/summarize/document-summaries.js';
import { formatGapTable, gapRow } from '../src/eval/summary-gap.js';
import { readArticles, splitArticles } from '../src/eval/summary-eval.js';

const opts = new Command('summary-gap')
  .requiredOption('--articles <dir>')
  .requiredOption('--highlights <dir>')
  .requiredOption('--index-dir <dir>')
  .option('--split <split>', 'train, val or all', 'val')
  .parse()
  .opts<{ articles: string; highlights: string; indexDir: string; split: 'train' | 'val' | 'all' }>();

const articlesDir = path.resolve(opts.articles);
const engine = await Engine.open(parseConfig({ ...process.env, CORPUS_DIR: articlesDir, INDEX_DIR: path.resolve(opts.indexDir), LOG_LEVEL: 'warn' }));
const budget = documentSummaryProfile(engine.profile).budgets.short.words;
const articles = splitArticles(await readArticles(articlesDir, path.resolve(opts.highlights)), opts.split);
const rows = articles.map((a) => gapRow(a, engine.summarizeDocument(a.id, 'short').citations, budget));
for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
process.stderr.write(`${formatGapTable(rows)}\n`);
await engine.close?.();
