import { describe, expect } from 'vitest';
import { JSON_TYPE, OCTET_TYPE, TEXT_TYPE } from './call-pd.js';
import { contractTable } from './contract-case.js';

const API = '/pd/api/v1';
/** A row key of table 100 (see region-keys.ts), hex as PD prints it. */
const KEY = '7480000000000000FF645F728000000000FF0000010000000000FA';

/**
 * Raw keys as pd-ctl sends them (`region key --format=raw|encode`): url.QueryEscape'd into one path
 * segment. PD's /region/key/{key} sits on a UseEncodedPath router (server/api/router.go), so the
 * variable is the escaped text and GetRegion url.QueryUnescape's it to bytes: `%80` is the byte 0x80,
 * `%2F` a slash inside the key, `+` a space.
 */
describe('region/key takes raw binary keys exactly as PD (pd-api.md §5.1)', () => {
  const escaped = Buffer.from(KEY, 'hex')
    .toString('latin1')
    .split('')
    .map((ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
    .join('');
  contractTable([
    {
      name: 'a raw key with bytes that are no UTF-8 (%80, %FF) finds the region whose range holds its bytes',
      method: 'GET',
      path: `${API}/region/key/${escaped}`,
      status: 200,
      contentType: OCTET_TYPE,
      expected: (body) => {
        const region = JSON.parse(body) as { start_key: string; end_key: string };
        expect(region.start_key <= KEY && KEY < region.end_key).toBe(true);
      },
    },
    {
      name: 'an escaped slash stays inside the one key segment',
      method: 'GET',
      path: `${API}/region/key/t%2Fx`,
      status: 200,
      contentType: OCTET_TYPE,
      expected: (body) => expect(typeof (JSON.parse(body) as { id: number }).id).toBe('number'),
    },
    {
      name: 'an unescaped slash is another route: the router answers 404',
      method: 'GET',
      path: `${API}/region/key/t/x`,
      status: 404,
      contentType: TEXT_TYPE,
      expected: '404 page not found\n',
    },
    {
      name: '+ is a space, as url.QueryUnescape reads it (before every table key: the first region)',
      method: 'GET',
      path: `${API}/region/key/+`,
      status: 200,
      contentType: OCTET_TYPE,
      expected: (body) => expect((JSON.parse(body) as { start_key: string }).start_key).toBe(''),
    },
    {
      name: 'hex escaped byte by byte is still hex: %37%34 is "74"',
      method: 'GET',
      path: `${API}/region/key/%37%34?format=hex`,
      status: 200,
      contentType: OCTET_TYPE,
      expected: (body) => expect(typeof (JSON.parse(body) as { id: number }).id).toBe('number'),
    },
    {
      name: 'a byte that is no hex digit under format=hex is named as Go names it (%#U of the byte)',
      method: 'GET',
      path: `${API}/region/key/%FF?format=hex`,
      status: 400,
      contentType: JSON_TYPE,
      expected: '"encoding/hex: invalid byte: U+00FF \'ÿ\'"\n',
    },
  ]);
});
