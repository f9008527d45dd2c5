import { describe, expect, it } from 'vitest';
import { decodePdMessage, pdErrorCode } from '../../src/pd/decode-pd-body.js';

describe('decodePdMessage', () => {
  it.each([
    ['"The operator is created."\n', 'The operator is created.'],
    [
      '"[PD:region:ErrRegionNotFound]region 42 not found"\n',
      '[PD:region:ErrRegionNotFound]region 42 not found',
    ],
    [
      '"strconv.ParseUint: parsing \\"abc\\": invalid syntax"\n',
      'strconv.ParseUint: parsing "abc": invalid syntax',
    ],
    [
      '"\\"[PD:core:ErrStoreNotFound]store 99 not found\\"\\n"\n',
      '[PD:core:ErrStoreNotFound]store 99 not found',
    ],
    [
      '[PD:apiutil:ErrRedirectNoLeader]redirect finds no leader\n',
      '[PD:apiutil:ErrRedirectNoLeader]redirect finds no leader',
    ],
    ['The operator is created.', 'The operator is created.'],
    [
      '{\n  "code": "input",\n  "msg": "unexpected end of JSON input",\n  "data": {}\n}\n',
      'input: unexpected end of JSON input',
    ],
    ['null', 'null'],
    ['', ''],
  ])('decodes %j', (raw, message) => {
    expect(decodePdMessage(raw)).toBe(message);
  });

  it('extracts the PD error code', () => {
    expect(pdErrorCode('[PD:region:ErrRegionNotFound]region 42 not found')).toBe(
      'PD:region:ErrRegionNotFound',
    );
    expect(pdErrorCode('region has no voter in store 4')).toBeUndefined();
  });
});
