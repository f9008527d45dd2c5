const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];

/**
 * PD's typeutil.ByteSize JSON form: docker/go-units BytesSize, i.e. `%.4g` plus a binary unit
 * ("1.969TiB", "701.2GiB"). Store capacity fields are strings, not numbers.
 */
export function formatByteSize(bytes: number): string {
  let size = bytes;
  let unit = 0;
  while (size >= 1024 && unit < BINARY_UNITS.length - 1) {
    size /= 1024;
    unit++;
  }
  return `${formatG4(size)}${BINARY_UNITS[unit]}`;
}

/** Go's %.4g for values below 1024: four significant digits, trailing zeros dropped. */
function formatG4(value: number): string {
  if (value === 0) return '0';
  return String(Number(value.toPrecision(4)));
}
