/**
 * A deterministic larger corpus made from the seed corpus: its cleaned sentences recombined
 * (seeded PRNG) into paragraphs of 2–4 sentences and documents of 8–24 paragraphs. Chunks are
 * counted with the engine's own document builder and chunker, so the index lands at the target
 * chunk count (within one document), not at an estimate.
 *
 * Because every sentence comes from a pool of ~230, sentence texts repeat heavily and the
 * engine's build embeds each distinct text once: a synthetic build embeds roughly one text per
 * chunk plus the distinct sentence/context pairs, not chunks + sentences.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CHUNKER_VERSION, chunkDocument } from '../src/engine/chunking/chunker.js';
import { readCorpus, readDocument, readDocuments } from '../src/engine/index/corpus.js';
import { between, pick, prng } from './measure.js';

/** Bump when the generator's output changes, so cached corpora are regenerated. */
const GENERATOR_VERSION = 2;
const MARKER = '.bench-corpus.json';

export interface SyntheticOptions {
  seedDir: string;
  outDir: string;
  targetChunks: number;
  seed?: number;
  /** The engine's token counter and limit (from `Embedder`), so chunk counts are exact. */
  countTokens: (text: string) => number;
  maxTokens: number;
}

export interface SyntheticCorpus {
  dir: string;
  documents: number;
  paragraphs: number;
  chunks: number;
  sentences: number;
  /** Distinct sentences in the pool the corpus was drawn from. */
  poolSentences: number;
  /** Whether an identical corpus from an earlier run was reused. */
  reused: boolean;
}

interface Marker {
  version: number;
  seed: number;
  targetChunks: number;
  seedHash: string;
  /** Cleaning and chunking rules change chunk counts: a corpus made under other rules is remade. */
  chunker: string;
  result: Omit<SyntheticCorpus, 'dir' | 'reused'>;
}

/** Sentences of the seed corpus as the engine cleans and splits them. */
export async function seedSentences(seedDir: string): Promise<{ sentences: string[]; hash: string }> {
  const corpus = await readCorpus(seedDir);
  const all = (await readDocuments(corpus)).documents.flatMap((d) => d.sentences.map((s) => d.text.slice(s.start, s.end).replace(/\s+/g, ' ').trim()));
  return { sentences: [...new Set(all)].filter((s) => s.split(' ').length >= 4), hash: corpus.hash };
}

function titleWords(sentence: string): string {
  return sentence
    .split(' ')
    .map((w) => w.replace(/[^\p{L}\p{N}-]/gu, ''))
    .filter((w) => w.length >= 4)
    .slice(0, 4)
    .join(' ');
}

export async function syntheticCorpus(opts: SyntheticOptions): Promise<SyntheticCorpus> {
  const seed = opts.seed ?? 42;
  const { sentences: pool, hash: seedHash } = await seedSentences(opts.seedDir);
  const markerFile = path.join(opts.outDir, MARKER);
  if (existsSync(markerFile)) {
    try {
      const m = JSON.parse(await readFile(markerFile, 'utf8')) as Marker;
      if (m.version === GENERATOR_VERSION && m.seed === seed && m.targetChunks === opts.targetChunks && m.seedHash === seedHash && m.chunker === CHUNKER_VERSION) {
        return { dir: opts.outDir, ...m.result, reused: true };
      }
    } catch {
      // An unreadable marker just means the corpus is generated again.
    }
  }
  await rm(opts.outDir, { recursive: true, force: true });
  await mkdir(opts.outDir, { recursive: true });

  const rand = prng(seed);
  let chunks = 0;
  let paragraphs = 0;
  let sentences = 0;
  let documents = 0;
  const meta = { hash: '', bytes: 0, modifiedAt: '' };
  while (chunks < opts.targetChunks) {
    const remaining = opts.targetChunks - chunks;
    // A paragraph of short sentences is one chunk, so paragraphs bound chunks from below.
    const count = Math.min(between(rand, 8, 24), remaining);
    const seen = new Set<string>();
    const paras: string[] = [];
    while (paras.length < count) {
      const r = rand();
      const n = r < 0.45 ? 2 : r < 0.8 ? 3 : 4;
      const p = Array.from({ length: n }, () => pick(rand, pool)).join(' ');
      // The cleaner drops repeated paragraphs within a document (paywall previews).
      if (!seen.has(p)) {
        seen.add(p);
        paras.push(p);
      }
    }
    const id = `syn-${String(documents + 1).padStart(5, '0')}.txt`;
    const text = `Dispatch ${documents + 1} on ${titleWords(paras[0]!)}\n\n${paras.join('\n\n')}\n`;
    const doc = await readDocument(id, new TextEncoder().encode(text), meta);
    chunks += chunkDocument(doc, 0, 0, { maxTokens: opts.maxTokens, countTokens: opts.countTokens }).length;
    paragraphs += doc.paragraphs.length;
    sentences += doc.sentences.length;
    documents++;
    await writeFile(path.join(opts.outDir, id), text);
  }
  const result = { documents, paragraphs, chunks, sentences, poolSentences: pool.length };
  const marker: Marker = { version: GENERATOR_VERSION, seed, targetChunks: opts.targetChunks, seedHash, chunker: CHUNKER_VERSION, result };
  await writeFile(markerFile, JSON.stringify(marker, null, 1));
  return { dir: opts.outDir, ...result, reused: false };
}
