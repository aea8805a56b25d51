/**
 * Button custom ids (at most 100 characters). They carry the stored answer's id, never the
 * question, so they stay short whatever was asked; the `v1` prefix lets a later format tell old
 * buttons apart and answer them clearly instead of guessing.
 */
import { z } from 'zod';

const ANSWER_ID = /^[A-Za-z0-9_-]{6,32}$/;

export const customId = {
  more: (answerId: string, page: number) => `v1:more:${answerId}:${page}`,
  vote: (answerId: string, vote: 'up' | 'down') => `v1:vote:${answerId}:${vote}`,
};

export type ButtonAction =
  | { action: 'more'; answerId: string; page: number }
  | { action: 'vote'; answerId: string; vote: 'up' | 'down' };

const schema = z.union([
  z
    .string()
    .regex(/^v1:more:[^:]+:\d{1,3}$/)
    .transform((s) => {
      const [, , answerId, page] = s.split(':');
      return { action: 'more' as const, answerId: answerId!, page: Number(page) };
    }),
  z
    .string()
    .regex(/^v1:vote:[^:]+:(up|down)$/)
    .transform((s) => {
      const [, , answerId, vote] = s.split(':');
      return { action: 'vote' as const, answerId: answerId!, vote: vote as 'up' | 'down' };
    }),
]);

/** The button's action, or undefined for ids this version does not know (old or foreign buttons). */
export function parseCustomId(id: string): ButtonAction | undefined {
  const parsed = schema.safeParse(id);
  if (!parsed.success || !ANSWER_ID.test(parsed.data.answerId)) return undefined;
  return parsed.data;
}

export function isAnswerId(id: string): boolean {
  return ANSWER_ID.test(id);
}
