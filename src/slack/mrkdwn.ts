/**
 * Slack mrkdwn needs only these three escaped; anything more shows up as literal entities. A triple
 * backtick is defused too: in prose it would open a code block that swallows the rest of the text.
 */
export function escapeMrkdwn(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('```', 'ˋˋˋ');
}

/** Slack's section text limit. */
export const SECTION_TEXT_LIMIT = 3000;

/** Longest piece of foreign text put inline (headlines, notes, echoed input); bodies go in code blocks. */
export const FOREIGN_INLINE_LIMIT = 300;

/**
 * The one way text the bot did not write (PD's bodies and messages, transport errors that quote them,
 * Slack's error strings, what a user typed) enters a mrkdwn string outside a code block. It becomes an
 * inline code span: `&`, `<`, `>` escaped so `<!channel>`, `<@U…>`, `<!subteam^…>` and `<url|label>`
 * stay literal; backticks defused so the span cannot be closed early; newlines flattened because a
 * code span cannot cross them; and cut to `limit` characters. Code spans also keep Slack from
 * auto-linking bare URLs and from reading `*`, `_`, `~` as formatting, which escaping alone does not.
 */
export function foreignText(raw: string, limit = FOREIGN_INLINE_LIMIT): string {
  const flat = raw.replace(/\r\n|\r|\n/g, ' ↵ ');
  const shown = flat.length > limit ? `${flat.slice(0, Math.max(1, limit - 1))}…` : flat;
  if (shown.trim() === '') return '`(empty)`';
  return `\`${escapeMrkdwn(shown).replaceAll('`', 'ˋ')}\``;
}

/**
 * A parameter value as the user gave it: plain when it is a bare number or word (the usual case:
 * region and store ids), otherwise a foreign code span, so a URL or markup in it cannot link or ping.
 */
export function foreignValue(raw: string): string {
  return /^[A-Za-z0-9_-]{1,100}$/.test(raw) ? raw : foreignText(raw);
}

/** A mention the bot writes itself; an id that is not shaped like a Slack user id is shown, not linked. */
export function userMention(id: string): string {
  return /^[UW][A-Z0-9]{2,30}$/.test(id) ? `<@${id}>` : foreignText(id, 40);
}

/** A user group mention the bot writes itself (approvers from the policy). */
export function groupMention(id: string): string {
  return /^S[A-Z0-9]{2,30}$/.test(id) ? `<!subteam^${id}>` : foreignText(id, 40);
}

/**
 * PD's raw text in a code block, verbatim but safe: escaped, fences defused, and cut to fit the
 * section with a marker saying how much was left out.
 */
export function codeBlock(raw: string, limit = SECTION_TEXT_LIMIT - 200): string {
  const body = raw === '' ? '(empty body)' : raw;
  let shown = body;
  let marker = '';
  // Escaping at most triples the length, so a body this short cannot overflow; a 10 MB one is never
  // escaped whole.
  if (body.length * 5 > limit && escapeMrkdwn(body.slice(0, limit + 1)).length > limit) {
    // Cut on the raw text so an escape sequence is never split.
    let cut = limit;
    while (escapeMrkdwn(body.slice(0, cut)).length > limit) cut = Math.floor(cut * 0.9);
    shown = body.slice(0, cut);
    const left = Buffer.byteLength(body.slice(cut));
    marker = `\n… truncated, ${left} more bytes`;
  }
  // escapeMrkdwn already defuses fences, so PD text cannot close this block early.
  return `\`\`\`${escapeMrkdwn(shown)}\`\`\`${marker}`;
}

/** Cuts text to `limit` characters with a marker saying how much was left out. */
export function clampText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  // The marker's own length depends on the count; 60 characters always fit it.
  const keep = Math.max(0, limit - 60);
  return `${text.slice(0, keep)} … (${text.length - keep} more characters cut)`;
}

/** Cuts a short label (button, title, option) to `limit` characters with an ellipsis. */
export function clampLabel(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

/** Inline code that cannot be broken out of. */
export function inlineCode(text: string): string {
  return `\`${escapeMrkdwn(text).replaceAll('`', 'ˋ')}\``;
}

/**
 * Text written as mrkdwn (definitions' descriptions) for a `plain_text` field, where Slack shows
 * markup literally: code spans become quotes, bold/italic/strike markers are dropped.
 */
export function mrkdwnToPlain(text: string): string {
  return text
    .replace(/`([^`\n]*)`/g, '"$1"')
    .replace(/(^|[\s(])([*_~])([^*_~\n]+)\2(?=$|[\s).,;:!?])/g, '$1$3');
}

/** `<!date^…>` renders in each reader's time zone; the fallback after `|` carries UTC explicitly. */
export function slackDate(at: Date): string {
  const seconds = Math.floor(at.getTime() / 1000);
  const fallback = `${at.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  return `<!date^${seconds}^{date_short_pretty} {time_secs}|${fallback}>`;
}
