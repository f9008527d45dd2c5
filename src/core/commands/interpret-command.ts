import { type ActionDefinition, type ActionParams, commandName } from '../actions/action-definition.js';
import type { ActionRegistry } from '../actions/action-registry.js';
import { capIssues, type InputIssue } from './input-issue.js';
import { describeCharacter, findInvisibleCharacter } from './invisible-character.js';
import { normalizeCommandText } from './normalize-command-text.js';
import { tokenizeCommand } from './tokenize-command.js';
import { validateParams } from './validate-params.js';

/**
 * The longest command text the parser looks at. The longest valid command is under 100 characters
 * (`transfer-peer region_id=9007199254740991 from_store_id=… to_store_id=… --dry-run` is about 90), and
 * Slack's own cap on a slash command's text is a few thousand characters; 1,000 leaves room for
 * link-wrapped and quoted values while keeping the cost of a hostile 40,000-character command to one
 * length check.
 */
export const MAX_COMMAND_LENGTH = 1000;

export interface CommandFlags {
  /** Show the exact PD request and change nothing. */
  readonly dryRun: boolean;
  /**
   * `--share`: post a read-only view for the whole channel at once instead of only to the person who
   * asked. Writes are always posted for the channel; front ends that print to the person ignore it.
   */
  readonly share?: boolean;
  /** `--cluster NAME` / `-c NAME`: as typed; the engine resolves it against the configured clusters. */
  readonly cluster?: string;
}

export type Interpretation =
  | { readonly kind: 'help'; readonly action?: ActionDefinition }
  /** `whoami`: what the caller may run here; `can <action>`: the answer for one action. */
  | { readonly kind: 'permissions'; readonly action?: ActionDefinition; readonly cluster?: string }
  | {
      readonly kind: 'invalid';
      readonly text: string;
      readonly issues: readonly InputIssue[];
      readonly action?: ActionDefinition;
    }
  | {
      readonly kind: 'incomplete';
      readonly text: string;
      readonly action: ActionDefinition;
      readonly provided: Readonly<Record<string, string>>;
      readonly missing: readonly string[];
      readonly flags: CommandFlags;
    }
  | {
      readonly kind: 'ready';
      readonly text: string;
      readonly action: ActionDefinition;
      readonly params: ActionParams;
      readonly flags: CommandFlags;
    };

const HELP_WORDS = new Set(['help', '-h', '--help', '?']);
const FLAGS: Record<string, 'dryRun' | 'share'> = {
  '--dry-run': 'dryRun',
  '--preview': 'dryRun',
  '--share': 'share',
};

/**
 * Turns what a user typed after the command (`transfer-leader 42 4`, `transfer-leader region_id=42
 * to_store_id=4`) into a validated request, a request with missing arguments (for a modal or a
 * prompt), help, or precise complaints. Pure: the same text always gives the same answer.
 */
export function interpretCommand(rawText: string, registry: ActionRegistry): Interpretation {
  const result = interpretUncapped(rawText, registry);
  return result.kind === 'invalid' ? { ...result, issues: capIssues(result.issues) } : result;
}

function interpretUncapped(rawText: string, registry: ActionRegistry): Interpretation {
  // Before any other work: what is echoed and scanned is bounded by the cap, not by what was sent.
  if (rawText.length > MAX_COMMAND_LENGTH) {
    return {
      kind: 'invalid',
      text: rawText.slice(0, MAX_COMMAND_LENGTH),
      issues: [
        {
          code: 'TOO_LONG',
          message: `the command is ${rawText.length} characters long; the limit is ${MAX_COMMAND_LENGTH}: nothing was sent`,
        },
      ],
    };
  }
  const invisible = findInvisibleCharacter(rawText);
  if (invisible) {
    return {
      kind: 'invalid',
      text: rawText,
      issues: [
        {
          code: 'INVISIBLE_CHARACTER',
          message: `invisible character ${describeCharacter(invisible)} at position ${invisible.position}: nothing was sent`,
        },
      ],
    };
  }
  const text = normalizeCommandText(rawText);
  const tokenized = tokenizeCommand(text);
  if (!tokenized.ok) {
    return {
      kind: 'invalid',
      text,
      issues: [
        {
          code: 'UNBALANCED_QUOTE',
          message: `unbalanced quote: the ${tokenized.quote} before "${tokenized.rest}" is never closed: nothing was sent`,
          received: `${tokenized.quote}${tokenized.rest}`,
        },
      ],
    };
  }
  const option = extractClusterOption(tokenized.tokens);
  if (!option.ok) return { kind: 'invalid', text, issues: [option.issue] };
  const cluster = option.cluster;
  const [first, ...rest] = option.tokens;
  if (first === undefined || HELP_WORDS.has(first.toLowerCase())) {
    const topic = rest[0] !== undefined ? registry.get(rest[0]) : undefined;
    return topic ? { kind: 'help', action: topic } : { kind: 'help' };
  }

  const word = first.toLowerCase();
  if (word === 'whoami' || word === 'can') {
    const scope = cluster !== undefined ? { cluster } : {};
    if (word === 'whoami' || rest.length === 0) return { kind: 'permissions', ...scope };
    const asked = registry.get(rest[0] ?? '');
    if (asked && rest.length === 1) return { kind: 'permissions', action: asked, ...scope };
    return {
      kind: 'invalid',
      text,
      issues: [
        {
          code: 'USAGE',
          message: `usage: can <action>; known actions: ${registry.commandNames().join(', ')}`,
          received: rest.join(' '),
        },
      ],
    };
  }

  const action = registry.get(first);
  if (!action) {
    return {
      kind: 'invalid',
      text,
      issues: [
        {
          code: 'UNKNOWN_ACTION',
          message: `unknown action "${first}"; known actions: ${registry.commandNames().join(', ')}`,
          received: first,
        },
      ],
    };
  }
  if (rest.length === 1 && HELP_WORDS.has((rest[0] ?? '').toLowerCase())) return { kind: 'help', action };

  const names = Object.keys(action.parameters);
  const provided: Record<string, string> = {};
  const issues: InputIssue[] = [];
  const flags: { dryRun: boolean; share?: boolean; cluster?: string } = {
    dryRun: false,
    ...(cluster !== undefined && { cluster }),
  };
  let position = 0;

  for (const token of rest) {
    if (token.startsWith('--')) {
      const flag = FLAGS[token.toLowerCase()];
      if (flag) flags[flag] = true;
      else
        issues.push({
          code: 'UNKNOWN_OPTION',
          message: `unknown option "${token}" (known: ${[...Object.keys(FLAGS), '--cluster NAME', '-c NAME'].join(', ')})`,
          received: token,
        });
      continue;
    }
    const eq = token.indexOf('=');
    if (eq > 0) {
      const key = token.slice(0, eq).toLowerCase().replaceAll('-', '_');
      const value = token.slice(eq + 1);
      if (!(key in action.parameters)) {
        issues.push({
          code: 'UNKNOWN_ARGUMENT',
          message: `unknown argument "${token.slice(0, eq)}"; ${commandName(action)} takes ${names.join(', ')}`,
          received: token,
        });
      } else if (key in provided) {
        issues.push({
          code: 'DUPLICATE_ARGUMENT',
          field: key,
          message: `${key} is given twice`,
          received: value,
        });
      } else {
        provided[key] = value;
      }
      continue;
    }
    // Positional values fill the parameters not yet named, in declaration order.
    while (position < names.length && (names[position] as string) in provided) position++;
    const name = names[position];
    if (name === undefined) {
      issues.push({
        code: 'EXTRA_ARGUMENT',
        message: `unexpected extra argument "${token}"; ${commandName(action)} takes ${names.length} (${names.join(', ')})`,
        received: token,
      });
      continue;
    }
    provided[name] = token;
    position++;
  }

  if (issues.length > 0) return { kind: 'invalid', text, issues, action };

  const missing = names.filter((name) => action.parameters[name]?.required && !(name in provided));
  // Check what was typed before asking for the rest: a modal cannot show an error on open.
  const partial = validatePresent(action, provided);
  if (partial.length > 0) return { kind: 'invalid', text, issues: partial, action };
  if (missing.length > 0) return { kind: 'incomplete', text, action, provided, missing, flags };

  const validated = validateParams(action, provided);
  if (!validated.ok) return { kind: 'invalid', text, issues: validated.issues, action };
  return { kind: 'ready', text, action, params: validated.params, flags };
}

function validatePresent(action: ActionDefinition, provided: Record<string, string>): InputIssue[] {
  const result = validateParams(action, provided);
  if (result.ok) return [];
  return result.issues.filter((issue) => issue.field !== undefined && issue.field in provided);
}

const CLUSTER_OPTIONS = new Set(['--cluster', '-c']);

/**
 * Takes `--cluster NAME`, `--cluster=NAME` or `-c NAME` out of the tokens, wherever it stands, so
 * every command (help, whoami and can too) accepts it the same way.
 */
function extractClusterOption(
  tokens: readonly string[],
):
  | { readonly ok: true; readonly tokens: readonly string[]; readonly cluster?: string }
  | { readonly ok: false; readonly issue: InputIssue } {
  const kept: string[] = [];
  let cluster: string | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    const lower = token.toLowerCase();
    let value: string | undefined;
    if (lower.startsWith('--cluster=')) value = token.slice('--cluster='.length);
    else if (CLUSTER_OPTIONS.has(lower)) {
      value = tokens[i + 1];
      i++;
    } else {
      kept.push(token);
      continue;
    }
    if (value === undefined || value === '' || value.startsWith('-')) {
      return {
        ok: false,
        issue: {
          code: 'MISSING_OPTION_VALUE',
          field: 'cluster',
          message: `${token.split('=')[0]} needs a cluster name, e.g. ${token.split('=')[0]} staging: nothing was sent`,
          received: token,
        },
      };
    }
    if (cluster !== undefined && cluster !== value) {
      return {
        ok: false,
        issue: {
          code: 'DUPLICATE_ARGUMENT',
          field: 'cluster',
          message: `the cluster is given twice ("${cluster}" and "${value}"): nothing was sent`,
          received: value,
        },
      };
    }
    cluster = value;
  }
  return { ok: true, tokens: kept, ...(cluster !== undefined && { cluster }) };
}
