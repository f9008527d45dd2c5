/** `1 MiB`, `64 KiB`, `1.5 MiB`, `512 bytes`: how a body limit reads in a message. */
export function formatByteSize(bytes: number): string {
  const units: [number, string][] = [
    [1024 * 1024 * 1024, 'GiB'],
    [1024 * 1024, 'MiB'],
    [1024, 'KiB'],
  ];
  for (const [size, unit] of units) {
    if (bytes >= size) {
      const value = bytes / size;
      return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
    }
  }
  return `${bytes} bytes`;
}

/**
 * Said next to PD's body when the client stopped reading it at its limit, so nobody takes the shown
 * prefix for the whole answer (or mistakes a cut answer for no answer).
 */
export function bodyCutNote(status: number, truncatedAtBytes: number | undefined): string | undefined {
  if (truncatedAtBytes === undefined) return undefined;
  return `PD answered HTTP ${status}; the body was larger than ${formatByteSize(truncatedAtBytes)} and was cut`;
}
