/**
 * The parts of PD's operator string (pd-api.md §2.1) a view shows: `<desc> {<brief>} (kind:<kinds>,
 * region:<id>(<version>, <conf_ver>), …, currentStep:<n>, …, steps:[…], timeout:[…])`. Only desc,
 * brief, kind, region and the step are parsed; the rest is PD's display text.
 */
export interface OperatorParts {
  readonly desc: string;
  readonly brief: string;
  readonly kinds: string;
  readonly regionId: string;
  readonly currentStep: string;
  readonly steps: string;
}

const OPERATOR = /^(\S+) \{(.*?)\} \(kind:([^,]*(?:,[a-z-]+)*), region:(\d+)\(/;

export function parseOperatorString(text: string): OperatorParts | undefined {
  const match = OPERATOR.exec(text);
  if (!match) return undefined;
  const step = /currentStep:(\d+)/.exec(text);
  const steps = /steps:\[(.*?)\], timeout:/.exec(text);
  return {
    desc: match[1] ?? '',
    brief: match[2] ?? '',
    kinds: match[3] ?? '',
    regionId: match[4] ?? '',
    currentStep: step?.[1] ?? '',
    steps: steps?.[1] ?? '',
  };
}

/** A JSON array of strings, or undefined when PD's body is anything else. */
export function parseStringList(rawBody: string): string[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) return undefined;
  return parsed as string[];
}
