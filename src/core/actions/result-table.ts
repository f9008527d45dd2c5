/**
 * A small table an action makes of PD's answer (members and their health; later stores, regions).
 * Plain text cells: the Slack and console renderers escape and align them, and cut it to their limits.
 */
export interface ResultTable {
  /** One line above the table, e.g. "3 PD members, all healthy". */
  readonly summary: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** One line under the rows for what the action left out on purpose, e.g. "… and 9,990 more Up stores". */
  readonly footer?: string;
  /**
   * Set when the rows are one page of a longer list: front ends offer the neighbouring pages by
   * re-running the same request with the action's `page` parameter set to another page.
   */
  readonly paging?: { readonly page: number; readonly pages: number };
}
