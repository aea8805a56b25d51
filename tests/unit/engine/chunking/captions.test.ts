import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../../src/bootstrap/config.js';
import { isCaptionLike, splitGlued } from '../../../../src/engine/chunking/captions.js';
import { splitSentences } from '../../../../src/engine/chunking/sentences.js';
import { captionFlags } from '../../../../src/engine/summarize/salient.js';
import { documentFromText } from '../../../helpers/documents.js';

const pieces = (text: string) => splitSentences(text).flatMap((s) => splitGlued(text, s)).map((s) => text.slice(s.start, s.end));

describe('glued captions', () => {
  it('splits a video prompt and a caption glued to the next sentence, keeping every piece verbatim', () => {
    const text =
      'The mayor closed the harbour bridge on Tuesday. Scroll down for video The old harbour bridge (pictured) was built in 1931 and carries traffic to the suburbs The closure will last eighteen months, the council said.';
    expect(pieces(text)).toEqual([
      'The mayor closed the harbour bridge on Tuesday.',
      'Scroll down for video',
      'The old harbour bridge (pictured) was built in 1931 and carries traffic to the suburbs',
      'The closure will last eighteen months, the council said.',
    ]);
  });

  it('leaves ordinary prose whole, including capitalised titles and names inside a sentence', () => {
    for (const s of [
      'The minister told The Associated Press that talks would resume in June.',
      'She starred in The Hunger Games before moving to television.',
      'It replaced Bob Dylan\'s "The Times They Are a-Changin" as the anthem of the decade.',
      'Passengers said the driver was calm when they boarded the bus in the morning.',
      'Install the plugin and add it to the plugins array in the config file.',
    ])
      expect(pieces(s)).toEqual([s]);
  });

  it('recognises captions and prompts, not prose that ends with a full stop', () => {
    expect(isCaptionLike('Scroll down for video', false)).toBe(true);
    expect(isCaptionLike('The old harbour bridge (pictured) was built in 1931', false)).toBe(true);
    expect(isCaptionLike('Skin spa: Clients lie down while a nurse uses a laser', false)).toBe(true);
    expect(isCaptionLike('HEARTBREAK: The family at the funeral on Monday', false)).toBe(true);
    expect(isCaptionLike('The closure will last eighteen months, the council said.', false)).toBe(false);
    expect(isCaptionLike('NOTE: Run the build before you deploy.', false)).toBe(false);
    expect(isCaptionLike('The city sits on the left bank (left bank of the river) of the Vistula.', false)).toBe(false);
    // glued and without a full stop of its own: a caption
    expect(isCaptionLike('Crowds gather outside the court in the rain', true)).toBe(true);
    expect(isCaptionLike('Crowds gathered outside the court in the rain.', true)).toBe(false);
  });

  it('drops nothing from the documentation pages and splits none of their sentences', () => {
    const root = path.join(PROJECT_ROOT, '..', 'shared', 'eval', 'docs', 'corpus');
    const walk = (d: string): string[] =>
      readdirSync(d).flatMap((n) => (statSync(path.join(d, n)).isDirectory() ? walk(path.join(d, n)) : n.endsWith('.md') ? [path.join(d, n)] : []));
    const files = walk(root);
    expect(files.length).toBeGreaterThan(30);
    let sentences = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const doc = documentFromText(path.relative(root, f), text);
      sentences += doc.sentences.length;
      const flagged = captionFlags(text, doc.sentences).flatMap((c, i) => (c ? [text.slice(doc.sentences[i]!.start, doc.sentences[i]!.end)] : []));
      expect(flagged, f).toEqual([]);
      for (const p of doc.paragraphs) for (const s of splitSentences(text, p.start, p.end)) expect(splitGlued(text, s)).toEqual([s]);
    }
    expect(sentences).toBeGreaterThan(1000);
  });
});
