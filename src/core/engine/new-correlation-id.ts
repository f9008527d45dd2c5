import { randomUUID } from 'node:crypto';

/** Short enough to read aloud in an incident, unique enough to find one line in the logs. */
export function newCorrelationId(): string {
  return randomUUID().replaceAll('-', '').slice(0, 12);
}
