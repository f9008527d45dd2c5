import type { ResultTable } from './result-table.js';

/** Past this many rows a table says how many it left out: a chat message is not a dump. */
export const TABLE_ROW_LIMIT = 50;
/** Longest cell shown; PD's own text (names, URLs) is cut, not wrapped. */
const CELL_LIMIT = 80;

/**
 * The table as fixed-width lines (columns padded, two spaces apart): what the console prints and
 * what Slack shows in a code block, so both read the same.
 */
export function alignTable(table: ResultTable): string {
  const shownRows = table.rows.slice(0, TABLE_ROW_LIMIT);
  const all = [table.columns, ...shownRows].map((row) => row.map(cell));
  const widths = table.columns.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const lines = all.map((row) =>
    widths
      .map((width, i) => (row[i] ?? '').padEnd(width))
      .join('  ')
      .trimEnd(),
  );
  const left = table.rows.length - shownRows.length;
  if (left > 0) lines.push(`… ${left} more rows not shown`);
  if (table.footer !== undefined) lines.push(cell(table.footer));
  return lines.join('\n');
}

function cell(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > CELL_LIMIT ? `${oneLine.slice(0, CELL_LIMIT - 1)}…` : oneLine;
}
