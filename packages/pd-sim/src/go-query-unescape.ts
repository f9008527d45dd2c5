/**
 * Go's url.QueryUnescape (net/url unescape, encodeQueryComponent mode) into bytes: `+` is a space,
 * `%XX` one byte (any byte: keys are binary), and a `%` without two hex digits fails with Go's
 * EscapeError text, which quotes at most the three bytes from the `%`.
 */
export function goQueryUnescape(
  text: string,
): { readonly ok: true; readonly bytes: Buffer } | { readonly ok: false; readonly error: string } {
  const input = Buffer.from(text, 'utf8');
  const out: number[] = [];
  for (let i = 0; i < input.length; i++) {
    const byte = input[i] as number;
    if (byte === 0x25) {
      const pair = input.subarray(i + 1, i + 3).toString('latin1');
      if (!/^[0-9A-Fa-f]{2}$/.test(pair)) {
        const bad = input.subarray(i, i + 3).toString('utf8');
        return { ok: false, error: `invalid URL escape ${JSON.stringify(bad)}` };
      }
      out.push(Number.parseInt(pair, 16));
      i += 2;
    } else out.push(byte === 0x2b ? 0x20 : byte);
  }
  return { ok: true, bytes: Buffer.from(out) };
}

/**
 * r.URL.Path as Go's server makes it: every `%XX` decoded to its byte. Go keeps the bytes; routing
 * here only compares ASCII templates, so bytes that are no UTF-8 become Latin-1 characters rather
 * than failing the request. Undefined for a `%` without two hex digits, which Go's server refuses
 * with 400 before any handler.
 */
export function goPathUnescape(rawPath: string): string | undefined {
  if (/%(?![0-9A-Fa-f]{2})/.test(rawPath)) return undefined;
  try {
    return decodeURIComponent(rawPath);
  } catch {
    const bytes = Buffer.from(
      rawPath.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
      'latin1',
    );
    return bytes.toString('latin1');
  }
}
