/**
 * The per-model table (embedders/models.ts) drives prefixes and pooling. Only MiniLM ships, so
 * its weights stand in for the other models here: laid out under another model's id, they must be
 * fed and pooled the way that id's table line says.
 */
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/bootstrap/config.js';
import { dot } from '../../../src/domain/vector.js';
import { MODEL_SPECS } from '../../../src/engine/embedders/models.js';
import { OnnxEmbedder } from '../../../src/engine/embedders/onnx.js';

const config = parseConfig({});
const miniLmDir = path.join(config.modelsDir, 'Xenova/all-MiniLM-L6-v2');

/** A models folder where `id` is MiniLM's files (sentence-transformers JSON replaced when given). */
function aliasOfMiniLm(root: string, id: string, prompts?: Record<string, string>): void {
  const dest = path.join(root, ...id.split('/'));
  mkdirSync(dest, { recursive: true });
  for (const entry of readdirSync(miniLmDir)) {
    if (prompts && entry === 'config_sentence_transformers.json') continue;
    symlinkSync(path.join(miniLmDir, entry), path.join(dest, entry));
  }
  if (prompts) writeFileSync(path.join(dest, 'config_sentence_transformers.json'), JSON.stringify({ prompts }));
}

const same = (a: Float32Array, b: Float32Array) => expect(Array.from(a)).toEqual(Array.from(b));

describe('model table: prefixes and pooling per model', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'model-specs-'));
  const open = (modelsDir: string, modelId: string) => new OnnxEmbedder({ modelsDir, modelId, threads: 1 });
  const miniLm = open(config.modelsDir, 'Xenova/all-MiniLM-L6-v2');
  const e5 = open(root, 'Xenova/e5-small-v2');
  const bge = open(root, 'Xenova/bge-small-en-v1.5');
  const other = open(root, 'Acme/unlisted-model');
  beforeAll(async () => {
    aliasOfMiniLm(root, 'Xenova/e5-small-v2');
    aliasOfMiniLm(root, 'Xenova/bge-small-en-v1.5');
    aliasOfMiniLm(root, 'Acme/unlisted-model', { query: 'find: ', document: 'doc: ' });
    await Promise.all([miniLm, e5, bge, other].map((e) => e.load()));
  });

  it('e5 prefixes "query: " to questions and "passage: " to indexed text, and leaves the prefix room in the input limit', async () => {
    const text = 'Who met in Geneva in January?';
    same((await e5.embed([text], 'query'))[0]!, (await miniLm.embed([`query: ${text}`], 'document'))[0]!);
    same((await e5.embed([text], 'document'))[0]!, (await miniLm.embed([`passage: ${text}`], 'document'))[0]!);
    expect(e5.maxTokens).toBe(miniLm.maxTokens - (miniLm.countTokens(MODEL_SPECS['Xenova/e5-small-v2']!.documentPrefix) - 2));
  });

  it('bge pools the CLS token (not the mean) into a unit vector and embeds questions as they are (its optional instruction measured worse)', async () => {
    const text = 'The defense ministers spoke on the phone twice.';
    const [cls] = await bge.embed([text], 'document');
    const [mean] = await miniLm.embed([text], 'document');
    expect(Math.sqrt(dot(cls!, cls!))).toBeCloseTo(1, 5);
    expect(dot(cls!, mean!)).toBeLessThan(0.99);
    same((await bge.embed([text], 'query'))[0]!, cls!);
    expect(bge.maxTokens).toBe(miniLm.maxTokens);
  });

  it('a model outside the table takes its prompts from its sentence-transformers files', async () => {
    same((await other.embed(['Moscow'], 'query'))[0]!, (await miniLm.embed(['find: Moscow'], 'document'))[0]!);
    same((await other.embed(['Moscow'], 'document'))[0]!, (await miniLm.embed(['doc: Moscow'], 'document'))[0]!);
  });
});
