/** One escape the decoder could not read, kept as typed. */
export interface KeptEscape {
  /** 0-based position of the backslash in what was typed. */
  readonly at: number;
  readonly text: string;
}

export interface DecodedKey {
  readonly bytes: Uint8Array;
  readonly kept: readonly KeptEscape[];
}

const SIMPLE: Readonly<Record<string, number>> = {
  a: 0x07,
  b: 0x08,
  f: 0x0c,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  v: 0x0b,
  '\\': 0x5c,
  "'": 0x27,
  '"': 0x22,
};

/**
 * pd-ctl `--format=encode` (tools/pd-ctl/pdctl/command/region_command.go decodeKey): a key as Go
 * prints one (`t\x80\x00\x00\x00\x00\x00\x00\xff`), Go's rune-literal escapes (`\n`, `\\`, `\"`),
 * `\xHH` and three-digit octal `\ooo` each giving one byte; any other character is its UTF-8 bytes.
 * Where pd-ctl would stop with an error (or, for a bad `\x`, silently send a different byte) the
 * escape is kept as typed and listed in `kept`, so the view can say so instead of guessing.
 */
export function decodeEscapedKey(text: string): DecodedKey {
  const bytes: number[] = [];
  const kept: KeptEscape[] = [];
  const utf8 = (s: string) => bytes.push(...new TextEncoder().encode(s));
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch !== '\\') {
      const cp = text.codePointAt(i) ?? 0;
      const one = String.fromCodePoint(cp);
      utf8(one);
      i += one.length;
      continue;
    }
    const next = text[i + 1];
    const simple = next !== undefined ? SIMPLE[next] : undefined;
    if (simple !== undefined) {
      bytes.push(simple);
      i += 2;
      continue;
    }
    const hex = /^x([0-9A-Fa-f]{2})/.exec(text.slice(i + 1));
    if (hex) {
      bytes.push(Number.parseInt(hex[1] as string, 16));
      i += 4;
      continue;
    }
    const octal = /^([0-3][0-7]{2})/.exec(text.slice(i + 1));
    if (octal) {
      bytes.push(Number.parseInt(octal[1] as string, 8));
      i += 4;
      continue;
    }
    const shown = text.slice(i, i + 4);
    kept.push({ at: i, text: shown.length > 1 ? shown.slice(0, 2) : shown });
    bytes.push(0x5c);
    i += 1;
  }
  return { bytes: Uint8Array.from(bytes), kept };
}
