/**
 * Expected answer types of wh-questions ("who" wants a name, "when" a time…) and whether a
 * passage contains something of that type that the question does not already mention. A
 * passage that merely restates the question loses to one that carries the asked-for fact.
 */
import { SENTENCE_OPENERS } from '../chunking/sentences.js';

export type AnswerType = 'person' | 'time' | 'number' | 'place' | 'speech';

const PERSON_NOUNS =
  'leader|leaders|official|officials|minister|ministers|president|presidents|secretary|diplomat|diplomats|journalist|reporter|' +
  'general|generals|ambassador|senator|senators|lawmaker|lawmakers|person|people|americans|members|member|negotiators|negotiator|' +
  'analyst|analysts|expert|experts|scholar|author|writer|spokesman|spokeswoman|spokesperson|chief|chiefs|head|officer|officers|' +
  'politician|politicians|commander|adviser|advisor|envoy|representative|democrat|democrats|republican|republicans|man|woman';

/** "Who is Tom Shannon?" asks for a description of a named person, not for a name. */
const WHO_IS_NAME = /^[Ww]ho\s+(is|was|are|were)\s+[A-Z][\w’'-]*(\s+[A-Z][\w’'-]*)*\s*\??$/;
const AUXILIARY = '(?!(?:did|does|do|is|was|are|were|has|have|had|will|would|can|could|should)\\b)';

const PATTERNS: Array<[AnswerType, RegExp]> = [
  ['person', /^(who|whom|whose)\b/i],
  // "Which former US officials…", "Through which African leader…" (not "What does the author think…").
  ['person', new RegExp(`^(\\w+\\s+)?(which|what)\\s+(${AUXILIARY}[\\w-]+\\s+){0,3}?(${PERSON_NOUNS})\\b`, 'i')],
  ['time', /^(when|since when|what (year|day|date|month|time)|how long ago|in which (year|month))\b/i],
  ['number', /^(how (many|much|often|old|long|far|big|large)|what (percentage|number|share|proportion|amount|age))\b/i],
  ['place', /^(where|(in |from |to )?(which|what) (country|countries|city|cities|region|place|state|nation|capital))\b/i],
  ['speech', /^(what|how)\s+(did|does|do|has|have)\s+.*\b(say|said|tell|told|state|claim|argue|write|urge|warn|announce|describe)\b/i],
];

/** The answer type a question asks for, if it has a clear one. */
export function answerType(question: string): AnswerType | undefined {
  const q = question.trim().replace(/^(and|so|but|ok|okay)\s*,?\s+/i, '');
  if (WHO_IS_NAME.test(q)) return undefined;
  for (const [type, re] of PATTERNS) if (re.test(q)) return type;
  return undefined;
}

const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.|Feb\\.|Aug\\.|Sept?\\.|Oct\\.|Nov\\.|Dec\\.';
const TIME = new RegExp(
  `\\b(${MONTHS})\\b|\\b(1[89]\\d\\d|20\\d\\d)s?\\b|\\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tonight|weekend|ago|since|until|earlier|later|recently)\\b|` +
    `\\b(last|next|this|that|the same|the following|the previous)\\s+(day|week|month|year|spring|summer|fall|autumn|winter|weekend|morning|evening)\\b|` +
    `\\bthe (day|week|month|year) (after|before)\\b|\\b(\\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|several|few) (hours?|days?|weeks?|months?|years?|decades?)\\b|\\bmid-\\w+`,
  'gi',
);
const NUMBER =
  /\b\d[\d,.]*\b|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|dozen|dozens|twice|once|half)\b/gi;
/** Two or more consecutive capitalised words (not all caps): "Richard Haass", "Guinea Bissau". */
const NAME = /\b[A-Z][a-z’'-]+(?:\s+(?:[A-Z]\.\s+)?[A-Z][a-z’'-]+)+/g;
/** Capitalised words: place names are proper nouns the question does not already mention. */
const PROPER = /\b[A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+)*/g;
const CALENDAR = new RegExp(`^(${MONTHS}|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$`);
const SPEECH = /["“][^"”]{12,}["”]|\b(said|says|told|stated|wrote|added|urged|warned|argued)\b/;

/** Last words that make a capitalised phrase a place or an organisation, not a person. */
const NOT_A_PERSON = new Set(
  ('states kingdom nations union republic federation house department ministry office council agency assembly committee ' +
    'commission court congress senate parliament party caucus organization organisation forces army navy command staff ' +
    'coalition news times post journal street review press network university institute center centre foundation company ' +
    'group bank fund war crisis summit sea ocean river island islands bay gulf peninsula valley east west america europe asia africa')
    .split(' '),
);

/**
 * Capitalised phrases as word lists, possessives cut. A sentence's first word is capitalised
 * anyway, so an ordinary opener there ("On October 26", "The White House") is dropped.
 */
function properNouns(text: string, re: RegExp): string[][] {
  return [...text.matchAll(re)].map((m) => {
    const words = m[0].split(/\s+/).map((w) => w.replace(/[’'].*$/, ''));
    const atSentenceStart = m.index === 0 || /[.!?]["”’]?\s+$|^\s*["“‘]$/.test(text.slice(Math.max(0, m.index! - 3), m.index));
    return atSentenceStart && SENTENCE_OPENERS.has(words[0]!.toLowerCase()) ? words.slice(1) : words;
  }).filter((w) => w.length > 0);
}

function mentions(question: string): Set<string> {
  return new Set(question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

/** Whether `text` contains a fact of the expected type that the question itself does not name. */
export function hasAnswerOfType(text: string, type: AnswerType, question: string): boolean {
  const known = mentions(question);
  const novel = (match: string) => (match.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).some((w) => !known.has(w));
  switch (type) {
    case 'person':
      return properNouns(text, NAME).some((name) => {
        const last = name[name.length - 1]!.toLowerCase();
        return name.length >= 2 && !NOT_A_PERSON.has(last) && name.every((w) => !known.has(w.toLowerCase()));
      });
    case 'place':
      return properNouns(text, PROPER).some((name) => !CALENDAR.test(name.join(' ')) && name.every((w) => !known.has(w.toLowerCase())));
    case 'time':
      return [...text.matchAll(TIME)].some((m) => novel(m[0]));
    case 'number':
      return [...text.matchAll(NUMBER)].some((m) => novel(m[0]));
    case 'speech':
      return SPEECH.test(text);
  }
}
