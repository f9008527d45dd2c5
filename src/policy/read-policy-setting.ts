import { formatPolicyProblems, loadPolicyFile } from './load-policy.js';
import { PolicyFileError } from './policy-file-error.js';
import type { Policy } from './policy-schema.js';

export interface PolicySetting {
  /** POLICY_FILE as set; undefined when unset (each front end has its own default then). */
  readonly policyFile: string | undefined;
  readonly actionNames: readonly string[];
  /** The configured clusters' names, which a rule's `clusters` must use. */
  readonly clusterNames?: readonly string[];
  /** Said after the problems, e.g. what was not done because of them. */
  readonly consequence?: string;
}

/**
 * The one reader of POLICY_FILE for the bot and the console: the policy, undefined when unset, or a
 * PolicyFileError when set but empty, unreadable or invalid (never a silent fallback).
 */
export async function readPolicySetting(setting: PolicySetting): Promise<Policy | undefined> {
  const { policyFile, consequence } = setting;
  if (policyFile === undefined) return undefined;
  if (policyFile.trim() === '') {
    throw new PolicyFileError(`POLICY_FILE is set but empty.${consequence ? ` ${consequence}` : ''}`);
  }
  const loaded = await loadPolicyFile(policyFile, setting.actionNames, setting.clusterNames);
  if (!loaded.ok) {
    const problems = formatPolicyProblems(loaded.problems);
    throw new PolicyFileError(consequence ? `${problems}\n${consequence}` : problems);
  }
  return loaded.policy;
}
