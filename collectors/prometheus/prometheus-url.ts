import type { Result } from './result.js';

/** A base URL split into what may be shown and what must not. */
export interface PrometheusUrl {
  /** Scheme, host, port and path prefix; no user info, query string or fragment. */
  readonly displayUrl: string;
  /** `displayUrl` without a trailing slash, ready for `${apiBase}/api/v1/query`. */
  readonly apiBase: string;
  readonly isHttps: boolean;
  /** Credentials written into the URL (`https://user:pass@host`), percent-decoded. */
  readonly userInfo: { readonly username: string; readonly password: string } | null;
}

/** Replaces any `user:pass@` in text that could not be parsed as a URL, so it can be shown. */
function hideUserInfo(text: string): string {
  return text.replace(/\/\/[^/?#]*@/, '//***@');
}

/**
 * Parses the base URL of a Prometheus-compatible API. It may carry a path prefix (`/prometheus`) and
 * user info; the user info is returned separately and removed from everything meant to be shown.
 * Fails with a one-line message (credentials hidden) when the text is not an http(s) URL.
 *
 * @example
 * parsePrometheusUrl('https://bob:s3cret@mon.example.com/prometheus/?x=1')
 * // ok: displayUrl 'https://mon.example.com/prometheus/', apiBase 'https://mon.example.com/prometheus',
 * //     userInfo { username: 'bob', password: 's3cret' }
 */
export function parsePrometheusUrl(text: string): Result<PrometheusUrl, string> {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, error: `Invalid Prometheus URL "${hideUserInfo(text.trim())}": expected http(s)://host[:port][/path]` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, error: `Invalid Prometheus URL "${hideUserInfo(text.trim())}": expected http:// or https://` };
  }
  const userInfo =
    url.username === '' && url.password === ''
      ? null
      : { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  const displayUrl = url.toString();
  return {
    ok: true,
    value: { displayUrl, apiBase: displayUrl.replace(/\/+$/, ''), isHttps: url.protocol === 'https:', userInfo },
  };
}
