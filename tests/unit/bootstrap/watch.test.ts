import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { watchCorpus } from '../../../src/bootstrap/watch.js';
import { Engine, type ReindexReport } from '../../../src/engine/engine.js';
import { fakeConfig, writeCorpus } from '../../helpers/fake-engine.js';

describe('watchCorpus', () => {
  it('updates the engine once per burst of changes, re-embedding only what changed, and keeps answering meanwhile', async () => {
    const corpus = writeCorpus();
    const engine = await Engine.open(fakeConfig({ CORPUS_DIR: corpus }));
    const reports: ReindexReport[] = [];
    let notify: () => void = () => {};
    const watcher = watchCorpus(corpus, engine, {
      debounceMs: 300,
      onUpdate: (r) => {
        reports.push(r);
        notify();
      },
    });
    try {
      await watcher.ready;
      const updated = () => new Promise<void>((resolve) => (notify = resolve));

      let next = updated();
      writeFileSync(path.join(corpus, '.draft.md.swp'), 'editor swap file');
      writeFileSync(path.join(corpus, 'a.md'), '# Lighthouse\n\nThe lighthouse keeper repainted the tower red and white in April.\n');
      writeFileSync(path.join(corpus, 'b.txt'), 'Harbour\n\nThe committee met on Friday to approve the harbour budget for next year.\n');
      rmSync(path.join(corpus, 'notes/volcano.txt'));
      // Answers keep coming from the old index while the update runs.
      expect((await engine.cite('Mount Seren erupted')).question).toBe('Mount Seren erupted');
      await next;
      await watcher.idle();
      expect(reports).toHaveLength(1);
      expect(reports[0]).toMatchObject({ added: ['a.md', 'b.txt'], removed: ['notes/volcano.txt'], changed: [] });
      expect(engine.documents().map((d) => d.id)).toContain('a.md');
      expect((await engine.cite('The lighthouse keeper repainted the tower red and white in April.')).citations[0]?.document).toBe('a.md');

      next = updated();
      writeFileSync(path.join(corpus, 'a.md'), '# Lighthouse\n\nThe lighthouse keeper repainted the tower blue in May.\n');
      await next;
      expect(reports).toHaveLength(2);
      expect(reports[1]).toMatchObject({ added: [], removed: [], changed: ['a.md'] });
      expect(reports[1]!.embedded).toBeGreaterThan(0);
    } finally {
      await watcher.close();
    }
  });
});
