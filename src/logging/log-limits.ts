/**
 * Bounds on what one log line may carry. A PD answer or a Slack error can be megabytes; log
 * pipelines split or drop long lines (Docker's json-file driver splits at 16 KiB), and a 25 MB line
 * costs memory in every hop. The numbers keep a worst-case line well under 16 KiB of PD text.
 */

/** Bytes of PD's body kept in a log line: declared in core, whose run log writes PD's answers. */
export { LOG_PD_BODY_BYTES } from '../core/pd/pd-body-log-fields.js';

/** Any other string field is cut past this many characters. */
export const LOG_STRING_MAX_CHARS = 4096;

/** Arrays past this many items keep only their start. */
export const LOG_ARRAY_MAX_ITEMS = 50;

/** Nesting past this depth is replaced by a marker. */
export const LOG_MAX_DEPTH = 8;
