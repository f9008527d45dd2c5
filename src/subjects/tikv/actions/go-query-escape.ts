/**
 * Go's url.QueryEscape of a byte string: what pd-ctl puts in `/region/key/<key>` (PD's route matches
 * the escaped path and url.QueryUnescape's it once). Only [A-Za-z0-9-_.~] stay; a space is `+`; every
 * other byte is %XX in upper case, so any key, binary or not, is one path segment.
 */
export function goQueryEscape(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(ch)) out += ch;
    else if (byte === 0x20) out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
