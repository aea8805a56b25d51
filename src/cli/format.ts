/**
 * Terminal and JSON renderings of engine results. The JSON shapes are a stable interface used
 * by scripts: only the documented fields, in the documented order.
 */
import { citationHeading, citationRef, hasLocation, knownLocation, paragraphLabel, shownQuote, type Located } from '../domain/citation.js';
import type { Answer } from '../domain/types.js';
import type { Summary } from '../domain/types.js';

export function answerJson(a: Answer) {
  return {
    question: a.question,
    answered: a.answered,
    ...(a.confidence !== undefined ? { confidence: Math.round(a.confidence * 1000) / 1000 } : {}),
    ...(a.tier ? { tier: a.tier } : {}),
    citations: a.citations.map((c) => ({
      quote: c.quote,
      document: c.document,
      title: c.title,
      paragraph: c.paragraph,
      score: c.score,
      // Only for a quote that runs into the next paragraph.
      ...(c.lastParagraph !== undefined ? { lastParagraph: c.lastParagraph } : {}),
      ...knownLocation(c),
    })),
  };
}

/** Quote lines indented so multi-line quotes stay visibly one quote. */
export function indentQuote(quote: string): string {
  return quote
    .split(/\r?\n/)
    .map((l) => `    ${l}`)
    .join('\n');
}

/** "Title › Section, p. 12 — file.md:120–124" when the quote's place is known, else "Title — file". */
function where(c: Located): string {
  return hasLocation(c) ? `${citationHeading(c)} — ${citationRef(c)}` : `${c.title} — ${c.document}`;
}

export function answerText(a: Answer): string {
  if (!a.answered && a.citations.length > 0) {
    // Related passages: not an answer, so no numbered quotes that read like one.
    const lines = [a.message ?? 'No direct answer found.', ''];
    for (const c of a.citations) lines.push(`  ~ ${where(c)}, ¶${paragraphLabel(c)}`, indentQuote(c.quote), '');
    return lines.join('\n').trimEnd();
  }
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
    if (c.kind === 'code') lines.push(`[${i + 1}]`, '```', c.quote, '```');
    else lines.push(`[${i + 1}] “${shownQuote(c)}”`.replace(/\r?\n/g, '\n    '));
  });
  lines.push('', 'Sources:');
  a.citations.forEach((c, i) => {
    lines.push(`  [${i + 1}] ${where(c)}, ¶${paragraphLabel(c)} (score ${c.score.toFixed(2)})`);
  });
  return lines.join('\n');
}

export function summaryJson(s: Summary) {
  return {
    kind: s.kind,
    citations: s.citations.map((c) => ({ quote: c.quote, document: c.document, title: c.title, paragraph: c.paragraph, ...knownLocation(c) })),
  };
}

export function summaryText(s: Summary): string {
  if (s.citations.length === 0) return s.message ?? 'Nothing to summarise.';
  const lines = [s.kind === 'corpus' ? 'Overview of the documents' : `Summary: ${s.title}`, ''];
  s.citations.forEach((c, i) => {
    if (s.kind === 'corpus') lines.push(`• ${c.title} (${c.document})`, indentQuote(c.quote), '');
    else if (hasLocation(c)) lines.push(`[${i + 1}] ${c.quote.replace(/\r?\n/g, ' ')}`, `    — ${where(c)}, ¶${c.paragraph}`);
    else lines.push(`[${i + 1}] ${c.quote.replace(/\r?\n/g, ' ')}`, `    — ${s.kind === 'topic' ? `${c.title}, ` : ''}${c.document} ¶${c.paragraph}`);
  });
  return lines.join('\n').trimEnd();
}
