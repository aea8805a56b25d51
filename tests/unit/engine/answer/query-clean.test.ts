import { describe, expect, it } from 'vitest';
import { cleanQuery } from '../../../../src/engine/answer/query-clean.js';

describe('cleanQuery', () => {
  it.each([
    ['<@123456789012345678> when did the crisis begin?', 'when did the crisis begin?'],
    ['<@!123456789012345678> when did the crisis begin?', 'when did the crisis begin?'],
    ['when did the crisis begin? @everyone <@&42> **please**', 'when did the crisis begin? please'],
    ['@here who leads <#987654321098765432> the agency?', 'who leads the agency?'],
    ['who leads the agency <:pepe:123456> <a:dance:99>', 'who leads the agency'],
    ['see https://example.com/a?b=c and <https://x.y/z> what is vite?', 'see and what is vite?'],
    ['what does [the guide](https://vite.dev/guide) say?', 'what does the guide say?'],
    ['what is *really* the __main__ point ~~now~~ ||spoiler||', 'what is really the main point now spoiler'],
    ['how do I set `base` in vite.config.js?', 'how do I set base in vite.config.js?'],
    ['> quoted question about import.meta.env', 'quoted question about import.meta.env'],
  ])('%s', (input, expected) => {
    expect(cleanQuery(input)).toBe(expected);
  });

  it('leaves identifiers with underscores and e-mail-like @ alone', () => {
    expect(cleanQuery('what does VITE_SOME_KEY do for user@example.com')).toBe('what does VITE_SOME_KEY do for user@example.com');
  });

  it('can leave nothing to search', () => {
    expect(cleanQuery('<@123> @everyone <:x:1>')).toBe('');
  });
});
