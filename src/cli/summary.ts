/**
 * npm run -s summary -- --document <file> [--length short|medium|long] [--json]
 * npm run -s summary -- --topic "text" [--json]
 * npm run -s summary -- [--json]            corpus overview
 * npm run -s summary -- --all [--json] [--length short]   every document, one JSON object per line
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
  .option('-a, --all', 'summarise every document in one run (with --json: one object per line)')
  .addOption(new Option('-l, --length <length>', 'summary length: short (≤3 sentences, ≤75 words), medium (≤5, ≤130 words), long (≤10)').choices(['short', 'medium', 'long']).default('medium'))
  .option('--json', 'print one JSON object: {kind, citations: [{quote, document, title, paragraph}]} (with --all: {document, title, kind, citations} per line)')
  .showHelpAfterError();

const optsSchema = z
  .object({
    document: z.string().optional(),
    topic: z.string().optional(),
    all: z.boolean().optional(),
    length: z.enum(['short', 'medium', 'long']),
    json: z.boolean().optional(),
  })
  .refine((o) => [o.document !== undefined, o.topic !== undefined, o.all === true].filter(Boolean).length <= 1, {
    message: 'use one of --document, --topic and --all',
  });

await runCli(async () => {
  const parsed = optsSchema.safeParse(program.parse().opts());
  if (!parsed.success) return program.error(`error: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  const opts = parsed.data;
  const engine = await openEngine(loadConfig());
  if (opts.all) {
    // One process for every document: summaries are looked up in the index, so this is cheap.
    const out: string[] = [];
    for (const d of engine.documents()) {
      const s = engine.summarizeDocument(d.id, opts.length);
      out.push(opts.json ? JSON.stringify({ document: d.id, title: s.title, kind: s.kind, citations: summaryJson(s).citations }) : `${summaryText(s)}\n— ${d.id}\n`);
    }
    process.stdout.write(out.length ? `${out.join('\n')}\n` : '');
    return;
  }
  let summary: Summary;
  if (opts.document !== undefined) summary = engine.summarizeDocument(opts.document, opts.length);
  else if (opts.topic !== undefined) summary = await engine.summarizeTopic(opts.topic, opts.length);
  else summary = engine.overview();
  process.stdout.write(`${opts.json ? JSON.stringify(summaryJson(summary)) : summaryText(summary)}\n`);
});
