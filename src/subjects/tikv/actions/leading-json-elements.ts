/**
 * The first `max` complete elements of the JSON array that starts at `from` (the index of its `[`),
 * each as its own text, read without parsing the rest: a region list can be tens of MB, or cut short
 * by the client's body cap, and only its head is shown. Stops early at the end of the text.
 */
export function leadingJsonElements(text: string, from: number, max: number): string[] {
  const out: string[] = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  for (let i = from + 1; i < text.length && out.length < max; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}' || c === ']') {
      if (depth === 0) break; // the array's own end
      depth--;
      if (depth === 0) out.push(text.slice(start, i + 1));
    }
  }
  return out;
}
