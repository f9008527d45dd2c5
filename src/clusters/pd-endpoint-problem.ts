/**
 * What is wrong with a PD endpoint URL, or undefined. The text never repeats the value: the
 * environment reader must not print values, and the clusters file quotes it itself.
 */
export function pdEndpointProblem(value: string): string | undefined {
  if (!/^https?:\/\/[^\s/]+/i.test(value) || !URL.canParse(value)) {
    return 'must be an http:// or https:// URL';
  }
  const url = new URL(value);
  // Credentials in the URL would end up in every log line and message that names the endpoint.
  if (url.username !== '' || url.password !== '') {
    return 'must not contain a user name or password (use TLS client certificates)';
  }
  if (url.search !== '' || url.hash !== '') return 'must not have a query or fragment';
  return undefined;
}
