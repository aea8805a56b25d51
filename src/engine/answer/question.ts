/**
 * Normalises user input before it reaches the engine: invisible characters removed, length
 * bounded, and input with nothing to search for refused with a reason the user can act on.
 */
export const MAX_QUESTION_CHARS = 1000;

const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF\u00AD]/g;

export type QuestionCheck =
  | { ok: true; text: string; truncated: boolean }
  | { ok: false; reason: 'empty' | 'no-words'; message: string };

export function checkQuestion(raw: string): QuestionCheck {
  const text = raw.replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
  if (text === '') return { ok: false, reason: 'empty', message: 'Please type a question (it was empty).' };
  if (!/[\p{L}\p{N}]/u.test(text)) {
    return { ok: false, reason: 'no-words', message: 'Please ask with words: I search the documents by their text, so symbols or emoji alone give me nothing to look for.' };
  }
  if (text.length <= MAX_QUESTION_CHARS) return { ok: true, text, truncated: false };
  // The model reads ~256 word-pieces anyway; keep whole words.
  const cut = text.slice(0, MAX_QUESTION_CHARS);
  return { ok: true, text: cut.slice(0, cut.lastIndexOf(' ') > 0 ? cut.lastIndexOf(' ') : MAX_QUESTION_CHARS), truncated: true };
}
