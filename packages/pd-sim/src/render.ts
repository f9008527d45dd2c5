import { type GoJsonValue, goJsonCompact, goJsonIndent } from './go-json.js';

/** One HTTP answer, built by a route handler and written by the server (or replaced by a fault). */
export interface SimResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export const JSON_CONTENT_TYPE = 'application/json; charset=UTF-8';
export const OCTET_CONTENT_TYPE = 'application/octet-stream';
export const TEXT_CONTENT_TYPE = 'text/plain; charset=utf-8';

/**
 * unrolled/render JSON with IndentJSON (server/api/router.go): MarshalIndent plus "\n". A Go string
 * becomes `"text"\n`, nil becomes `null\n`.
 */
export function renderJson(status: number, value: GoJsonValue): SimResponse {
  return { status, headers: { 'content-type': JSON_CONTENT_TYPE }, body: `${goJsonIndent(value)}\n` };
}

/** rd.Data with easyjson output: region endpoints answer compact JSON as application/octet-stream. */
export function renderOctetJson(status: number, value: GoJsonValue): SimResponse {
  return { status, headers: { 'content-type': OCTET_CONTENT_TYPE }, body: goJsonCompact(value) };
}

/** http.Error: plain text, no quotes, trailing newline (mux 404s, redirect and limiter errors). */
export function renderPlainText(status: number, text: string): SimResponse {
  return {
    status,
    headers: { 'content-type': TEXT_CONTENT_TYPE, 'x-content-type-options': 'nosniff' },
    body: `${text}\n`,
  };
}

/** apiutil.ErrorResp with an errcode "input" error: the JSON object plus the TiDB-Error-Code header. */
export function renderInputErrcode(msg: string, data: GoJsonValue): SimResponse {
  return {
    status: 400,
    headers: { 'content-type': JSON_CONTENT_TYPE, 'tidb-error-code': 'input' },
    body: `${goJsonIndent({ code: 'input', msg, data })}\n`,
  };
}

export function renderEmpty(status: number): SimResponse {
  return { status, headers: {}, body: '' };
}

export const NOT_FOUND_TEXT = '404 page not found';

export function renderNotFound(): SimResponse {
  return renderPlainText(404, NOT_FOUND_TEXT);
}
