/** What users type, made safe to search and to echo: control characters out, length bounded with our own words. */
import { z } from 'zod';

/** C0 and C1 control characters (NUL among them) except tab and newline, which are just spacing. */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

export function stripControl(text: string): string {
  return text.replace(CONTROL, '');
}

/**
 * A required text option: control characters stripped, trimmed, not empty, at most `max`
 * characters, with one-line messages (zod's own wording is not for users).
 */
export function textInput(opts: { what: string; max: number; empty: string }) {
  return z
    .string()
    .transform(stripControl)
    .pipe(
      z
        .string()
        .trim()
        .min(1, opts.empty)
        .max(opts.max, {
          error: (issue) =>
            `That ${opts.what} is too long (${typeof issue.input === 'string' ? issue.input.length.toLocaleString('en-US') : 'over the limit'} characters): please keep it under ${opts.max.toLocaleString('en-US')}.`,
        }),
    );
}
