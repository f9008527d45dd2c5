import { readFile } from 'node:fs/promises';
import { parseCheckedYaml } from '../config-file/parse-checked-yaml.js';
import { buildPolicySchema, type Policy } from './policy-schema.js';

export type PolicyLoadResult =
  | { readonly ok: true; readonly policy: Policy }
  | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Parses and validates a policy. Every problem is reported, each as `file:line:column: field: what`,
 * so one start shows everything to fix.
 */
export function parsePolicy(
  text: string,
  fileName: string,
  knownActionNames: readonly string[],
  knownClusterNames?: readonly string[],
): PolicyLoadResult {
  const checked = parseCheckedYaml(text, fileName, buildPolicySchema(knownActionNames, knownClusterNames), {
    emptyMessage: 'the policy is empty (expected at least version: 1 and rules)',
  });
  return checked.ok ? { ok: true, policy: checked.value } : checked;
}

/** Reads the file at `path` and parses it; an unreadable file is a problem like any other. */
export async function loadPolicyFile(
  path: string,
  knownActionNames: readonly string[],
  knownClusterNames?: readonly string[],
): Promise<PolicyLoadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [`${path}: cannot read the policy file: ${reason}`] };
  }
  return parsePolicy(text, path, knownActionNames, knownClusterNames);
}

export function formatPolicyProblems(problems: readonly string[]): string {
  return `tikv-chatops cannot start; fix the policy file (POLICY_FILE):\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee policy.example.yaml for every field.`;
}
