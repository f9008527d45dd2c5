/** Slack's limit for a Home tab (the fake enforces it too). */
export const HOME_BLOCK_LIMIT = 100;
/** Lines per list before "… and N more": a 10,000-store cluster still fits one section. */
export const HOME_LIST_LINES = 10;
/** Undrain / Cancel buttons per cluster; the rest are named in the list and reachable by command. */
export const HOME_BUTTONS = 5;
