import type { X509Certificate } from 'node:crypto';

const CONSEQUENCE = {
  ca: 'PD certificates signed by it will be refused until it is replaced',
  cert: 'PD will refuse this client certificate until it is replaced',
} as const;

/**
 * Warnings for certificates outside their validity period at `now`. A warning, not an error: the
 * bot still starts, so the other clusters keep working and the channel hears why this one fails
 * (PD refuses an expired client certificate; the bot refuses a PD chained to an expired CA).
 */
export function certificateValidityWarnings(
  certificates: readonly X509Certificate[],
  role: 'ca' | 'cert',
  now: Date,
): readonly string[] {
  const warnings: string[] = [];
  for (const certificate of certificates) {
    const subject = certificate.subject.replaceAll('\n', ', ');
    const notAfter = new Date(certificate.validTo);
    const notBefore = new Date(certificate.validFrom);
    if (now.getTime() > notAfter.getTime()) {
      warnings.push(
        `the certificate "${subject}" expired on ${notAfter.toISOString()}; ${CONSEQUENCE[role]}`,
      );
    } else if (now.getTime() < notBefore.getTime()) {
      warnings.push(
        `the certificate "${subject}" is not valid before ${notBefore.toISOString()}; ${CONSEQUENCE[role]}`,
      );
    }
  }
  return warnings;
}
