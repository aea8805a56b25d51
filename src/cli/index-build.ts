/**
 * npm run index — (re)builds the index with a progress bar.
 */
import { Command } from 'commander';
import { loadConfig, openEngine } from '../bootstrap/open-engine.js';
import { runCli } from './run.js';

const program = new Command('index')
  .description('Rebuild the search index from the documents in CORPUS_DIR (default corpus/), with progress.')
  .option('--if-stale', 'only rebuild when the documents, model or chunking rules changed')
  .showHelpAfterError();

await runCli(async () => {
  const { ifStale } = program.parse().opts<{ ifStale?: boolean }>();
  const config = loadConfig();
  const engine = await openEngine(config, { forceRebuild: !ifStale });
  const s = engine.status;
  const lines = [
    s.rebuilt ? `Index built in ${(s.buildMs / 1000).toFixed(1)} s: ${config.indexDir}` : `Index is up to date: ${config.indexDir}`,
    `  ${s.documents} document(s), ${s.chunks} chunks, ${s.sentences} sentences (model ${engine.embedder.modelId})`,
  ];
  for (const w of s.warnings) lines.push(`  skipped ${w.file}: ${w.reason}`);
  process.stdout.write(`${lines.join('\n')}\n`);
});
