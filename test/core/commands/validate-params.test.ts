import { describe, expect, it } from 'vitest';
import { validateParams } from '../../../src/core/commands/validate-params.js';
import { TIKV_ACTIONS } from '../../../src/subjects/tikv/tikv-actions.js';

const transferLeader = TIKV_ACTIONS.find((a) => a.name === 'transfer_leader');
if (!transferLeader) throw new Error('transfer_leader is not defined');

describe('validateParams (form values)', () => {
  it.each([
    ['4\u200b2', 'U+200B ZERO WIDTH SPACE at position 2'],
    ['\ufeff42', 'U+FEFF ZERO WIDTH NO-BREAK SPACE (BOM) at position 1'],
    ['42\u2060', 'U+2060 WORD JOINER at position 3'],
  ])('refuses %j in a form field, naming the character, instead of reading a number', (value, found) => {
    const result = validateParams(transferLeader, { region_id: value, to_store_id: '4' });
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          code: 'INVISIBLE_CHARACTER',
          field: 'region_id',
          message: `region_id has an invisible character ${found}`,
          received: value,
        },
      ],
    });
  });

  it('still accepts plain values with surrounding spaces', () => {
    expect(validateParams(transferLeader, { region_id: ' 42 ', to_store_id: '4' })).toEqual({
      ok: true,
      params: { region_id: 42, to_store_id: 4 },
    });
  });
});
