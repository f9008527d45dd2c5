import { describe, expect, it } from 'vitest';
import { ActionRegistry } from '../../../../src/core/actions/action-registry.js';
import { interpretCommand } from '../../../../src/core/commands/interpret-command.js';
import { decodeEscapedKey } from '../../../../src/subjects/tikv/actions/decode-escaped-key.js';
import { goQueryEscape } from '../../../../src/subjects/tikv/actions/go-query-escape.js';
import { regionKeyPath } from '../../../../src/subjects/tikv/actions/region-key.js';
import { TIKV_ACTIONS } from '../../../../src/subjects/tikv/tikv-actions.js';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe("keys as pd-ctl takes them: Go's url.QueryEscape and pd-ctl's decodeKey", () => {
  it('escapes like url.QueryEscape: unreserved bytes stay, a space is +, every other byte %XX upper case', () => {
    expect(goQueryEscape(new TextEncoder().encode('aZ09-_.~'))).toBe('aZ09-_.~');
    expect(goQueryEscape(new TextEncoder().encode('a b/c?d&e=f%+'))).toBe('a+b%2Fc%3Fd%26e%3Df%25%2B');
    expect(goQueryEscape(bytes(0x74, 0x80, 0x00, 0xff))).toBe('t%80%00%FF');
  });

  it.each([
    ['t\\x80\\x00', [0x74, 0x80, 0x00]],
    ['\\101\\377', [0x41, 0xff]],
    ['\\a\\b\\f\\n\\r\\t\\v\\\\\\\'\\"', [7, 8, 12, 10, 13, 9, 11, 0x5c, 0x27, 0x22]],
    ['é', [0xc3, 0xa9]],
    ['\\xFF\\xfe', [0xff, 0xfe]],
  ])('decodes %s as pd-ctl --format=encode does', (text, expected) => {
    expect(decodeEscapedKey(text)).toEqual({ bytes: Uint8Array.from(expected), kept: [] });
  });

  it.each([
    ['t\\q', [0x74, 0x5c, 0x71], [{ at: 1, text: '\\q' }]],
    ['\\x8', [0x5c, 0x78, 0x38], [{ at: 0, text: '\\x' }]],
    ['a\\', [0x61, 0x5c], [{ at: 1, text: '\\' }]],
    ['\\400', [0x5c, 0x34, 0x30, 0x30], [{ at: 0, text: '\\4' }]],
  ])('keeps %s where pd-ctl would fail, and lists it', (text, expected, kept) => {
    expect(decodeEscapedKey(text)).toEqual({ bytes: Uint8Array.from(expected), kept });
  });

  it('builds the path per format: hex with ?format=hex, raw and encode escaped into one segment', () => {
    expect(regionKeyPath('7480', 'hex')).toBe('/pd/api/v1/region/key/7480?format=hex');
    expect(regionKeyPath('t 1', 'raw')).toBe('/pd/api/v1/region/key/t+1');
    expect(regionKeyPath('t\\x80', 'encode')).toBe('/pd/api/v1/region/key/t%80');
  });

  it('parses the format as the second argument or format=, hex when left out', () => {
    const registry = new ActionRegistry(TIKV_ACTIONS);
    expect(interpretCommand('region-key 7480', registry)).toMatchObject({
      kind: 'ready',
      params: { key: '7480' },
    });
    expect(interpretCommand('region-key t\\x80\\x00 encode', registry)).toMatchObject({
      kind: 'ready',
      params: { key: 't\\x80\\x00', format: 'encode' },
    });
    expect(interpretCommand('region-key format=raw "a b"', registry)).toMatchObject({
      kind: 'ready',
      params: { key: 'a b', format: 'raw' },
    });
    expect(interpretCommand('region-key 7480 base64', registry)).toMatchObject({ kind: 'invalid' });
  });
});
