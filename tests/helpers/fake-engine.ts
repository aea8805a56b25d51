/**
 * Engines for unit tests: a tiny corpus written to a temp folder and the fake embedder
 * (hashed bag of words), so no ONNX model is loaded and a build takes milliseconds.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseConfig, type Config } from '../../src/bootstrap/config.js';
import { setLogLevel } from '../../src/bootstrap/logger.js';
import { Engine } from '../../src/engine/engine.js';

export const FAKE_MODEL = 'fake/hashed-bow';

/** Three short documents on unrelated subjects, one per format quirk (plain, Markdown, nested folder). */
export const TINY_CORPUS: Record<string, string> = {
  'harbour.txt': [
    'The Harbour Ferry Timetable',
    '',
    'The ferry to Lumen Island leaves the harbour every morning at seven. Tickets cost twelve euros for adults and six euros for children.',
    '',
    'In winter the ferry runs only on weekdays. Storms on the northern sea close the crossing several times a year.',
    '',
    'Captain Ilse Marlow has commanded the ferry since 2011. She trained at the naval school in Bergen.',
  ].join('\n'),
  'guide/bread.md': [
    '# Baking sourdough bread',
    '',
    'Sourdough needs a starter of flour and water that ferments for about five days before the first bake.',
    '',
    '```',
    'mix(flour, water)',
    '```',
    '',
    'The dough rises overnight in a cool kitchen. Bake the loaf at 240 degrees for forty minutes with steam.',
  ].join('\n'),
  'notes/volcano.txt': [
    'Mount Seren erupted in 1883 and covered the valley in ash. The eruption destroyed three villages near the crater.',
    '',
    'Geologists now measure the volcano with twelve seismic stations. The last small tremor was recorded in March.',
  ].join('\n'),
};

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `${prefix}-`));
}

export function writeCorpus(files: Record<string, string> = TINY_CORPUS, dir = tempDir('corpus')): string {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

export function fakeConfig(overrides: Record<string, string> = {}): Config {
  setLogLevel('silent');
  return parseConfig({
    CORPUS_DIR: overrides.CORPUS_DIR ?? writeCorpus(),
    INDEX_DIR: tempDir('index'),
    DATA_DIR: tempDir('data'),
    EMBEDDING_MODEL: FAKE_MODEL,
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}

export function openFakeEngine(overrides: Record<string, string> = {}): Promise<Engine> {
  return Engine.open(fakeConfig(overrides));
}
