/** WebClient JSON-stringifies non-scalar args into form fields; these are the ones tests assert on. */
const JSON_ARGS = ['blocks', 'view', 'attachments', 'metadata'] as const;

export class ApiArgsError extends Error {}

/**
 * Decodes a Web API request body the way Slack does: form-urlencoded (what WebClient sends) or
 * JSON, merged over the query string. JSON-valued args are decoded so tests can assert on objects.
 */
export function parseApiArgs(contentType: string | undefined, rawBody: string, query: URLSearchParams) {
  const args: Record<string, unknown> = Object.fromEntries(query);
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (rawBody.length > 0) {
    if (type === 'application/json') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(rawBody);
      } catch {
        throw new ApiArgsError('invalid_json');
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new ApiArgsError('invalid_json');
      }
      Object.assign(args, parsed);
    } else if (type === 'application/x-www-form-urlencoded' || type === '') {
      Object.assign(args, Object.fromEntries(new URLSearchParams(rawBody)));
    } else {
      // Multipart (file uploads) is the only other encoding WebClient uses; the bot never uploads.
      throw new ApiArgsError('invalid_form_data');
    }
  }
  for (const key of JSON_ARGS) {
    const value = args[key];
    if (typeof value !== 'string') continue;
    try {
      args[key] = JSON.parse(value);
    } catch {
      // Leave it as sent: a test asserting on a malformed arg should see exactly what arrived.
    }
  }
  return args;
}

/** Bearer header first (what WebClient uses); a `token` arg is the legacy fallback. */
export function tokenFrom(authorization: string | undefined, args: Record<string, unknown>) {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (match?.[1]) return match[1];
  return typeof args.token === 'string' && args.token !== '' ? args.token : undefined;
}
