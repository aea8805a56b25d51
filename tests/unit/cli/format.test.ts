import { describe, expect, it } from 'vitest';
import { answerJson, answerText, summaryJson, summaryText } from '../../../src/cli/format.js';

describe('ask --json / text', () => {
  it('gives a quote that runs into the next paragraph its range, and others only their paragraph', () => {
    const spanning = 'The ferry leaves at seven.\n\nIt returns at noon.';
    const answer = {
      question: 'When does the ferry run?',
      answered: true,
      confidence: 0.81234,
      tier: 'answer' as const,
      citations: [
        { quote: spanning, document: 'a.txt', title: 'A', paragraph: 4, lastParagraph: 5, score: 0.7, start: 0, end: spanning.length },
        { quote: 'Tickets cost two euros.', document: 'a.txt', title: 'A', paragraph: 7, score: 0.4, start: 80, end: 103 },
      ],
      suggestions: [],
    };
    const json = answerJson(answer);
    expect(json.confidence).toBe(0.812);
    expect(json.citations[0]).toEqual({ quote: spanning, document: 'a.txt', title: 'A', paragraph: 4, score: 0.7, lastParagraph: 5 });
    expect(json.citations[1]).not.toHaveProperty('lastParagraph');
    expect(answerText(answer)).toContain('¶4–5');
  });
});

describe('where a quote is, in every rendering', () => {
  const located = { quote: 'Boats do not sail in a gale.', document: 'handbook.pdf', title: 'Ferry Handbook', paragraph: 6, start: 10, end: 38, section: 'Ferry Handbook › Limits', page: 2 };
  const bare = { quote: 'The pier opens at eight.', document: 'notes.txt', title: 'Notes', paragraph: 1, start: 0, end: 24 };

  it('gives summary quotes their section and page, in JSON and text, and nothing it does not know', () => {
    const summary = { kind: 'document' as const, title: 'Ferry Handbook', citations: [located, bare] };
    const json = summaryJson(summary);
    expect(json.citations[0]).toEqual({ quote: located.quote, document: 'handbook.pdf', title: 'Ferry Handbook', paragraph: 6, section: 'Ferry Handbook › Limits', page: 2 });
    expect(json.citations[1]).toEqual({ quote: bare.quote, document: 'notes.txt', title: 'Notes', paragraph: 1 });
    const text = summaryText(summary);
    expect(text).toContain('Ferry Handbook › Limits, p. 2 — handbook.pdf');
    expect(text).toContain('notes.txt ¶1');
  });

  it('gives related passages (no direct answer) their section and page too', () => {
    const text = answerText({ question: 'Do boats sail in storms?', answered: false, message: 'No direct answer.', citations: [{ ...located, score: 0.3 }], suggestions: [] });
    expect(text).toContain('~ Ferry Handbook › Limits, p. 2 — handbook.pdf, ¶6');
  });
});

