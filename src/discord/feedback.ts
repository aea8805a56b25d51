/**
 * 👍 / 👎 votes, one JSON line each in DATA_DIR/feedback.jsonl. User ids are public and few, so a
 * plain hash could be reversed by trying them all; they are hashed with a secret salt kept next
 * to the log instead, which still lets one person's votes be grouped.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AnswerRecord } from './answer-record.js';

export interface FeedbackLine {
  time: string;
  vote: 'up' | 'down';
  answerId: string;
  kind: AnswerRecord['kind'];
  question: string;
  /** `document#start-end` of every citation the answer had, in order. */
  citations: string[];
  answered: boolean;
  user: string;
}

export class FeedbackLog {
  readonly file: string;
  readonly #saltFile: string;
  #salt: Promise<string> | undefined;
  /** Appends run one after another so lines never interleave. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(readonly dataDir: string) {
    this.file = path.join(dataDir, 'feedback.jsonl');
    this.#saltFile = path.join(dataDir, 'feedback-salt');
  }

  async record(record: AnswerRecord, vote: 'up' | 'down', userId: string): Promise<FeedbackLine> {
    const line = feedbackLine(record, vote, await this.hashUser(userId));
    const append = this.#queue.then(() => appendFile(this.file, `${JSON.stringify(line)}\n`));
    this.#queue = append.catch(() => undefined);
    await append;
    return line;
  }

  async hashUser(userId: string): Promise<string> {
    const salt = await (this.#salt ??= this.#loadSalt());
    return createHmac('sha256', salt).update(userId).digest('hex').slice(0, 16);
  }

  /** Waits for appends in flight (shutdown). */
  async flush(): Promise<void> {
    await this.#queue;
  }

  async #loadSalt(): Promise<string> {
    await mkdir(this.dataDir, { recursive: true });
    try {
      const existing = (await readFile(this.#saltFile, 'utf8')).trim();
      if (existing) return existing;
    } catch {
      // First vote: create the salt below.
    }
    const salt = randomBytes(32).toString('hex');
    // 'wx' fails if another process created it meanwhile; then that one wins.
    try {
      await writeFile(this.#saltFile, `${salt}\n`, { flag: 'wx', mode: 0o600 });
      return salt;
    } catch {
      return (await readFile(this.#saltFile, 'utf8')).trim();
    }
  }
}

/** One vote as stored, whichever sink keeps it (file or Postgres); `user` is already hashed. */
export function feedbackLine(record: AnswerRecord, vote: 'up' | 'down', user: string): FeedbackLine {
  return {
    time: new Date().toISOString(),
    vote,
    answerId: record.id,
    kind: record.kind,
    question: record.input,
    citations: record.citations.map((c) => `${c.document}#${c.start}-${c.end}`),
    answered: record.citations.length > 0,
    user,
  };
}
