import { parseArgs } from 'node:util';

export type CliCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'demo'; readonly log: boolean }
  | {
      readonly kind: 'exec';
      /** As typed after `/tikv` in Slack; `--dry-run` already folded in. */
      readonly command: string;
      /** Absent: the clusters come from CLUSTERS_FILE or PD_ENDPOINTS, as for the bot. */
      readonly pd?: string;
      readonly json: boolean;
      readonly timeoutMs: number;
      readonly log: boolean;
      /** Follow an accepted write to its end (an operator's status, a drain's leader count) before exiting. */
      readonly wait: boolean;
    }
  | { readonly kind: 'usage_error'; readonly message: string };

export const DEFAULT_TIMEOUT_MS = 10_000;

export const CLI_USAGE = `Usage:
  tikv-chatops demo [--log]
      Start a PD simulator in this process and a console to try commands against it.
  tikv-chatops exec "<command>" [--pd <url>] [--json] [--timeout-ms N] [--dry-run] [--wait] [--log]
      Run one command, written as after /tikv in Slack, against the PD at <url>, then exit.
      Without --pd, the clusters are the bot's: CLUSTERS_FILE, or PD_ENDPOINTS (+ PD_CACERT,
      PD_CERT, PD_KEY); pick one with --cluster NAME in the command.
      Missing arguments are an error: exec never prompts.
  tikv-chatops --help

Options:
  --pd <url>        PD endpoint, e.g. http://pd-0:2379 (one cluster, named default)
  --json            Print one JSON object on stdout:
                    {ok, kind, action, params, dryRun, cluster: {name, production},
                    pd: {endpoint, simulated, method, path, body, status, rawBody, message},
                    error: {code, message}, durationMs, correlationId, ...}
  --timeout-ms N    Give up on PD after N ms (default ${DEFAULT_TIMEOUT_MS}; 100..600000)
  --dry-run         Show the exact PD request and change nothing
  --wait            After PD accepts transfer-leader, transfer-peer or drain-store, follow it to
                    its end (the operator's status, checked against the region; the store's
                    leader count down to 0) and report that; exit 1 unless it succeeded
  --log             Write the JSON log lines (the audit trail) to stderr

Exit codes (exec): 0 success, 1 PD error or no answer from PD (PD's answer on stderr),
  2 invalid input or usage error (nothing sent to PD), 3 internal error.

Examples:
  npm run demo
  tikv-chatops exec "transfer-leader 42 4" --pd http://pd-0:2379
  tikv-chatops exec "transfer-leader region_id=42 to_store_id=4" --pd http://pd-0:2379 --json
  CLUSTERS_FILE=clusters.yaml tikv-chatops exec "health --cluster staging"
`;

const OPTIONS = {
  pd: { type: 'string' },
  json: { type: 'boolean' },
  'timeout-ms': { type: 'string' },
  'dry-run': { type: 'boolean' },
  wait: { type: 'boolean' },
  log: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Pure: argv (without node and the script) → what to run, or a usage mistake to report. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    return { kind: 'usage_error', message: error instanceof Error ? error.message : String(error) };
  }
  const { values, positionals } = parsed;
  const [subcommand, ...rest] = positionals;
  if (values.help || subcommand === 'help') return { kind: 'help' };
  if (subcommand === undefined)
    return { kind: 'usage_error', message: 'a subcommand is needed: demo or exec' };

  if (subcommand === 'demo') {
    const stray = [
      ...rest.map((arg) => `"${arg}"`),
      ...(['pd', 'json', 'timeout-ms', 'dry-run', 'wait'] as const)
        .filter((name) => values[name] !== undefined)
        .map((name) => `--${name}`),
    ];
    if (stray.length > 0) return { kind: 'usage_error', message: `demo does not take ${stray.join(', ')}` };
    return { kind: 'demo', log: values.log ?? false };
  }

  if (subcommand === 'exec') {
    // Accept the command quoted as one argument or spread over several.
    const command = rest.join(' ').trim();
    if (command === '')
      return { kind: 'usage_error', message: 'exec needs a command, e.g. "transfer-leader 42 4"' };
    const pd = values.pd?.trim();
    if (pd !== undefined && (!/^https?:\/\/[^\s/]+/i.test(pd) || !URL.canParse(pd))) {
      return { kind: 'usage_error', message: `--pd must be an http:// or https:// URL, got "${values.pd}"` };
    }
    const timeoutMs = parseTimeout(values['timeout-ms']);
    if (typeof timeoutMs === 'string') return { kind: 'usage_error', message: timeoutMs };
    return {
      kind: 'exec',
      command: values['dry-run'] ? `${command} --dry-run` : command,
      ...(pd !== undefined && { pd }),
      json: values.json ?? false,
      timeoutMs,
      log: values.log ?? false,
      wait: values.wait ?? false,
    };
  }

  return { kind: 'usage_error', message: `unknown subcommand "${subcommand}"; use demo or exec` };
}

function parseTimeout(text: string | undefined): number | string {
  if (text === undefined) return DEFAULT_TIMEOUT_MS;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < 100 || value > 600_000) {
    return `--timeout-ms must be a whole number of milliseconds from 100 to 600000, got "${text}"`;
  }
  return value;
}
