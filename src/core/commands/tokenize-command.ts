export type TokenizeResult =
  | { readonly ok: true; readonly tokens: readonly string[] }
  | {
      readonly ok: false;
      /** The quote character left open. */
      readonly quote: '"' | "'";
      /** What follows the open quote, as typed (normalised). */
      readonly rest: string;
    };

/**
 * Splits normalised text on spaces, honouring "double" and 'single' quotes so values may contain
 * spaces; quotes may sit inside a token (`region_id="42"`). A quote left open is an error rather than
 * a guess: `transfer-leader "42 4` must not run as if the user had typed `42 4`.
 */
export function tokenizeCommand(text: string): TokenizeResult {
  const tokens: string[] = [];
  let current = '';
  let inToken = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === ' ') {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
      i++;
      continue;
    }
    inToken = true;
    if (ch === '"' || ch === "'") {
      const close = text.indexOf(ch, i + 1);
      if (close < 0) return { ok: false, quote: ch, rest: text.slice(i + 1) };
      current += text.slice(i + 1, close);
      i = close + 1;
      continue;
    }
    current += ch;
    i++;
  }
  if (inToken) tokens.push(current);
  return { ok: true, tokens };
}
