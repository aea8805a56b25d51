/**
 * npm run chat — try the bot in a terminal: the same engine and answers, no Discord needed.
 */
import { createInterface } from 'node:readline/promises';
import { Command } from 'commander';
import { answerText, summaryText } from './format.js';
import { describeError, loadConfig, openEngine } from '../bootstrap/open-engine.js';
import { watchCorpus } from '../bootstrap/watch.js';
import { runCli } from './run.js';

const HELP = `Type a question and press Enter. Commands:
  /quote <claim>   find the passages that support a claim
  /summary [doc]   summary of one document (file name, prefix or title words), or of all documents
  /topic <text>    what the documents say about a topic
  /sources         list the documents (and the files left out, with why)
  /reindex         re-read the documents now (changes are also picked up by themselves when WATCH=true)
  /help            this help
  /quit            leave (or Ctrl-D)`;

new Command('chat').description('Interactive question loop on the terminal (same answers as the Discord bot).').parse();

await runCli(async () => {
  const config = loadConfig();
  const engine = await openEngine(config);
  const watcher = config.watch ? watchCorpus(config.corpusDir, engine, { debounceMs: config.watchDebounceMs }) : undefined;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  process.stdout.write(`${engine.status.documents} document(s) indexed. ${HELP.split('\n')[0]} /help lists commands.\n`);
  rl.setPrompt('> ');
  rl.prompt();
  for await (const raw of rl) {
    const line = raw.trim();
    try {
      if (line === '') {
        // nothing to do
      } else if (line === '/quit' || line === '/exit') {
        break;
      } else if (line === '/help') {
        process.stdout.write(`${HELP}\n`);
      } else if (line === '/sources') {
        for (const d of engine.documents()) process.stdout.write(`  ${d.id} — ${d.title} (${d.paragraphs} ¶)\n`);
        for (const w of engine.status.warnings) process.stdout.write(`  skipped ${w.file}: ${w.reason}\n`);
      } else if (line === '/reindex') {
        const r = await engine.reindex();
        process.stdout.write(
          `${r.added.length} added, ${r.changed.length} changed, ${r.removed.length} removed, ${r.unchanged} unchanged; ` +
            `${r.embedded} text(s) embedded, ${r.reused} reused.\n`,
        );
      } else if (line.startsWith('/quote ')) {
        process.stdout.write(`${answerText(await engine.cite(line.slice(7)))}\n`);
      } else if (line === '/summary' || line.startsWith('/summary ')) {
        const doc = line.slice(8).trim();
        process.stdout.write(`${summaryText(doc ? engine.summarizeDocument(doc) : engine.overview())}\n`);
      } else if (line.startsWith('/topic ')) {
        process.stdout.write(`${summaryText(await engine.summarizeTopic(line.slice(7)))}\n`);
      } else if (line.startsWith('/')) {
        process.stdout.write(`Unknown command ${line.split(' ')[0]}. /help lists commands.\n`);
      } else {
        process.stdout.write(`${answerText(await engine.ask(line))}\n`);
      }
    } catch (err) {
      process.stdout.write(`${describeError(err)}\n`);
    }
    process.stdout.write('\n');
    rl.prompt();
  }
  rl.close();
  await watcher?.close();
});
