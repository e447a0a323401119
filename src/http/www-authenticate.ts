/** RFC 7230 §3.2.6 quoted-string: escape backslash and double quote, drop control characters. */
function quote(value: string): string {
  // eslint-disable-next-line no-control-regex
  return `"${value.replace(/[\u0000-\u001f\u007f]/g, '').replace(/[\\"]/g, '\\$&')}"`;
}

/**
 * The one builder of RFC 6750 §3 Bearer challenges, e.g.
 * `Bearer realm="gatehouse", error="invalid_token", error_description="token expired"`.
 */
export function bearerChallenge(params: {
  error?: string;
  description?: string;
  scope?: string;
}): string {
  const parts = [`realm=${quote('gatehouse')}`];
  if (params.error) parts.push(`error=${quote(params.error)}`);
  if (params.description) parts.push(`error_description=${quote(params.description)}`);
  if (params.scope) parts.push(`scope=${quote(params.scope)}`);
  return `Bearer ${parts.join(', ')}`;
}
