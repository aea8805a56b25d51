/**
 * Terminal and JSON renderings of engine results. The JSON shapes are a stable interface used
 * by scripts: only the documented fields, in the documented order.
 */
import type { Answer } from '../engine/answer.js';

export function answerJson(a: Answer) {
  return {
    question: a.question,
    answered: a.answered,
    citations: a.citations.map(({ quote, document, title, paragraph, score }) => ({ quote, document, title, paragraph, score })),
  };
}

/** Quote lines indented so multi-line quotes stay visibly one quote. */
function indentQuote(quote: string): string {
  return quote
    .split(/\r?\n/)
    .map((l) => `    ${l}`)
    .join('\n');
}

export function answerText(a: Answer): string {
  if (!a.answered) {
    const lines = [a.message ?? 'Not found in the documents.'];
    if (a.suggestions.length) {
      lines.push('', 'Closest documents:');
      for (const s of a.suggestions) lines.push(`  - ${s.title} (${s.document})`);
    }
    return lines.join('\n');
  }
  const lines: string[] = [];
  a.citations.forEach((c, i) => {
    lines.push(`[${i + 1}] “${c.quote}”`.replace(/\r?\n/g, '\n    '));
  });
  lines.push('', 'Sources:');
  a.citations.forEach((c, i) => lines.push(`  [${i + 1}] ${c.title} — ${c.document}, ¶${c.paragraph} (score ${c.score.toFixed(2)})`));
  return lines.join('\n');
}

export { indentQuote };
