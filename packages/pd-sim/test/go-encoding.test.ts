import { describe, expect, it } from 'vitest';
import { decodeGoJsonMap, goUint64FromFloat } from '../src/decode-go-json-map.js';
import { formatByteSize } from '../src/format-byte-size.js';
import { goJsonCompact, goJsonIndent } from '../src/go-json.js';
import { checkGoJsonSyntax } from '../src/go-json-syntax.js';
import { formatGoDuration, formatGoTime, formatRfc3339Nano } from '../src/go-time.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe("Go's encoding/json syntax errors", () => {
  it.each([
    ['x', "invalid character 'x' looking for beginning of value", 1],
    ['', 'unexpected end of JSON input', 0],
    ['{"a":1', 'unexpected end of JSON input', 6],
    ['{"a":1,}', "invalid character '}' looking for beginning of object key string", 8],
    ['{"a" 1}', "invalid character '1' after object key", 6],
    ['{"a":1 "b":2}', "invalid character '\"' after object key:value pair", 8],
    ['[1 2]', "invalid character '2' after array element", 4],
    ['{"a":tru}', "invalid character '}' in literal true (expecting 'e')", 9],
    ['{"a":1}x', "invalid character 'x' after top-level value", 8],
    ['{"a":"\u0001"}', "invalid character '\\x01' in string literal", 7],
    ['{"a":"\\q"}', "invalid character 'q' in string escape code", 8],
    ['{"a":-}', "invalid character '}' in numeric literal", 7],
    ['{"a":1.}', "invalid character '}' after decimal point in numeric literal", 8],
    ['{"a":1e}', "invalid character '}' in exponent of numeric literal", 8],
    ["{'a':1}", "invalid character '\\'' looking for beginning of object key string", 2],
  ])('%j → %s', (input, msg, offset) => {
    expect(checkGoJsonSyntax(bytes(input))).toEqual({ msg, offset });
  });

  it('accepts valid JSON including a top-level number and surrounding spaces', () => {
    expect(checkGoJsonSyntax(bytes(' {"a": [1, -2.5e3, true, null, "x\\u00e9"]} '))).toBeUndefined();
    expect(checkGoJsonSyntax(bytes('42'))).toBeUndefined();
  });

  it('decodes null as an empty map and non-objects as type errors', () => {
    expect(decodeGoJsonMap(bytes('null'))).toEqual({ ok: true, input: {} });
    expect(decodeGoJsonMap(bytes('"x"'))).toMatchObject({
      ok: false,
      msg: 'json: cannot unmarshal string into Go value of type map[string]interface {}',
    });
  });

  it('converts floats to uint64 like Go on amd64', () => {
    expect(goUint64FromFloat(4.7)).toBe(4n);
    expect(goUint64FromFloat(-1)).toBe(18446744073709551615n);
    expect(goUint64FromFloat(1e30)).toBe(9223372036854775808n);
  });
});

describe("Go's JSON rendering", () => {
  it('sorts map keys as strings, keeps struct order, omits undefined and writes bigints exactly', () => {
    const value = {
      b: 1,
      a: new Map([
        ['4', true],
        ['10', false],
      ]),
      skipped: undefined,
      id: 7405123456789012345n,
    };
    expect(goJsonCompact(value)).toBe('{"b":1,"a":{"10":false,"4":true},"id":7405123456789012345}');
    expect(goJsonIndent({ list: [], obj: {}, nested: [{ x: 1 }] })).toBe(
      '{\n  "list": [],\n  "obj": {},\n  "nested": [\n    {\n      "x": 1\n    }\n  ]\n}',
    );
  });

  it('escapes like the HTML-safe encoder', () => {
    expect(goJsonCompact('<a & b>\u2028\u0001\b\ud800')).toBe(
      '"\\u003ca \\u0026 b\\u003e\\u2028\\u0001\\b\ufffd"',
    );
  });
});

describe('Go time and size text', () => {
  it('formats time.Time.String() with trimmed nanoseconds and the monotonic reading', () => {
    const unixNs = BigInt(Date.UTC(2026, 7, 21, 10, 15, 2)) * 1_000_000n + 345_678_900n;
    expect(formatGoTime({ unixNs, monoNs: 86_400_123_456_789n })).toBe(
      '2026-08-21 10:15:02.3456789 +0000 UTC m=+86400.123456789',
    );
    expect(formatRfc3339Nano(unixNs)).toBe('2026-08-21T10:15:02.3456789Z');
  });

  it.each([
    [0n, '0s'],
    [500_000_000n, '500ms'],
    [1_500n, '1.5µs'],
    [60_000_000_000n, '1m0s'],
    [81_779_123_456_789n, '22h42m59.123456789s'],
  ])('duration %s ns is %s', (ns, text) => {
    expect(formatGoDuration(ns)).toBe(text);
  });

  it.each([
    [2 * 1024 ** 4, '2TiB'],
    [1.969 * 1024 ** 4, '1.969TiB'],
    [701.23 * 1024 ** 3, '701.2GiB'],
    [512, '512B'],
  ])('%d bytes is %s', (size, text) => {
    expect(formatByteSize(size)).toBe(text);
  });
});
