import { QUOTE_ESCAPES } from './go-strconv.js';

/**
 * Port of the syntax checker in Go's encoding/json (scanner.go): PD hands the client the exact
 * SyntaxError text and byte offset for malformed bodies, e.g.
 * `invalid character 'x' looking for beginning of value` at Offset 1, so the simulator has to find
 * the same first bad byte with the same wording.
 */
export interface GoSyntaxError {
  readonly msg: string;
  readonly offset: number;
}

enum Parse {
  ObjectKey,
  ObjectValue,
  ArrayValue,
}

const MAX_NESTING_DEPTH = 10_000;

type Step = (c: number) => boolean;

/** Returns undefined when `data` is one valid JSON value, otherwise Go's SyntaxError. */
export function checkGoJsonSyntax(data: Uint8Array): GoSyntaxError | undefined {
  const stack: Parse[] = [];
  let offset = 0;
  let error: GoSyntaxError | undefined;
  let endTop = false;

  const fail = (c: number, context: string): boolean => {
    error = { msg: `invalid character ${quoteChar(c)} ${context}`, offset };
    return false;
  };
  const push = (p: Parse): boolean => {
    stack.push(p);
    if (stack.length <= MAX_NESTING_DEPTH) return true;
    error = { msg: 'exceeded max depth', offset };
    return false;
  };
  const pop = (): void => {
    stack.pop();
    if (stack.length === 0) {
      step = endTopState;
      endTop = true;
    } else {
      step = endValue;
    }
  };

  const endTopState: Step = (c) => (isSpace(c) ? true : fail(c, 'after top-level value'));

  const endValue: Step = (c) => {
    const top = stack[stack.length - 1];
    if (top === undefined) {
      step = endTopState;
      endTop = true;
      return endTopState(c);
    }
    if (isSpace(c)) {
      step = endValue;
      return true;
    }
    switch (top) {
      case Parse.ObjectKey:
        if (c === 0x3a /* : */) {
          stack[stack.length - 1] = Parse.ObjectValue;
          step = beginValue;
          return true;
        }
        return fail(c, 'after object key');
      case Parse.ObjectValue:
        if (c === 0x2c /* , */) {
          stack[stack.length - 1] = Parse.ObjectKey;
          step = beginString;
          return true;
        }
        if (c === 0x7d /* } */) {
          pop();
          return true;
        }
        return fail(c, 'after object key:value pair');
      case Parse.ArrayValue:
        if (c === 0x2c) {
          step = beginValue;
          return true;
        }
        if (c === 0x5d /* ] */) {
          pop();
          return true;
        }
        return fail(c, 'after array element');
    }
  };

  const beginValue: Step = (c) => {
    if (isSpace(c)) return true;
    switch (c) {
      case 0x7b /* { */:
        step = beginStringOrEmpty;
        return push(Parse.ObjectKey);
      case 0x5b /* [ */:
        step = beginValueOrEmpty;
        return push(Parse.ArrayValue);
      case 0x22 /* " */:
        step = inString;
        return true;
      case 0x2d /* - */:
        step = neg;
        return true;
      case 0x30 /* 0 */:
        step = zero;
        return true;
      case 0x74 /* t */:
        step = literal('rue', 'true', 0);
        return true;
      case 0x66 /* f */:
        step = literal('alse', 'false', 0);
        return true;
      case 0x6e /* n */:
        step = literal('ull', 'null', 0);
        return true;
    }
    if (c >= 0x31 && c <= 0x39) {
      step = digits;
      return true;
    }
    return fail(c, 'looking for beginning of value');
  };

  const beginValueOrEmpty: Step = (c) => {
    if (isSpace(c)) return true;
    if (c === 0x5d) return endValue(c);
    return beginValue(c);
  };

  const beginStringOrEmpty: Step = (c) => {
    if (isSpace(c)) return true;
    if (c === 0x7d) {
      stack[stack.length - 1] = Parse.ObjectValue;
      return endValue(c);
    }
    return beginString(c);
  };

  const beginString: Step = (c) => {
    if (isSpace(c)) return true;
    if (c === 0x22) {
      step = inString;
      return true;
    }
    return fail(c, 'looking for beginning of object key string');
  };

  const inString: Step = (c) => {
    if (c === 0x22) {
      step = endValue;
      return true;
    }
    if (c === 0x5c /* \ */) {
      step = inStringEsc;
      return true;
    }
    if (c < 0x20) return fail(c, 'in string literal');
    return true;
  };

  const inStringEsc: Step = (c) => {
    if ('bfnrt\\/"'.includes(String.fromCharCode(c))) {
      step = inString;
      return true;
    }
    if (c === 0x75 /* u */) {
      step = hexEscape(0);
      return true;
    }
    return fail(c, 'in string escape code');
  };

  const hexEscape =
    (seen: number): Step =>
    (c) => {
      if (!isHex(c)) return fail(c, 'in \\u hexadecimal character escape');
      step = seen === 3 ? inString : hexEscape(seen + 1);
      return true;
    };

  const neg: Step = (c) => {
    if (c === 0x30) {
      step = zero;
      return true;
    }
    if (c >= 0x31 && c <= 0x39) {
      step = digits;
      return true;
    }
    return fail(c, 'in numeric literal');
  };

  const digits: Step = (c) => (isDigit(c) ? true : zero(c));

  const zero: Step = (c) => {
    if (c === 0x2e /* . */) {
      step = dot;
      return true;
    }
    if (c === 0x65 || c === 0x45) {
      step = exponent;
      return true;
    }
    return endValue(c);
  };

  const dot: Step = (c) => {
    if (isDigit(c)) {
      step = dotDigits;
      return true;
    }
    return fail(c, 'after decimal point in numeric literal');
  };

  const dotDigits: Step = (c) => {
    if (isDigit(c)) return true;
    if (c === 0x65 || c === 0x45) {
      step = exponent;
      return true;
    }
    return endValue(c);
  };

  const exponent: Step = (c) => {
    if (c === 0x2b || c === 0x2d) {
      step = exponentSign;
      return true;
    }
    return exponentSign(c);
  };

  const exponentSign: Step = (c) => {
    if (isDigit(c)) {
      step = exponentDigits;
      return true;
    }
    return fail(c, 'in exponent of numeric literal');
  };

  const exponentDigits: Step = (c) => (isDigit(c) ? true : endValue(c));

  const literal =
    (rest: string, word: string, index: number): Step =>
    (c) => {
      const expected = rest.charCodeAt(index);
      if (c !== expected) return fail(c, `in literal ${word} (expecting ${quoteChar(expected)})`);
      step = index === rest.length - 1 ? endValue : literal(rest, word, index + 1);
      return true;
    };

  let step: Step = beginValue;
  for (const c of data) {
    offset++;
    if (!step(c)) return error;
  }
  // eof(): a trailing space finishes a top-level number; anything still open is truncated input.
  if (endTop) return undefined;
  if (!step(0x20)) return error;
  if (endTop) return undefined;
  return { msg: 'unexpected end of JSON input', offset };
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

/** Go's quoteChar: the byte as a single-quoted strconv.Quote of string(rune(c)). */
function quoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return `'"'`;
  const escaped = QUOTE_ESCAPES[c];
  if (escaped !== undefined) return `'${escaped}'`;
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, '0')}'`;
  // Bytes >= 0x80 become the rune U+0080..U+00FF; Go escapes the non-printable ones.
  if ((c >= 0x80 && c <= 0xa0) || c === 0xad) return `'\\u${c.toString(16).padStart(4, '0')}'`;
  return `'${String.fromCharCode(c)}'`;
}
