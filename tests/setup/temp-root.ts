/**
 * Global setup of every project: the temp folders a test run makes (mkdtemp under os.tmpdir(), in
 * the test workers and in the bot/CLI processes they spawn, which inherit TMPDIR) all go under one
 * folder per run, removed when the run ends. Without it each run left a few hundred index, data and
 * corpus folders in /tmp.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const MARK = 'DOC_QUOTE_BOT_TEST_TMP';

export default function setup(): () => void {
  // Each project runs its global setups; the first one owns the folder, the others reuse it.
  if (process.env[MARK]) return () => {};
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(path.join(tmpdir(), 'doc-quote-bot-tests-'));
  process.env[MARK] = root;
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    delete process.env[MARK];
    rmSync(root, { recursive: true, force: true });
  };
}
