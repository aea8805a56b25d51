/**
 * Answers the bot posted, one JSON file each under DATA_DIR/answers, so that buttons and
 * follow-up replies on old messages work after a restart. `save` writes to a temporary name,
 * fsyncs and renames, and resolves only then: the reply carrying the answer's buttons is sent
 * after that, so a crash (even SIGKILL) never leaves a button pointing at nothing, nor half an
 * answer behind. `flush()` waits for writes still in flight.
 */
import { randomBytes } from 'node:crypto';
import { rename as renameCb, writeFile as writeFileCb } from 'node:fs';
import { mkdir, readdir, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { log } from '../bootstrap/logger.js';
import type { AnswerRecord } from './answer-record.js';
import { isAnswerId } from './custom-id.js';

export const ANSWER_ARCHIVE = {
  /** Older answers count as expired: their buttons say so. */
  maxAgeDays: 30,
  /** Recent answers kept in memory; older ones are read back from disk. */
  cacheSize: 500,
} as const;

export class AnswerArchive {
  readonly dir: string;
  readonly #cache = new Map<string, AnswerRecord>();
  readonly #pending = new Set<Promise<void>>();
  #ready: Promise<void> | undefined;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'answers');
  }

  /** 12 url-safe characters: unguessable enough that nobody can page through others' answers. */
  static newId(): string {
    return randomBytes(9).toString('base64url');
  }

  /**
   * Keeps the record in memory and resolves once it is durable on disk; false (and a warning)
   * when it could not be written, so the caller can leave out buttons that would not survive a restart.
   */
  async save(record: AnswerRecord): Promise<boolean> {
    this.#remember(record);
    const write = this.#write(record).finally(() => this.#pending.delete(write));
    this.#pending.add(write);
    try {
      await write;
      return true;
    } catch (err) {
      log.warn(`could not save answer ${record.id} (it is posted without buttons):`, err);
      return false;
    }
  }

  /** The record, or undefined when it is unknown or expired. */
  async get(id: string): Promise<AnswerRecord | undefined> {
    if (!isAnswerId(id)) return undefined;
    const cached = this.#cache.get(id);
    const record = cached ?? (await this.#read(id));
    if (!record || this.#expired(record)) return undefined;
    if (!cached) this.#remember(record);
    return record;
  }

  /** Resolves once every write started so far is on disk. */
  async flush(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  /** Deletes expired answers (and temp files left by a crash); best effort, for start-up. */
  async prune(now = Date.now()): Promise<number> {
    let removed = 0;
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return 0;
    }
    const cutoff = now - ANSWER_ARCHIVE.maxAgeDays * 86_400_000;
    for (const name of names) {
      const file = path.join(this.dir, name);
      try {
        const s = await stat(file);
        if (name.endsWith('.tmp') ? s.mtimeMs < now - 3_600_000 : s.mtimeMs < cutoff) {
          await unlink(file);
          removed++;
        }
      } catch {
        // Gone already, or unreadable: nothing to prune.
      }
    }
    return removed;
  }

  #expired(record: AnswerRecord): boolean {
    return Date.now() - Date.parse(record.createdAt) > ANSWER_ARCHIVE.maxAgeDays * 86_400_000;
  }

  #remember(record: AnswerRecord): void {
    this.#cache.delete(record.id);
    this.#cache.set(record.id, record);
    if (this.#cache.size > ANSWER_ARCHIVE.cacheSize) this.#cache.delete(this.#cache.keys().next().value!);
  }

  async #write(record: AnswerRecord): Promise<void> {
    this.#ready ??= mkdir(this.dir, { recursive: true }).then(() => undefined);
    await this.#ready;
    const file = path.join(this.dir, `${record.id}.json`);
    const tmp = `${file}.${process.pid}.tmp`;
    // The callback API with `flush` (write, fsync, close in one call): the FileHandle promise API
    // cost ~6× more main-thread time per record, a fifth of an answer's under load (issue 14).
    await new Promise<void>((resolve, reject) => {
      writeFileCb(tmp, JSON.stringify(record), { flush: true }, (err) => {
        if (err) reject(err);
        else renameCb(tmp, file, (err2) => (err2 ? reject(err2) : resolve()));
      });
    });
  }

  async #read(id: string): Promise<AnswerRecord | undefined> {
    try {
      const parsed = recordSchema.safeParse(JSON.parse(await readFile(path.join(this.dir, `${id}.json`), 'utf8')));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }
}

/** A file from another version or edited by hand counts as expired instead of crashing a button. */
export const recordSchema: z.ZodType<AnswerRecord> = z.object({
  v: z.literal(1),
  id: z.string(),
  kind: z.enum(['ask', 'quote', 'summary']),
  input: z.string(),
  context: z.string().optional(),
  title: z.string(),
  citations: z.array(
    z.object({
      quote: z.string(),
      document: z.string(),
      title: z.string(),
      paragraph: z.number(),
      lastParagraph: z.number().optional(),
      start: z.number(),
      end: z.number(),
      score: z.number().optional(),
      section: z.string().optional(),
      page: z.number().optional(),
      lines: z.tuple([z.number(), z.number()]).optional(),
      kind: z.string().optional(),
      display: z.string().optional(),
    }),
  ),
  suggestions: z.array(z.object({ document: z.string(), title: z.string() })),
  message: z.string().optional(),
  sourceUrl: z.string().optional(),
  notes: z.array(z.string()),
  elapsedMs: z.number(),
  createdAt: z.string(),
});
