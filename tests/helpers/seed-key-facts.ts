/** What the seed articles (corpus/) are about, for checking their summaries (tests/integration/summaries.test.ts). */
/** Central actors and events of each article, written from reading them. */
export const EXPECTED: Record<string, RegExp[]> = {
  '000_124aa0ee5495cb11.txt': [/Russia/, /United States|U\.S\./, /diplomacy|communicat|talk/i],
  '001_d7e03db3c3fe0fbc.txt': [/Putin/, /Biden|Lavrov|Zelensky/, /negotiat|communicat|talk/i],
  '002_2e59d69fb2242484.txt': [/Blinken/, /Lavrov|Russian/, /engage|meeting|diplomac/i],
  '003_e3ec1e54c157f832.txt': [/Austin|Shoigu/, /Biden|Putin/, /arms control|talk|dialogue|speaking/i],
  '004_fa67cc9842d54d9a.txt': [/Track[ -](II|1\.5)/, /former U\.S\. (government )?officials|NBC/, /cease-fire|negotiat/i],
};

/**
 * The facts a reader of each article would expect a medium summary to carry (who met whom, what
 * happened, the article's argument), written from reading them (43: the 33 of the first version
 * plus two central actors or events each). A medium summary (5 sentences, ≤ 130 words) cannot hold
 * them all; it should hold at least three.
 */
export const KEY_FACTS: Record<string, RegExp[]> = {
  '000_124aa0ee5495cb11.txt': [
    /catastrophic conflict|direct (military )?(conflict|war)/i, // the aim: avoid a US-Russia war
    /not ripe for a diplomatic settlement|no middle ground/i, // no Ukraine settlement yet
    /Putin/, // Putin signals he wants dialogue
    /dirty bomb/i, // the dirty-bomb accusations
    /Atomic Energy Agency|Grassi/, // the IAEA investigation
    /security assurances|Cuban Missile Crisis/i, // the Cuban Missile Crisis parallel
    /deterrence/i,
    /Ukraine is advancing|Russia is in disarray|territory back/i, // the state of the war
    /defense minister called|chief of military staff|Security Council/i, // the Kremlin's messaging blitz
  ],
  '001_d7e03db3c3fe0fbc.txt': [
    /Cuban missile crisis/i,
    /Embalo|Guinea/, // Putin's message through Guinea-Bissau's president
    /G20/, // the offer to meet at the G20
    /Biden/, // Biden will not meet Putin
    /letter/, // the House Democrats' letter
    /Austin|Shoigu/, // the defence chiefs' calls
    /Milley|Gerasim/, // the generals' call
    /Erdogan|Turk/, // Turkey's offer to mediate
    /Zelensky|order prohibiting negotiations/, // Kyiv rules out talks with Putin
  ],
  '002_2e59d69fb2242484.txt': [
    /Blinken/,
    /Lavrov/,
    /Indonesia|Bali|G-20|20 biggest economies/, // where they avoided each other
    /mistake|channels of communication/i, // veteran diplomats' criticism
    /Griner|Whelan|detainees/, // what the U.S. wants from Moscow
    /Shannon|Shapiro/, // the critics quoted
    /Marsudi|Indonesian Foreign Minister|host urged/, // the G-20 host's call for talks
    /Sullivan|Patrushev/, // the minor engagement that did happen
  ],
  '003_e3ec1e54c157f832.txt': [
    /Austin/,
    /Shoigu/,
    /Biden|Putin/, // the presidents have not talked
    /arms control|strategic stability/i, // talks suspended
    /Kissinger|Dobrynin/, // the Cold War precedent
    /prudent|necessary|gift to the other side/i, // the argument
    /Griner|Whelan/, // the Americans held in Russia
    /twice in three days|two defense chiefs/i, // the event: the defence chiefs' calls
  ],
  '004_fa67cc9842d54d9a.txt': [
    /NBC/, // the report
    /Haass|Graham|Kupchan/, // who met
    /Lavrov/, // whom they met
    /Track (II|1\.5)|Track-II/, // the kind of diplomacy
    /cease-fire/i, // negotiations are not a cease-fire
    /Iran/, // the book on the Iran deal
    /intelligence|intel/i, // what Track II is for
    /secret talks|prominent Russians/, // the event reported
    /New York|April/, // where and when they met Lavrov
  ],
};

