import { expect } from 'vitest';

/** One GET, its status and text; a new connection each time, so a server's close is never held. */
export async function get(url: string): Promise<{ status: number; text: string; contentType: string }> {
  const response = await fetch(url, { headers: { connection: 'close' } });
  return {
    status: response.status,
    text: await response.text(),
    contentType: response.headers.get('content-type') ?? '',
  };
}

/** `name{a="x",b="y"} value` lines of one metric, as label maps and values. */
export function samples(text: string, name: string): { labels: Record<string, string>; value: number }[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .map((line) => {
      const match = /^[^{ ]+(?:\{(.*)\})? (\S+)$/.exec(line);
      expect(match, line).not.toBeNull();
      const labels = Object.fromEntries(
        [...(match?.[1] ?? '').matchAll(/([a-zA-Z_]+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
      );
      return { labels, value: Number(match?.[2]) };
    });
}

/** Every label value in a scrape: what the bounded-label checks look through. */
export function allLabelValues(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => !line.startsWith('#') && line.includes('{'))
    .flatMap((line) => [...line.matchAll(/[a-zA-Z_]+="((?:[^"\\]|\\.)*)"/g)].map((m) => m[1] as string));
}
