/**
 * npm run ask -- "question"            human-readable answer
 * npm run -s ask -- --json "question"  one JSON object on stdout
 */
import { Command } from 'commander';
import { answerJson, answerText } from './format.js';
import { loadConfig, openEngine } from '../bootstrap/open-engine.js';
import { runCli } from './run.js';

const program = new Command('ask')
  .description('Answer a question about the documents with verbatim, cited quotes.')
  .argument('<question...>', 'the question (quote it, or pass it as several words)')
  .option('--json', 'print one JSON object: {question, answered, confidence, tier, citations: [{quote, document, title, paragraph, score, lastParagraph?, section?, page?, lines?}]}')
  .showHelpAfterError();

await runCli(async () => {
  program.parse();
  const question = program.args.join(' ');
  const { json } = program.opts<{ json?: boolean }>();
  const engine = await openEngine(loadConfig());
  const answer = await engine.ask(question);
  process.stdout.write(`${json ? JSON.stringify(answerJson(answer)) : answerText(answer)}\n`);
});
