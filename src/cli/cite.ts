/**
 * npm run -s cite -- "claim" [--json]
 */
import { Command } from 'commander';
import { answerJson, answerText } from './format.js';
import { loadConfig, openEngine } from '../bootstrap/open-engine.js';
import { runCli } from './run.js';

const program = new Command('cite')
  .description('Find the passages that support a claim or a half-remembered quote, verbatim with citations.')
  .argument('<claim...>', 'the claim or phrase (quote it, or pass it as several words)')
  .option('--json', 'print one JSON object: {question, answered, citations: [{quote, document, title, paragraph, score, lastParagraph?, section?, page?, lines?}]}')
  .showHelpAfterError();

await runCli(async () => {
  program.parse();
  const { json } = program.opts<{ json?: boolean }>();
  const engine = await openEngine(loadConfig());
  const answer = await engine.cite(program.args.join(' '));
  process.stdout.write(`${json ? JSON.stringify(answerJson(answer)) : answerText(answer)}\n`);
});
