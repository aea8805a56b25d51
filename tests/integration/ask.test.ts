import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { evaluate, readQuestions } from '../../src/engine/evaluate.js';
import { MAX_QUESTION_CHARS } from '../../src/engine/answer/question.js';
import { chromeIn } from '../helpers/chrome.js';
import { CORPUS_DIR, openTestEngine } from '../helpers/engine.js';
import { PROJECT_ROOT } from '../../src/bootstrap/config.js';

const DEV_QUESTIONS = path.join(PROJECT_ROOT, '..', 'shared', 'eval', 'dev-questions.jsonl');
const HELDOUT_QUESTIONS = path.join(PROJECT_ROOT, 'eval', 'heldout-questions.jsonl');

let engine: Engine;
beforeAll(async () => {
  engine = await openTestEngine();
});

const corpusText = (doc: string) => readFileSync(path.join(CORPUS_DIR, doc), 'utf8');

describe('answers', () => {
  it('quotes are exact substrings of the cited document, free of chrome, for every eval question', async () => {
    const questions = [...(await readQuestions(HELDOUT_QUESTIONS)), ...(await readQuestions(DEV_QUESTIONS).catch(() => []))];
    expect(questions.length).toBeGreaterThan(40);
    for (const q of questions) {
      const a = await engine.ask(q.question);
      for (const c of a.citations) {
        const text = corpusText(c.document);
        expect(text.slice(c.start, c.end)).toBe(c.quote);
        expect(chromeIn(c.quote), c.quote).toEqual([]);
        expect(c.paragraph).toBeGreaterThan(0);
        expect(c.title.length).toBeGreaterThan(0);
      }
      expect(a.citations.length).toBeLessThanOrEqual(3);
      if (a.tier === 'none') expect(a.citations).toEqual([]);
      expect(a.answered).toBe(a.tier === 'answer');
      expect(a.confidence).toBeGreaterThanOrEqual(0);
      expect(a.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('meets the retrieval targets on the held-out questions (regression guard)', async () => {
    const report = await evaluate(await readQuestions(HELDOUT_QUESTIONS), (q) => engine.ask(q));
    expect(report.hitAt1).toBeGreaterThanOrEqual(0.85);
    expect(report.hitAt3).toBeGreaterThanOrEqual(0.9);
    expect(report.answeredRate).toBeGreaterThanOrEqual(0.9);
    expect(report.abstainRate).toBeGreaterThanOrEqual(0.75);
  });

  it('orders citations best first and cites the document that holds the answer', async () => {
    const a = await engine.ask('Who withdrew the letter of the progressive Democrats?');
    expect(a.answered).toBe(true);
    expect(a.citations[0]!.quote).toContain('Pramila Jayapal');
    expect(a.citations[0]!.document).toBe('001_d7e03db3c3fe0fbc.txt');
    const scores = a.citations.map((c) => c.score);
    expect([...scores].sort((x, y) => y - x)).toEqual(scores);
  });

  it('says "not found" and suggests documents for questions the documents do not answer', async () => {
    for (const q of ['Who won the 2022 football World Cup?', 'How do I reset my router password?', 'What is the best recipe for lasagna?']) {
      const a = await engine.ask(q);
      expect(a.answered, q).toBe(false);
      expect(a.tier, q).toBe('none');
      expect(a.citations).toEqual([]);
      expect(a.message).toMatch(/do not seem to answer/);
    }
  });

  it('uses an earlier question as context for a follow-up', async () => {
    const a = await engine.ask('And who did he talk to?', { context: 'What did Kissinger do during the 1973 Arab-Israeli war?' });
    expect(a.question).toBe('And who did he talk to?');
    expect(a.citations[0]?.quote).toContain('Dobrynin');
  });
});

describe('bad questions get a clear answer or refusal, never a crash', () => {
  it.each([
    ['empty', '', /empty/],
    ['whitespace', '   \n\t ', /empty/],
    ['only emoji', '🙂🙃🤔', /words/],
    ['zero-width characters', '\u200b\u200c\u200d\ufeff', /empty/],
  ])('%s', async (_name, q, message) => {
    const a = await engine.ask(q);
    expect(a.answered).toBe(false);
    expect(a.citations).toEqual([]);
    expect(a.message).toMatch(message);
  });

  it('5,000 characters: answered from the first part, no crash', async () => {
    const q = `What did Blinken say about diplomacy with Russia? ${'blah '.repeat(1000)}`.slice(0, 5000);
    const a = await engine.ask(q);
    expect(a.question.length).toBeLessThanOrEqual(MAX_QUESTION_CHARS);
    expect(q.startsWith(a.question)).toBe(true);
    // What is answered is exactly the question as cut: the rest of the input plays no part.
    expect(a.citations).toEqual((await engine.ask(a.question)).citations);
  });

  it('Discord mentions, emoji, links and emphasis change nothing about the answer, and are shown back', async () => {
    const plain = await engine.ask('When did Washington suspend arms control talks with Moscow?');
    const noisy = await engine.ask('<@123456789012345678> When did Washington suspend **arms control** talks with Moscow? @everyone <@&1> <:pepe:42> https://example.com/x please');
    expect(noisy.citations.map((c) => c.quote)).toEqual((await engine.ask('When did Washington suspend arms control talks with Moscow? please')).citations.map((c) => c.quote));
    expect(plain.citations[0]?.quote).toEqual(noisy.citations[0]?.quote);
    expect(noisy.question).toContain('@everyone');
    const only = await engine.ask('<@123456789012345678> @here <:pepe:42>');
    expect(only.answered).toBe(false);
    expect(only.message).toMatch(/words/);
  });

  it('zero-width characters inside a real question are ignored', async () => {
    const plain = await engine.ask('Who is Tom Shannon?');
    const sneaky = await engine.ask('Who\u200b is Tom\u200d Shannon?');
    expect(sneaky.citations.map((c) => c.quote)).toEqual(plain.citations.map((c) => c.quote));
  });

  it('another language: no crash, quotes still verbatim', async () => {
    for (const q of ['Qui a retiré la lettre des démocrates progressistes ?', 'Что сказал Блинкен о дипломатии?', '誰が手紙を撤回しましたか']) {
      const a = await engine.ask(q);
      expect(a.question).toBe(q);
      if (a.answered) expect(a.citations.length).toBeGreaterThan(0);
      // Not answered: related passages (the corpus is about what was asked, e.g. Blinken and
      // diplomacy in Russian) or "not found", each with its own message.
      else expect(a.message, q).toMatch(a.tier === 'related' ? /couldn't find a direct answer/ : /do not seem to answer/);
      for (const c of a.citations) expect(corpusText(c.document).slice(c.start, c.end)).toBe(c.quote);
    }
  });
});
