/**
 * npm run -s eval -- --questions <file.jsonl> [--json]
 */
import { Command } from 'commander';
import { evaluate, readQuestions } from '../engine/evaluate.js';
import { loadConfig, openEngine } from '../bootstrap/open-engine.js';
import { runCli } from './run.js';

const program = new Command('eval')
  .description('Run a question file against the engine and report hit@1, hit@3, MRR, answered and abstained rates.')
  .requiredOption('-q, --questions <file>', 'JSONL file: {"id","question","answers":[phrases],"document"?} per line; answers [] = should abstain')
  .option('--json', 'print one JSON object (metrics and per-question results) instead of a table')
  .option('-v, --verbose', 'list every question with its rank and first quote')
  .showHelpAfterError();

await runCli(async () => {
  const opts = program.parse().opts<{ questions: string; json?: boolean; verbose?: boolean }>();
  const questions = await readQuestions(opts.questions);
  const engine = await openEngine(loadConfig());
  const report = await evaluate(questions, (q) => engine.ask(q));
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return;
  }
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const lines = [
    `questions: ${report.questions} (${report.answerable} answerable, ${report.unanswerable} unanswerable)`,
    `hit@1     ${report.hitAt1.toFixed(3)}`,
    `hit@3     ${report.hitAt3.toFixed(3)}`,
    `MRR       ${report.mrr.toFixed(3)}`,
    `answered  ${pct(report.answeredRate)} of answerable`,
    `abstained ${pct(report.abstainRate)} of unanswerable`,
    `AUC       ${report.auc.toFixed(3)} (confidence, answerable vs unanswerable)`,
  ];
  if (opts.verbose) {
    lines.push('');
    for (const r of report.results) {
      const verdict = r.answerable ? (r.rank ? `rank ${r.rank}` : r.answered ? 'MISS' : 'ABSTAINED (wrong)') : r.answered ? 'ANSWERED (wrong)' : 'abstained';
      lines.push(`${r.id.padEnd(5)} ${verdict.padEnd(18)} ${r.question}`);
      if (r.citations[0] && (!r.answerable || r.rank !== 1)) lines.push(`      → ${r.citations[0].quote.slice(0, 140)} (${r.citations[0].score})`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
});
