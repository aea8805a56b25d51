/**
 * npx tsx bench/reader-timings.ts [--json]
 *
 * Reading time per format: one generated document per format (the same handbook content:
 * headings, paragraphs, lists, tables, code), each read a few times after a warm-up read that
 * loads the parser. Reports the median per file, size and blocks per second, for the bench.
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { readerFor } from '../src/engine/readers/registry.js';
import { handbookDocx, handbookPdf } from '../tests/helpers/fixture-documents.js';
import { median } from './measure.js';

export interface ReaderTiming {
  format: string;
  kb: number;
  blocks: number;
  /** Median over the timed reads, parser already loaded. */
  ms: number;
  /** First read in this process, including loading the parser. */
  firstMs: number;
  blocksPerSecond: number;
}

const enc = new TextEncoder();

function section(n: number) {
  return {
    md: `## Crossings ${n}\n\nThe harbour runs three ferries every hour between the two piers.\n\n- Up to 25 passengers per boat\n- Bicycles travel free\n\n| Boat | Seats |\n| --- | --- |\n| Gull | 25 |\n\n\`\`\`js\nschedule.plan({ boats: 3 })\n\`\`\`\n\n::: tip\nArrive ten minutes early.\n:::\n\n`,
    html: `<h2>Crossings ${n}</h2><p>The harbour runs three ferries every hour between the two piers.</p><ul><li>Up to 25 passengers per boat</li><li>Bicycles travel free</li></ul><table><tr><th>Boat</th><th>Seats</th></tr><tr><td>Gull</td><td>25</td></tr></table><pre><code>schedule.plan({ boats: 3 })</code></pre>\n`,
    txt: `CROSSINGS ${n}\n\nThe harbour runs three ferries every hour between the two piers, from six until midnight.\n\n- Up to 25 passengers per boat\n- Bicycles travel free\n\nTickets are sold on board and at the pier office, and children under five travel free.\n\n`,
    csv: `Gull ${n},25,"fast, small",north pier\nTern ${n},18,slow,south pier\n`,
  };
}

/** Generated files of comparable content; `sections` scales them. */
export async function readerFixtures(sections = 50): Promise<{ fileName: string; bytes: Uint8Array }[]> {
  const parts = Array.from({ length: sections }, (_, i) => section(i + 1));
  return [
    { fileName: 'handbook.txt', bytes: enc.encode(`Ferry Handbook\n\n${parts.map((p) => p.txt).join('')}`) },
    { fileName: 'handbook.md', bytes: enc.encode(`# Ferry Handbook\n\n${parts.map((p) => p.md).join('')}`) },
    { fileName: 'handbook.html', bytes: enc.encode(`<html><head><title>Ferry Handbook</title></head><body><main><h1>Ferry Handbook</h1>${parts.map((p) => p.html).join('')}</main></body></html>`) },
    { fileName: 'handbook.csv', bytes: enc.encode(`boat,seats,note,pier\n${parts.map((p) => p.csv).join('')}`) },
    { fileName: 'handbook.pdf', bytes: await handbookPdf(Math.ceil(sections / 2)) },
    { fileName: 'handbook.docx', bytes: await handbookDocx(sections) },
  ];
}

export async function readerTimings(opts: { sections?: number; runs?: number } = {}): Promise<ReaderTiming[]> {
  const out: ReaderTiming[] = [];
  for (const f of await readerFixtures(opts.sections)) {
    const reader = readerFor(f.fileName)!;
    let t = performance.now();
    const doc = await reader.read({ ...f, bytes: f.bytes.slice() });
    const firstMs = performance.now() - t;
    const samples: number[] = [];
    for (let i = 0; i < (opts.runs ?? 3); i++) {
      t = performance.now();
      await reader.read({ ...f, bytes: f.bytes.slice() });
      samples.push(performance.now() - t);
    }
    const ms = median(samples);
    out.push({ format: reader.name, kb: Math.round(f.bytes.length / 102.4) / 10, blocks: doc.blocks.length, ms: Math.round(ms), firstMs: Math.round(firstMs), blocksPerSecond: Math.round(doc.blocks.length / (ms / 1000)) });
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rows = await readerTimings();
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows));
  else {
    console.log('| format | size KB | blocks | first read ms | read ms (median of 3) | blocks/s |');
    console.log('|---|---|---|---|---|---|');
    for (const r of rows) console.log(`| ${r.format} | ${r.kb} | ${r.blocks} | ${r.firstMs} | ${r.ms} | ${r.blocksPerSecond} |`);
  }
}
