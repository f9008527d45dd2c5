/**
 * What remains of "undo what Slack and keyboards did to the text" once invisible characters have
 * been refused (see findInvisibleCharacter; that check runs first, on the text as typed):
 *
 * - smart quotes from macOS/iOS autocorrect (“ ” „ ″ ‘ ’ ‚ ′) become ASCII `"` and `'`, so
 *   `/tikv transfer-leader “42” 4` means what the user meant;
 * - visible Unicode spaces (category Zs: NBSP from copy-paste, U+2000–U+200A, narrow NBSP, ideographic
 *   space…), tab, CR, LF and the line/paragraph separators become one ASCII space;
 * - Slack's link wrapping is undone: `<tel:42|42>` and `<http://x|label>` become their label,
 *   `<http://x>` its target; mentions (`<@U…>`, `<#C…>`, `<!here>`) are kept as typed;
 * - runs of spaces collapse to one and the ends are trimmed.
 *
 * Each of these leaves the characters a reader sees in place; none can join or split a token
 * in a way the channel cannot see.
 */
const QUOTES: Record<string, string> = {
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u2033': '"',
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u2032': "'",
};

export function normalizeCommandText(text: string): string {
  return text
    .replace(/[\u201c\u201d\u201e\u2033\u2018\u2019\u201a\u2032]/g, (ch) => QUOTES[ch] ?? ch)
    .replace(/<([^@#!<>|][^<>|]*)(?:\|([^<>]*))?>/g, (_m, target: string, label?: string) => label ?? target)
    .replace(/[\p{Zs}\t\r\n\u2028\u2029]+/gu, ' ')
    .trim();
}
