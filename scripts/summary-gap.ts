/**
 * Per-article diagnosis of short summaries against LEAD-3 (issue 13): where the picks differ from
 * the lead and what each difference costs in ROUGE-1.
 *
 *   npx tsx scripts/summary-gap.ts --articles ../shared/eval/cnndm/articles --highlights ../shared/eval/cnndm/highlights --index-dir /tmp/x --split val
 */
import path from 'node:path';
import { Command } from 'commander';
import { parseConfig } from '../src/bootstrap/config.js';
import { Engine } from '../src/engine/engine.js';
import { splitSentences } from '../src/engine/chunking/sentences.js';
import { captionFlags } from '../src/engine/summarize/salient.js';
import { rouge } from '../src/eval/rouge.js';
import { asLines, lead3, readArticles, splitArticles } from '../src/eval/summary-eval.js';

const opts = new Command('summary-gap')
  .requiredOption('--articles <dir>')
  .requiredOption('--highlights <dir>')
  .requiredOption('--index-dir <dir>')
  .option('--split <split>', 'train, val or all', 'val')
  .parse()
  .opts<{ articles: string; highlights: string; indexDir: string; split: 'train' | 'val' | 'all' }>();

const articlesDir = path.resolve(opts.articles);
const engine = await Engine.open(parseConfig({ ...process.env, CORPUS_DIR: articlesDir, INDEX_DIR: path.resolve(opts.indexDir), LOG_LEVEL: 'warn' }));
const index = engine.index;
const docOf = new Map(index.manifest.documents.map((d, i) => [d.id, i]));
const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
const articles = splitArticles(await readArticles(articlesDir, path.resolve(opts.highlights)), opts.split);
for (const a of articles) {
  const d = docOf.get(a.id)!;
  const units = index.sentences.filter((s) => s.doc === d);
  const caption = captionFlags(a.text, units);
  const s = engine.summarizeDocument(a.id, 'short');
  const bot = asLines(s.citations.map((c) => c.quote));
  const lead = lead3(a.text);
  const r = (p: string) => 100 * rouge(a.reference, p).rouge1.f1;
  const pos = s.citations.map((c) => units.findIndex((u) => u.end === c.end));
  const leadSpans = splitSentences(a.text).slice(0, 3);
  process.stdout.write(
    `${JSON.stringify({
      id: a.id,
      bot: +r(bot).toFixed(1),
      lead: +r(lead).toFixed(1),
      botWords: words(bot),
      leadWords: words(lead),
      picks: pos,
      lead3Units: units.slice(0, 5).map((u, i) => `${words(a.text.slice(u.start, u.end))}w${caption[i] ? 'C' : ''}${u.contextStart !== u.start ? 'D' : ''}`),
      leadSentenceWords: leadSpans.map((x) => words(a.text.slice(x.start, x.end))),
    })}\n`,
  );
}
await engine.close?.();
