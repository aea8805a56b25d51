/**
 * The Postgres backend at scale, next to the embedded one (bench/sections/pgvector.ts):
 *
 *   PG_URL=$(scripts/pg-native.sh start) npm run -s bench:pgvector -- --sizes 50k,200k [--queries 100] [--json] [--save FILE]
 *
 * PG_URL (or PGBENCH_URL) names a server with pgvector; without either it runs on PGlite
 * (WebAssembly, one session): use small sizes there. `--reuse` queries what an earlier run of the
 * same size left in its schema (`bench_pgvector_<size>`), without writing again.
 */
import { writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { startTestPostgres } from '../tests/helpers/pglite.js';
import { pgvectorMarkdown, pgvectorSection } from './sections/pgvector.js';

function sizes(value: string): number[] {
  return value.split(',').map((raw) => {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([km]?)\s*$/i.exec(raw);
    const n = m ? Math.round(Number(m[1]) * ({ k: 1e3, m: 1e6 }[m[2]!.toLowerCase()] ?? 1)) : NaN;
    if (!Number.isInteger(n) || n < 100) throw new InvalidArgumentError(`"${raw}" is not a chunk count such as 300, 50k or 1m`);
    return n;
  });
}
const whole = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number ≥ 1');
  return n;
};

const opts = new Command('bench:pgvector')
  .option('--sizes <list>', 'chunk counts (as many sentences), e.g. 50k,200k,1m', sizes, [20_000])
  .option('--embedded-max <n>', 'largest size the embedded backend also runs at', whole, 50_000)
  .option('--dim <n>', 'vector dimension', whole, 384)
  .option('--queries <n>', 'questions timed', whole, 100)
  .option('--batch <n>', 'records per add() call while writing', whole, 5000)
  .option('--build-memory <size>', 'maintenance_work_mem for the HNSW build, e.g. 4GB (default: the store’s 1GB)')
  .option('--ef-search <n>', 'hnsw.ef_search for the queries (default: the engine’s 100)', whole)
  .option('--reuse', 'query what an earlier run of the same size left (no writing)')
  .option('--json', 'print one JSON object')
  .option('--save <file>', 'also write the JSON result here')
  .parse()
  .opts<{ sizes: number[]; embeddedMax: number; dim: number; queries: number; batch: number; reuse?: boolean; buildMemory?: string; efSearch?: number; json?: boolean; save?: string }>();

const external = process.env.PG_URL || process.env.PGBENCH_URL;
const local = external ? undefined : await startTestPostgres();
try {
  const result = await pgvectorSection({
    url: external ?? local!.url,
    sizes: opts.sizes,
    embeddedMax: opts.embeddedMax,
    queries: opts.queries,
    dimension: opts.dim,
    batch: opts.batch,
    reuse: opts.reuse,
    buildMemory: opts.buildMemory,
    efSearch: opts.efSearch,
    log: (line) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`),
  });
  if (opts.save) await writeFile(opts.save, `${JSON.stringify(result, null, 1)}\n`);
  process.stdout.write(opts.json ? `${JSON.stringify(result)}\n` : pgvectorMarkdown(result));
} finally {
  await local?.stop();
}
