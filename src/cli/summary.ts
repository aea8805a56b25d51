/**
 * npm run -s summary -- --document <file> [--length short|medium|long] [--json]
 * npm run -s summary -- --topic "text" [--json]
 * npm run -s summary -- [--json]            corpus overview
 */
import { Command, Option } from 'commander';
import { z } from 'zod';
import type { Summary } from '../domain/types.js';
import { summaryJson, summaryText } from './format.js';
import { loadConfig, openEngine } from '../bootstrap/open-engine.js';
import { runCli } from './run.js';

const program = new Command('summary')
  .description('Extractive summaries with every sentence quoted and cited. No option: one line per document.')
  .option('-d, --document <name>', 'summarise one document (file name, unambiguous prefix, or title words)')
  .option('-t, --topic <text>', 'summarise what the documents say about a topic')
  .addOption(new Option('-l, --length <length>', 'summary length: short (≤3), medium (≤6), long (≤10 sentences)').choices(['short', 'medium', 'long']).default('medium'))
  .option('--json', 'print one JSON object: {kind, citations: [{quote, document, title, paragraph}]}')
  .showHelpAfterError();

const optsSchema = z
  .object({
    document: z.string().optional(),
    topic: z.string().optional(),
    length: z.enum(['short', 'medium', 'long']),
    json: z.boolean().optional(),
  })
  .refine((o) => !(o.document && o.topic), { message: 'use --document or --topic, not both' });

await runCli(async () => {
  const parsed = optsSchema.safeParse(program.parse().opts());
  if (!parsed.success) return program.error(`error: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  const opts = parsed.data;
  const engine = await openEngine(loadConfig());
  let summary: Summary;
  if (opts.document !== undefined) summary = engine.summarizeDocument(opts.document, opts.length);
  else if (opts.topic !== undefined) summary = await engine.summarizeTopic(opts.topic, opts.length);
  else summary = engine.overview();
  process.stdout.write(`${opts.json ? JSON.stringify(summaryJson(summary)) : summaryText(summary)}\n`);
});
