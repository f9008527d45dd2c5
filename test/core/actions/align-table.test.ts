import { describe, expect, it } from 'vitest';
import { alignTable, TABLE_ROW_LIMIT } from '../../../src/core/actions/align-table.js';

describe('alignTable', () => {
  it('pads each column to its widest cell, two spaces apart, without trailing spaces', () => {
    expect(
      alignTable({
        summary: 's',
        columns: ['Member', 'Health'],
        rows: [
          ['pd-10', 'healthy'],
          ['pd-1', 'UNHEALTHY'],
        ],
      }),
    ).toBe('Member  Health\npd-10   healthy\npd-1    UNHEALTHY');
  });

  it('shows at most TABLE_ROW_LIMIT rows and says how many it left out', () => {
    const rows = Array.from({ length: TABLE_ROW_LIMIT + 7 }, (_, i) => [`pd-${i}`]);
    const lines = alignTable({ summary: 's', columns: ['Member'], rows }).split('\n');
    expect(lines).toHaveLength(TABLE_ROW_LIMIT + 2);
    expect(lines.at(-1)).toBe('… 7 more rows not shown');
  });

  it("ends with the table's footer, unpadded, after the rows", () => {
    expect(
      alignTable({
        summary: 's',
        columns: ['ID', 'State'],
        rows: [['5', 'Down']],
        footer: '… and 3 more Up stores',
      }),
    ).toBe('ID  State\n5   Down\n… and 3 more Up stores');
  });

  it('keeps a cell of PD text on one line and cuts it at 80 characters', () => {
    const text = alignTable({ summary: 's', columns: ['URL'], rows: [[`a\nb${'x'.repeat(200)}`]] });
    const cell = text.split('\n')[1] ?? '';
    expect(cell.startsWith('a b')).toBe(true);
    expect(cell).toHaveLength(80);
    expect(cell.endsWith('…')).toBe(true);
  });
});
