/**
 * PD answers in three shapes (pd-api.md §0): a Go string rendered as JSON (`"text"\n`), a JSON
 * object/array, or plain text. The raw text is what the channel sees; this gives a readable one-line
 * message next to it.
 */
export function decodePdMessage(rawBody: string): string {
  const trimmed = rawBody.trim();
  if (trimmed === '') return '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return trimmed;
  }
  if (typeof parsed === 'string') return unwrapDoubleEncoded(parsed);
  if (parsed !== null && typeof parsed === 'object' && 'msg' in parsed && typeof parsed.msg === 'string') {
    // The errcode object PD sends for malformed JSON bodies (§7.1).
    const code = 'code' in parsed && typeof parsed.code === 'string' ? `${parsed.code}: ` : '';
    return `${code}${parsed.msg}`;
  }
  return trimmed;
}

/** One PD path double-encodes its message (§3.1): the string itself holds quotes and a newline. */
function unwrapDoubleEncoded(text: string): string {
  let message = text.replace(/\n+$/, '');
  if (message.length >= 2 && message.startsWith('"') && message.endsWith('"')) {
    try {
      const inner: unknown = JSON.parse(message);
      if (typeof inner === 'string') message = inner.replace(/\n+$/, '');
    } catch {
      message = message.slice(1, -1);
    }
  }
  return message;
}

/** `[PD:region:ErrRegionNotFound]region 42 not found` → `PD:region:ErrRegionNotFound`. */
export function pdErrorCode(message: string): string | undefined {
  return /^\[(PD:[^\]]+)\]/.exec(message)?.[1];
}
