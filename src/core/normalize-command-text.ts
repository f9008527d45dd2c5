/**
 * Slack rewrites what people type: smart quotes from macOS/iOS autocorrect, `<…>` wrapping around
 * anything that looks like a link, non-breaking spaces from copy-paste. Undo that before parsing so
 * `/tikv transfer-leader “42” 4` means what the user meant.
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
  return (
    text
      .replace(/[\u201c\u201d\u201e\u2033\u2018\u2019\u201a\u2032]/g, (ch) => QUOTES[ch] ?? ch)
      // `<http://x|label>` → label, `<http://x>` → http://x; mentions (<@U…>, <#C…>, <!here>) are kept.
      .replace(/<([^@#!<>][^<>|]*)(?:\|([^<>]*))?>/g, (_m, target: string, label?: string) => label ?? target)
      .replace(/[\u00a0\u2000-\u200b\u202f\u205f\u3000\t\r\n]/g, ' ')
      .replace(/ {2,}/g, ' ')
      .trim()
  );
}

/** Splits on spaces, honouring "double" and 'single' quotes so values may contain spaces. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const pattern = /(?:[^\s"']+|"[^"]*"|'[^']*')+/g;
  for (const match of text.matchAll(pattern)) {
    tokens.push(match[0].replace(/"([^"]*)"|'([^']*)'/g, (_m, dq?: string, sq?: string) => dq ?? sq ?? ''));
  }
  return tokens;
}
