import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordFromAnswer, type AnswerRecord } from '../../../src/discord/answer-record.js';
import { AnswerArchive } from '../../../src/discord/answer-archive.js';
import { FeedbackLog } from '../../../src/discord/feedback.js';
import { renderRecord } from '../../../src/discord/render.js';

const root = mkdtempSync(path.join(tmpdir(), 'bot-storage-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function record(id: string, createdAt = new Date().toISOString()): AnswerRecord {
  return {
    v: 1,
    id,
    kind: 'ask',
    input: 'Who?',
    title: 'Who?',
    citations: [{ quote: 'Someone.', document: 'a.txt', title: 'A', paragraph: 2, start: 10, end: 18, score: 0.8 }],
    suggestions: [],
    notes: [],
    elapsedMs: 5,
    createdAt,
  };
}

describe('AnswerArchive', () => {
  it('keeps answers across instances (a restart) and treats unknown, foreign or expired ones as gone', async () => {
    const dir = path.join(root, 'a');
    const store = new AnswerArchive(dir);
    const id = AnswerArchive.newId();
    expect(id).toMatch(/^[\w-]{12}$/);
    expect(await store.save(record(id))).toBe(true);
    // On disk under its final name (no temp file left) as soon as save resolves: the reply with
    // its buttons may be sent, and the process may die right after.
    expect(readdirSync(path.join(dir, 'answers'))).toEqual([`${id}.json`]);
    expect(await store.get(id)).toMatchObject({ id });

    const restarted = new AnswerArchive(dir);
    expect(await restarted.get(id)).toEqual({ ...record(id), createdAt: expect.any(String) });
    expect(await restarted.get('AAAAAAAAAAAA')).toBeUndefined();
    expect(await restarted.get('../../etc/passwd')).toBeUndefined();

    writeFileSync(path.join(dir, 'answers', 'BBBBBBBBBBBB.json'), '{"v":2}');
    expect(await restarted.get('BBBBBBBBBBBB')).toBeUndefined();
    const old = 'CCCCCCCCCCCC';
    await restarted.save(record(old, '2000-01-01T00:00:00.000Z'));
    expect(await restarted.get(old)).toBeUndefined();
  });

  it('keeps the paragraph range of a quote that runs over two paragraphs, across a restart', async () => {
    const dir = path.join(root, 'range');
    const id = AnswerArchive.newId();
    const quote = 'The ferry leaves at seven.\n\nIt returns at noon.';
    const answer = {
      question: 'When does the ferry run?',
      answered: true,
      citations: [{ quote, document: 'a.txt', title: 'A', paragraph: 4, lastParagraph: 5, score: 0.7, start: 30, end: 30 + quote.length }],
      suggestions: [],
    };
    expect(await new AnswerArchive(dir).save(recordFromAnswer('ask', answer, { id, input: answer.question, elapsedMs: 3 }))).toBe(true);
    const reloaded = (await new AnswerArchive(dir).get(id))!;
    expect(reloaded.citations[0]).toMatchObject({ paragraph: 4, lastParagraph: 5 });
    expect(renderRecord(reloaded).embeds[0]!.toJSON().fields![0]!.value).toContain('¶4–5');
  });

  it('prunes expired answers and stale temp files', async () => {
    const dir = path.join(root, 'b');
    const store = new AnswerArchive(dir);
    await store.save(record('DDDDDDDDDDDD'));
    await store.save(record('EEEEEEEEEEEE'));
    await store.flush();
    const answers = path.join(dir, 'answers');
    const longAgo = new Date('2000-01-01');
    utimesSync(path.join(answers, 'DDDDDDDDDDDD.json'), longAgo, longAgo);
    writeFileSync(path.join(answers, 'FFFFFFFFFFFF.json.123.tmp'), '{');
    utimesSync(path.join(answers, 'FFFFFFFFFFFF.json.123.tmp'), longAgo, longAgo);
    expect(await store.prune()).toBe(2);
    expect(readdirSync(answers)).toEqual(['EEEEEEEEEEEE.json']);
  });
});

describe('FeedbackLog', () => {
  it('appends one line per vote, with a salted hash of the user id that is stable across instances', async () => {
    const dir = path.join(root, 'c');
    const log = new FeedbackLog(dir);
    const votes = await Promise.all([log.record(record('GGGGGGGGGGGG'), 'up', '123456789012345678'), log.record(record('GGGGGGGGGGGG'), 'down', '223456789012345678')]);
    const again = await new FeedbackLog(dir).record(record('HHHHHHHHHHHH'), 'up', '123456789012345678');
    const lines = readFileSync(path.join(dir, 'feedback.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toEqual({
      time: votes[0].time,
      vote: 'up',
      answerId: 'GGGGGGGGGGGG',
      kind: 'ask',
      question: 'Who?',
      citations: ['a.txt#10-18'],
      answered: true,
      user: votes[0].user,
    });
    expect(votes[0].user).toMatch(/^[0-9a-f]{16}$/);
    expect(votes[0].user).not.toBe(votes[1].user);
    expect(again.user).toBe(votes[0].user);
    expect(statSync(path.join(dir, 'feedback-salt')).mode & 0o077).toBe(0);
  });
});
