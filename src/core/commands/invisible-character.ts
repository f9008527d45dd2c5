/**
 * Characters a reader cannot see (or cannot tell from a space) in a command: zero-width and other
 * format characters (Unicode Cf, which includes the bidi controls U+202A–U+202E and U+2066–U+2069,
 * the soft hyphen, the word joiner and the BOM), variation selectors, the combining grapheme
 * joiner, Hangul fillers and blank braille, control characters other than tab/CR/LF, lone
 * surrogates, private-use and unassigned code points. Any of them inside `transfer-leader 4​2` would
 * make the command run something other than what the channel sees, so they are refused, never
 * treated as separators and never dropped.
 */
const INVISIBLE =
  /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}]|\p{Variation_Selector}|\u034f|[\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0]/u;
/** Control characters that are ordinary whitespace in a typed or pasted command. */
const ALLOWED_CONTROLS = new Set(['\t', '\r', '\n']);

/** Names for the ones people actually paste; the rest are named by code point and kind. */
const NAMES: Readonly<Record<number, string>> = {
  173: 'SOFT HYPHEN',
  847: 'COMBINING GRAPHEME JOINER',
  1564: 'ARABIC LETTER MARK',
  4447: 'HANGUL CHOSEONG FILLER',
  4448: 'HANGUL JUNGSEONG FILLER',
  6158: 'MONGOLIAN VOWEL SEPARATOR',
  8203: 'ZERO WIDTH SPACE',
  8204: 'ZERO WIDTH NON-JOINER',
  8205: 'ZERO WIDTH JOINER',
  8206: 'LEFT-TO-RIGHT MARK',
  8207: 'RIGHT-TO-LEFT MARK',
  8234: 'LEFT-TO-RIGHT EMBEDDING',
  8235: 'RIGHT-TO-LEFT EMBEDDING',
  8236: 'POP DIRECTIONAL FORMATTING',
  8237: 'LEFT-TO-RIGHT OVERRIDE',
  8238: 'RIGHT-TO-LEFT OVERRIDE',
  8288: 'WORD JOINER',
  8289: 'FUNCTION APPLICATION',
  8290: 'INVISIBLE TIMES',
  8291: 'INVISIBLE SEPARATOR',
  8292: 'INVISIBLE PLUS',
  8294: 'LEFT-TO-RIGHT ISOLATE',
  8295: 'RIGHT-TO-LEFT ISOLATE',
  8296: 'FIRST STRONG ISOLATE',
  8297: 'POP DIRECTIONAL ISOLATE',
  10240: 'BRAILLE PATTERN BLANK',
  12644: 'HANGUL FILLER',
  65279: 'ZERO WIDTH NO-BREAK SPACE (BOM)',
  65440: 'HALFWIDTH HANGUL FILLER',
};

function kindOf(ch: string, code: number): string {
  if (/\p{Cc}/u.test(ch)) return 'CONTROL CHARACTER';
  if (/\p{Cs}/u.test(ch)) return 'LONE SURROGATE';
  if (/\p{Co}/u.test(ch)) return 'PRIVATE USE CHARACTER';
  if (/\p{Cn}/u.test(ch)) return 'UNASSIGNED CODE POINT';
  if (/\p{Variation_Selector}/u.test(ch)) return 'VARIATION SELECTOR';
  if (code >= 0xe0000 && code <= 0xe007f) return 'TAG CHARACTER';
  return 'FORMAT CHARACTER';
}

export interface InvisibleCharacter {
  /** e.g. `U+200B`. */
  readonly codePoint: string;
  readonly name: string;
  /** 1-based, counted in characters (code points) of the text as typed. */
  readonly position: number;
}

/** `U+200B ZERO WIDTH SPACE`. */
export function describeCharacter(found: Pick<InvisibleCharacter, 'codePoint' | 'name'>): string {
  return `${found.codePoint} ${found.name}`;
}

/** The first invisible character in `text`, or undefined. Linear in the length of `text`. */
export function findInvisibleCharacter(text: string): InvisibleCharacter | undefined {
  if (!INVISIBLE.test(text)) return undefined;
  let position = 0;
  for (const ch of text) {
    position++;
    if (!INVISIBLE.test(ch) || ALLOWED_CONTROLS.has(ch)) continue;
    const code = ch.codePointAt(0) ?? 0;
    return {
      codePoint: `U+${code.toString(16).toUpperCase().padStart(4, '0')}`,
      name: NAMES[code] ?? kindOf(ch, code),
      position,
    };
  }
  return undefined;
}

/**
 * The text with every invisible character shown as `⟨U+200B⟩`, for echoing a refused command back:
 * otherwise `transfer-leader 4⟨U+200B⟩2` would be echoed looking exactly like what the user meant.
 */
export function revealInvisibleCharacters(text: string): string {
  if (!INVISIBLE.test(text)) return text;
  let out = '';
  for (const ch of text) {
    if (!INVISIBLE.test(ch) || ALLOWED_CONTROLS.has(ch)) out += ch;
    else out += `⟨U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}⟩`;
  }
  return out;
}
