/**
 * npm run -s skipped -- [--json] [--document <name>]
 * Lists every file and block the readers leave out of the index, with why (no model is loaded).
 */
import { Command } from 'commander';
import { loadConfig } from '../bootstrap/open-engine.js';
import { listSkipped } from '../engine/engine.js';
import { UserError } from '../errors.js';
import { runCli } from './run.js';

const program = new Command('skipped')
  .description('List the files and blocks of CORPUS_DIR that are not indexed (site chrome, front matter, unsupported files…), each with its reason.')
  .option('--document <name>', 'only blocks of documents whose path contains <name>')
  .option('--json', 'print one JSON object: {files: [{file, reason}], blocks: [{file, reason, start, end, excerpt}]}')
  .showHelpAfterError();

await runCli(async () => {
  const { json, document } = program.parse().opts<{ json?: boolean; document?: string }>();
  const config = loadConfig();
  const report = await listSkipped(config.corpusDir);
  if (document !== undefined) {
    report.blocks = report.blocks.filter((b) => b.file.includes(document));
    report.files = report.files.filter((f) => f.file.includes(document));
    if (report.blocks.length === 0 && report.files.length === 0 && !json) throw new UserError(`nothing skipped in documents matching "${document}"`);
  }
  if (json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return;
  }
  const lines = [`${report.files.length} file(s) and ${report.blocks.length} block(s) left out of ${config.corpusDir}`];
  for (const f of report.files) lines.push(`  file ${f.file}: ${f.reason}`);
  for (const b of report.blocks) lines.push(`  ${b.file} @${b.start}-${b.end}: ${b.reason} — "${b.excerpt}"`);
  process.stdout.write(`${lines.join('\n')}\n`);
});
