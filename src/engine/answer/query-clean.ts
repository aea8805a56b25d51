/**
 * What a Discord message carries besides the question: mentions (of users, roles, channels,
 * @everyone/@here, the bot itself), custom emoji, links and markdown emphasis. They are shown
 * back to the user untouched but removed from what is searched, so "… @everyone <@&1> **please**"
 * retrieves exactly what the bare question does.
 */
const PATTERNS: Array<[RegExp, string]> = [
  // <@123>, <@!123> (users, the bot), <@&123> (roles), <#123> (channels).
  [/<(?:@[!&]?|#)\d+>/g, ' '],
  // Slash-command mentions </ask:123>, custom and animated emoji <:name:123>, <a:name:123>, timestamps <t:123:R>.
  [/<\/[\w -]+:\d+>|<a?:\w+:\d+>|<t:-?\d+(?::[tTdDfFR])?>/g, ' '],
  [/(^|\s)@(?:everyone|here)\b/g, '$1'],
  // Links, bare or in <…> (Discord's "no embed" form) or as [text](url): the text stays.
  [/\[([^\]]*)\]\(\s*<?https?:\/\/[^)\s]*>?\s*\)/g, '$1'],
  [/<?\bhttps?:\/\/[^\s>]+>?/g, ' '],
  // Emphasis, strike-through, spoilers and inline code around words: the words stay.
  [/(\*\*|__|~~|\|\|)(?=\S)([\s\S]*?\S)\1/g, '$2'],
  [/(^|[^\w*])\*(?=\S)([^*]*?\S)\*(?![\w*])/g, '$1$2'],
  [/(^|[^\w])_(?=\S)([^_]*?\S)_(?!\w)/g, '$1$2'],
  [/`+([^`]+?)`+/g, '$1'],
  // Block quotes and headings at line starts.
  [/^\s*(?:>{1,3}|#{1,3})\s+/gm, ''],
];

export function cleanQuery(text: string): string {
  let out = text;
  for (const [re, by] of PATTERNS) out = out.replace(re, by);
  return out.replace(/\s+/g, ' ').trim();
}
