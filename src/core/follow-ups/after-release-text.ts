import type { FollowUpDeclaration } from './follow-up-declaration.js';

/** Only a store that outlives the process lets the next bot resume; memory dies with this one. */
export function afterReleaseText(durable: boolean, declaration: FollowUpDeclaration): string {
  return durable
    ? 'the next bot to start resumes it'
    : `nothing resumes it (the follow-up store is in memory); check with: ${declaration.checkCommand}`;
}
