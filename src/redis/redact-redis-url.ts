/** The URL with any password replaced, for logs and error messages: the password is a secret. */
export function redactRedisUrl(url: string): string {
  if (!URL.canParse(url)) return '(unparseable REDIS_URL)';
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = '***';
  return parsed.toString();
}
