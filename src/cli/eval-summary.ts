/**
 * npm run -s eval:summary -- --articles <dir> --highlights <dir> [--split train|val|all] [--length short] [--json]
 *
 * Indexes the articles as a corpus (INDEX_DIR, or a folder of its own under the system temp dir so
 * the bot's index is never replaced), then scores the bot's summaries and LEAD-3 with ROUGE.
 */
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command, Option } from 'commander';
import { z } from 'zod';
import { asLines, lead3, leadWithin, readArticles, scoreSystem, splitArticles, type SystemScores } from '../eval/summary-eval.js';
import { loadConfig, openEngine } from '../bootstrap/open-engine.js';
import { runCli } from './run.js';

/** The short summary's word limit (issue 13), for LEAD-3 held to the same budget. */
const SHORT_WORDS = 75;

const program = new Command('eval:summary')
  .description('ROUGE-1/2/Lsum F1 of the bot\'s document summaries and of LEAD-3 against reference highlights.')
  .requiredOption('--articles <dir>', 'folder of articles, one .txt file each')
  .requiredOption('--highlights <dir>', 'folder of reference highlights, same file names, one highlight per line')
  .addOption(new Option('--split <split>', 'articles sorted by name: first half (train), second half (val), or all').choices(['train', 'val', 'all']).default('all'))
  .addOption(new Option('-l, --length <length>', 'summary length scored').choices(['short', 'medium', 'long']).default('short'))
  .option('--json', 'print one JSON object: {split, length, articles, bot, lead3, lead3Within75Words}')
  .showHelpAfterError();

const optsSchema = z.object({
  articles: z.string().min(1),
  highlights: z.string().min(1),
  split: z.enum(['train', 'val', 'all']),
  length: z.enum(['short', 'medium', 'long']),
  json: z.boolean().optional(),
});

await runCli(async () => {
  const parsed = optsSchema.safeParse(program.parse().opts());
  if (!parsed.success) return program.error(`error: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  const opts = parsed.data;
  const articlesDir = path.resolve(opts.articles);
  const articles = splitArticles(await readArticles(articlesDir, path.resolve(opts.highlights)), opts.split);
  process.env.CORPUS_DIR = articlesDir;
  process.env.INDEX_DIR ||= path.join(tmpdir(), `doc-quote-bot-eval-${createHash('sha256').update(articlesDir).digest('hex').slice(0, 12)}`);
  const engine = await openEngine(loadConfig());
  const indexed = new Set(engine.documents().map((d) => d.id));
  const scored = articles.filter((a) => indexed.has(a.id));
  const bot = scoreSystem(
    scored.map((a) => ({ reference: a.reference, prediction: asLines(engine.summarizeDocument(a.id, opts.length).citations.map((c) => c.quote)) })),
  );
  const lead = scoreSystem(scored.map((a) => ({ reference: a.reference, prediction: lead3(a.text) })));
  const leadCut = scoreSystem(scored.map((a) => ({ reference: a.reference, prediction: leadWithin(a.text, SHORT_WORDS) })));
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ split: opts.split, length: opts.length, articles: scored.length, bot, lead3: lead, lead3Within75Words: leadCut })}\n`);
    return;
  }
  const row = (name: string, s: SystemScores) =>
    `${name.padEnd(8)} ${s.rouge1.toFixed(2).padStart(6)} ${s.rouge2.toFixed(2).padStart(6)} ${s.rougeLsum.toFixed(2).padStart(9)} ${s.words.toFixed(1).padStart(6)}`;
  process.stdout.write(
    [
      `${scored.length} articles (split ${opts.split}), ${opts.length} summaries, ROUGE F1 (rouge-score conventions)`,
      `${'system'.padEnd(8)} ${'R-1'.padStart(6)} ${'R-2'.padStart(6)} ${'R-Lsum'.padStart(9)} ${'words'.padStart(6)}`,
      row('bot', bot),
      row('LEAD-3', lead),
      row('LEAD≤75w', leadCut),
    ].join('\n') + '\n',
  );
});
