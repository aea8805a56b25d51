import { describe, expect, it } from 'vitest';
import { terms } from '../../../../src/engine/lexical/bm25.js';
import { numbersIn, passageFeatures, questionFeatures, withIdentifierWords, type PassageInput } from '../../../../src/engine/scoring/features.js';

const IDF_ABSENT = 5;

/** Question features with hand-set IDFs (stems as the lexical index makes them). */
function question(text: string, idf: Record<string, number>) {
  return questionFeatures(text, Float32Array.from([1, 0]), new Map(Object.entries(idf)), [], IDF_ABSENT);
}

function input(text: string, over: Partial<PassageInput> = {}): PassageInput {
  return { text, vector: Float32Array.from([1, 0]), hits: [], chunkBonus: 1, window: false, chunkVector: Float32Array.from([0.6, 0.8]), ...over };
}

describe('passageFeatures (corpus-independent part)', () => {
  it('flags a name or a number of the question that the passage lacks', () => {
    const q = question('When was the treaty signed in Warsaw in 1955?', { treati: 2, sign: 1, warsaw: 4, 1955: 4 });
    const has = passageFeatures(q, input('The treaty was signed in Warsaw in 1955 by eight states.'));
    const lacks = passageFeatures(q, input('The treaty was signed in Prague in 1956 by eight states.'));
    expect([has.properMissing, has.numberMissing, has.rareMissing]).toEqual([0, 0, 0]);
    expect([lacks.properMissing, lacks.numberMissing]).toEqual([1, 1]);
    expect(lacks.rareMissing).toBeCloseTo(4 / IDF_ABSENT, 9);
    expect(has.textCoverage).toBe(1);
    expect(lacks.textCoverage).toBeCloseTo(3 / 11, 9);
  });

  it('matches a number written another way (".2" for 0.2, "1,000" for 1000) and not a different one or version', () => {
    const q = question('How do I make a sequence from -5 to 5 going up by 0.2 with 1,000 points?', { sequenc: 3 });
    expect(passageFeatures(q, input('Use seq(-5, 5, by=.2, length=1000) for that.')).numberMissing).toBe(0);
    expect(passageFeatures(q, input('Use seq(-5, 5, by=.5, length=1000) for that.')).numberMissing).toBeCloseTo(1 / 3, 9);
    expect(numbersIn('version 1.2.3, in 1973, 23,5, 3.10 and 5.0')).toEqual(['1.2.3', '1973', '23,5', '3.10', '5.0']);
  });

  it('matches a country in the question to its demonym in the passage', () => {
    const q = question("What did Indonesia's foreign minister urge?", { indonesia: 4, foreign: 2, minist: 2, urg: 2 });
    const f = passageFeatures(q, input('Indonesian Foreign Minister Retno Marsudi urged talks.'));
    expect(f.properMissing).toBe(0);
    expect(f.textCoverage).toBe(1);
  });

  it('ignores the capitalised first word of a question', () => {
    expect(question('Signed where was the treaty?', {}).proper).toEqual([]);
  });

  it('measures similarity to the chunk and counts words', () => {
    const f = passageFeatures(question('treaty', { treati: 1 }), input('One two three four.'));
    expect(f.chunkDense).toBeCloseTo(0.6, 6);
    expect(f.words).toBe(4);
  });

  it('credits question terms found in the section headings, not only in the passage', () => {
    const q = question('what is the default port of the preview server?', { default: 1, port: 3, preview: 3, server: 1 });
    const f = passageFeatures(q, input('It serves on 4173.', { headingTerms: new Set(terms('CLI vite preview Options --port')) }));
    const bare = passageFeatures(q, input('It serves on 4173.'));
    expect(f.headingCoverage).toBeCloseTo(6 / 8, 9);
    expect(bare.headingCoverage).toBe(0);
    expect(f.textCoverage).toBe(bare.textCoverage);
  });

  it('reads a camelCase setting in a heading as its words', () => {
    const q = question('what is the size limit for inlining assets?', { size: 2, limit: 2, inlin: 3, asset: 2 });
    const f = passageFeatures(q, input('Default: 4096.', { headingTerms: new Set(terms(withIdentifierWords('Build Options build.assetsInlineLimit'))) }));
    expect(f.headingCoverage).toBeCloseTo(7 / 9, 9);
    expect(withIdentifierWords('see keepAliveTimeout')).toBe('see keepAliveTimeout keep Alive Timeout');
  });

  it("credits the question's terms in the passage's own section heading apart from the rest of its heading path", () => {
    const q = question('what does hot.decline() do?', { hot: 2, declin: 4 });
    const path = (...hs: string[]) => new Set(terms(hs.join(' ')));
    const own = passageFeatures(q, input('This is currently a noop.', { headingTerms: path('HMR API', 'hot.decline()'), sectionTerms: path('hot.decline()') }));
    const sibling = passageFeatures(q, input('It invalidates the importers.', { headingTerms: path('HMR API', 'hot.invalidate()'), sectionTerms: path('hot.invalidate()') }));
    expect(own.sectionCoverage).toBe(1);
    expect(sibling.sectionCoverage).toBeCloseTo(2 / 6, 9);
    expect(passageFeatures(q, input('This is currently a noop.')).sectionCoverage).toBe(0);
  });

  it('credits a passage that repeats a phrase of the question, not only its words', () => {
    const q = question('what port does vite preview serve on?', { port: 2, vite: 1, preview: 3, serv: 1 });
    const phrase = passageFeatures(q, input('The vite preview command serves the build on port 4173.'));
    const apart = passageFeatures(q, input('The server port can be set for preview builds of vite.'));
    expect(phrase.phraseCoverage).toBeGreaterThan(apart.phraseCoverage);
    expect(apart.phraseCoverage).toBe(0);
  });

  it('tells a passage that only repeats the question from one that adds to it', () => {
    const q = question('getting ENOSPC: file watchers limit reached on linux', { enospc: 5, file: 1, watcher: 3, limit: 2, reach: 1, linux: 3 });
    const echo = passageFeatures(q, input('ENOSPC: file watchers limit reached'));
    const answer = passageFeatures(q, input('Raise fs.inotify.max_user_watches with sysctl to allow more watchers.'));
    expect(echo.echo).toBe(1);
    expect(answer.echo).toBeLessThan(0.25);
  });

  it('keeps the kind of block the passage is quoted from (plain text: paragraph)', () => {
    const q = question('treaty', { treati: 1 });
    expect(passageFeatures(q, input('npm run build', { kind: 'code' })).kind).toBe('code');
    expect(passageFeatures(q, input('The treaty.')).kind).toBe('paragraph');
  });

  it('measures the share of question terms the corpus lacks altogether (IDF at the absent-term maximum)', () => {
    const q = question('does undici support quic?', { undici: 3, support: 1, quic: IDF_ABSENT });
    expect(q.corpusMissing).toBeCloseTo(IDF_ABSENT / (3 + 1 + IDF_ABSENT), 9);
    expect(passageFeatures(q, input('undici supports HTTP/1.1 pipelining.')).corpusMissing).toBe(q.corpusMissing);
    expect(question('does undici support pipelining?', { undici: 3, support: 1, pipelin: 4 }).corpusMissing).toBe(0);
  });
});
