/** How to authenticate to the server. Prometheus itself knows only basic auth; bearer tokens are for proxies and managed services. */
export type PrometheusAuth =
  | { readonly kind: 'bearer'; readonly token: string }
  | { readonly kind: 'basic'; readonly username: string; readonly password: string };

/**
 * The `Authorization` header value for `auth`. The result is a secret: it must go into the request
 * and nowhere else.
 *
 * @example
 * authorizationHeader({ kind: 'basic', username: 'bob', password: 'pw' }) // 'Basic Ym9iOnB3'
 */
export function authorizationHeader(auth: PrometheusAuth): string {
  if (auth.kind === 'bearer') return `Bearer ${auth.token}`;
  return `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
}
