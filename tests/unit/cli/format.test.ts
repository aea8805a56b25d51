import { describe, expect, it } from 'vitest';
import { answerJson, answerText } from '../../../src/cli/format.js';

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
