/** Slack mrkdwn needs only these three escaped; anything more shows up as literal entities. */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Slack's section text limit. */
export const SECTION_TEXT_LIMIT = 3000;

/**
 * PD's raw text in a code block, verbatim but safe: escaped, fences defused, and cut to fit the
 * section with a marker saying how much was left out.
 */
export function codeBlock(raw: string, limit = SECTION_TEXT_LIMIT - 200): string {
  const body = raw === '' ? '(empty body)' : raw;
  let shown = body;
  let marker = '';
  if (escapeMrkdwn(body).length > limit) {
    // Cut on the raw text so an escape sequence is never split.
    let cut = limit;
    while (escapeMrkdwn(body.slice(0, cut)).length > limit) cut = Math.floor(cut * 0.9);
    shown = body.slice(0, cut);
    const left = Buffer.byteLength(body.slice(cut));
    marker = `\n… truncated, ${left} more bytes`;
  }
  const safe = escapeMrkdwn(shown).replaceAll('```', 'ˋˋˋ');
  return `\`\`\`${safe}\`\`\`${marker}`;
}

/** Cuts text to `limit` characters with a marker saying how much was left out. */
export function clampText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  // The marker's own length depends on the count; 60 characters always fit it.
  const keep = limit - 60;
  return `${text.slice(0, keep)} … (${text.length - keep} more characters cut)`;
}

/** Inline code that cannot be broken out of. */
export function inlineCode(text: string): string {
  return `\`${escapeMrkdwn(text).replaceAll('`', 'ˋ')}\``;
}

/** `<!date^…>` renders in each reader's time zone; the fallback after `|` carries UTC explicitly. */
export function slackDate(at: Date): string {
  const seconds = Math.floor(at.getTime() / 1000);
  const fallback = `${at.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  return `<!date^${seconds}^{date_short_pretty} {time_secs}|${fallback}>`;
}
