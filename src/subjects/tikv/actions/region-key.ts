import type { ActionParams } from '../../../core/actions/action-definition.js';
import { defineAction } from '../../../core/actions/action-plan.js';
import type { ResultTable } from '../../../core/actions/result-table.js';
import type { PdResponse } from '../../../core/pd/pd-port.js';
import { decodeEscapedKey } from './decode-escaped-key.js';
import { goQueryEscape } from './go-query-escape.js';
import { regionTable } from './region-table.js';

const FORMATS = ['hex', 'raw', 'encode'] as const;
type KeyFormat = (typeof FORMATS)[number];

const PATH = '/pd/api/v1/region/key';

/**
 * The request for a key in one of pd-ctl's formats (pd-ctl `region key [--format=raw|encode|hex]`).
 * - hex (pd-ctl's default, and how PD prints start_key/end_key): sent as `<hex>?format=hex`, so only
 *   [0-9A-Fa-f] ever sits in the path and anything that is not hex gets PD's own 400.
 * - raw: the key's UTF-8 bytes as typed; encode: Go's escapes (`t\x80\x00…`) decoded to bytes.
 *   Both are sent as pd-ctl sends them: url.QueryEscape'd into one path segment, which PD's route
 *   (matched on the escaped path) url.QueryUnescape's back to the same bytes.
 */
export function regionKeyPath(key: string, format: KeyFormat): string {
  if (format === 'hex') return `${PATH}/${encodeURIComponent(key)}?format=hex`;
  const bytes = format === 'raw' ? new TextEncoder().encode(key) : decodeEscapedKey(key).bytes;
  return `${PATH}/${goQueryEscape(bytes)}`;
}

function formatOf(params: ActionParams | undefined): KeyFormat {
  const format = params?.format;
  return FORMATS.find((f) => f === format) ?? 'hex';
}

/** The region's table; a not-found names the key as typed, and an escape taken literally is said. */
function regionKeyTable(response: PdResponse, params: ActionParams | undefined): ResultTable | undefined {
  const table = regionTable(response);
  const format = formatOf(params);
  const key = typeof params?.key === 'string' ? params.key : undefined;
  if (table === undefined || key === undefined || format === 'hex') return table;
  const notFound = table.columns.length === 1 && table.columns[0] === 'PD answered';
  const kept = format === 'encode' ? decodeEscapedKey(key).kept : [];
  const keptNote =
    kept.length === 0
      ? ''
      : ` (${kept.map((k) => `"${k.text}" at ${k.at + 1}`).join(', ')} is no escape pd-ctl reads; sent as typed)`;
  return {
    ...table,
    summary: notFound
      ? `region for ${format} key ${key} not found${keptNote}`
      : `${table.summary}${keptNote}`,
  };
}

/** pd-ctl `region key [--format=raw|encode|hex] <key>` (pd-api.md §5.1): the region holding a key. */
export const REGION_KEY_ACTION = defineAction({
  name: 'region_key',
  description:
    'Show the region that holds a key: hex as PD prints keys (the default), raw, or with Go escapes (pd-ctl `region key [--format=raw|encode|hex] <key>`)',
  parameters: {
    key: {
      type: 'text',
      label: 'Key',
      description:
        'The key: hex by default (7480000000000000FF4A5F728000000000FF1E84800000000000FA); quote it if it has spaces',
      required: true,
    },
    format: {
      type: 'choice',
      label: 'Format',
      description:
        'hex (default), raw (the characters as typed) or encode (Go escapes such as t\\x80\\x00, as pd-ctl prints keys)',
      required: false,
      choices: FORMATS,
    },
  },
  riskLevel: 'read',
  requiresApproval: false,
  mutating: false,
  plan: (p) => ({
    reads: [],
    decide: () => ({ sends: [{ method: 'GET', path: regionKeyPath(p.key, p.format ?? 'hex') }] }),
  }),
  present: regionKeyTable,
});
