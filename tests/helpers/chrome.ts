/**
 * Site chrome seen in the seed corpus (written from reading the five files): none of it may
 * ever be quoted, summarised or cited.
 */
export const CHROME_MARKERS = [
  'Lire Aussi',
  'My boyfriend has a nicer house',
  'Advertisement',
  'Read More',
  'More Stories',
  'Leave a',
  'Your email address',
  'Related Articles',
  'Back to top',
  'Subscribe',
  'ubscriber',
  'newsletter',
  'Stay informed',
  'cancel anytime',
  'Text Size',
  'Line Spacing',
  'Getty Images',
  'Shutterstock',
  'shutterstock',
  'keep reading',
  'Show less',
  'Source link',
  'By admin',
  'Follow us',
  'Maps of Russia’s invasion',
  'They’re in hell',
  'Africa’s desperate hunger',
  // Teasers for unrelated articles trailing 004:
  'Latin America',
  'Houthi',
  'Hiroshima',
  'Nagasaki',
];

export function chromeIn(text: string): string[] {
  return CHROME_MARKERS.filter((m) => text.includes(m));
}
