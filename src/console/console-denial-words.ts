import type { DenialWords } from '../core/policy/word-denial.js';
import { printable } from './text-style.js';

/** Denials worded for a terminal: plain IDs, no markup, nothing that could drive the terminal. */
export const CONSOLE_DENIAL_WORDS: DenialWords = {
  user: (id) => printable(id),
  channel: (id) => `channel ${printable(id)}`,
  group: (id) => `user group ${printable(id)}`,
  text: printable,
};
