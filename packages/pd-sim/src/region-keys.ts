/**
 * Region boundaries as PD shows them: upper-case hex of TiDB keys in memcomparable encoding, e.g.
 * `7480000000000000FF4A5F728000000000FF1E84800000000000FA` (table 74, row handle 2,000,000).
 * Keys are derived from the region index instead of being stored: region i covers row handles
 * [h, h + HANDLES_PER_REGION) of one table, every TABLE_REGIONS regions start a new table, the first
 * region starts at "" and the last one ends at "".
 */
const TABLE_REGIONS = 50;
const FIRST_TABLE_ID = 100;
const HANDLES_PER_REGION = 20_000;
const HEX = '0123456789ABCDEF';

export function regionStartKey(index: number): string {
  if (index <= 0) return '';
  const table = FIRST_TABLE_ID + 2 * Math.floor(index / TABLE_REGIONS);
  const withinTable = index % TABLE_REGIONS;
  if (withinTable === 0) return encodeKey(tablePrefix(table));
  return encodeKey([...tablePrefix(table), 0x5f, 0x72, ...int64Bytes(withinTable * HANDLES_PER_REGION)]);
}

export function regionEndKey(index: number, count: number): string {
  return index >= count - 1 ? '' : regionStartKey(index + 1);
}

function tablePrefix(tableId: number): number[] {
  return [0x74, ...int64Bytes(tableId)];
}

/** TiDB's codec.EncodeInt: big-endian with the sign bit flipped. */
function int64Bytes(value: number): number[] {
  const bytes = new Array<number>(8).fill(0);
  let rest = value;
  for (let i = 7; i >= 0; i--) {
    bytes[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  bytes[0] = (bytes[0] ?? 0) ^ 0x80;
  return bytes;
}

/** codec.EncodeBytes: groups of 8 bytes, zero padded, each followed by 0xFF minus the pad length. */
function encodeKey(raw: readonly number[]): string {
  let out = '';
  for (let at = 0; at <= raw.length; at += 8) {
    const group = raw.slice(at, at + 8);
    const pad = 8 - group.length;
    for (let i = 0; i < 8; i++) out += hexByte(group[i] ?? 0);
    out += hexByte(0xff - pad);
  }
  return out;
}

function hexByte(value: number): string {
  return (HEX[value >> 4] ?? '0') + (HEX[value & 15] ?? '0');
}
