import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../../../src/engine/chunking/sentences.js';

const split = (t: string) => splitSentences(t).map((s) => t.slice(s.start, s.end));

describe('splitSentences', () => {
  it('does not break after titles, initials or dotted acronyms followed by a name', () => {
    expect(split('The letter was withdrawn by Rep. Pramila Jayapal in response. Then it ended.')).toEqual([
      'The letter was withdrawn by Rep. Pramila Jayapal in response.',
      'Then it ended.',
    ]);
    expect(split('In May, Gen. Mark A. Milley spoke. Nobody else did.')).toHaveLength(2);
    expect(split('Rice met Lavrov at the U.N. General Assembly in New York. It was 2008.')).toHaveLength(2);
  });

  it('still ends a sentence at a dotted acronym followed by an ordinary opener', () => {
    expect(split('Talks moved to the U.S. The next round failed.')).toEqual(['Talks moved to the U.S.', 'The next round failed.']);
  });

  it('returns trimmed spans inside the given range', () => {
    const text = 'xx  One sentence here.  Two sentences here!  yy';
    const spans = splitSentences(text, 2, text.length - 2);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['One sentence here.', 'Two sentences here!']);
  });

  it('does not break inside circa dates or reference parentheticals', () => {
    expect(split('Protestant thought reached Jacques Lefevre (c. 1455–1536). The Gallicans briefly won.')).toEqual([
      'Protestant thought reached Jacques Lefevre (c. 1455–1536).',
      'The Gallicans briefly won.',
    ]);
    expect(split('It cost PLN 94 000 in 2008 (c. EUR 23 800, USD 33 000). Costs rose.')).toHaveLength(2);
    expect(split('The ruler Charles the Bald (r. 843–877) was crowned. He died.')).toHaveLength(2);
    expect(split('He was born c. AD 1000 in Rouen. He died young.')).toEqual(['He was born c. AD 1000 in Rouen.', 'He died young.']);
  });

  it('still ends sentences after a closed parenthesis', () => {
    expect(split('The painter John Smith (1920–1999) lived in Paris. He died there (aged 79). Others stayed.')).toHaveLength(3);
  });

  it('does not end a sentence at a "?" or "!" that the next words continue in lower case', () => {
    expect(split('The ? operator calls the from function. It converts errors.')).toEqual(['The ? operator calls the from function.', 'It converts errors.']);
    expect(split('Calling the dbg! macro prints to stderr. Use it often.')).toHaveLength(2);
    expect(split('“Why?” he asked. Nobody knew.')).toEqual(['“Why?” he asked.', 'Nobody knew.']);
    expect(split('Is it safe? Yes! It is.')).toEqual(['Is it safe?', 'Yes!', 'It is.']);
  });

  it('does not break before a dot file or a dotted name, nor after a lone "?" that names itself', () => {
    expect(split('Objects are written to a file called .RData in the current directory. Then it stops.')).toEqual([
      'Objects are written to a file called .RData in the current directory.',
      'Then it stops.',
    ]);
    expect(split('Install the .NET runtime first. Then build.')).toEqual(['Install the .NET runtime first.', 'Then build.']);
    expect(split('Type help followed by a topic, or help ? to get a menu of topics. Then read.')).toEqual([
      'Type help followed by a topic, or help ? to get a menu of topics.',
      'Then read.',
    ]);
  });

  it('still ends sentences at a question mark before a capital and between sentences set without spaces (CJK)', () => {
    expect(split('Is the ferry on time? Yes it is.')).toHaveLength(2);
    expect(split('これは本です。次の文です。')).toHaveLength(2);
  });
});

