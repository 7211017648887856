/** What a masked secret is replaced with: the same mark `maskSecrets` in src/logs uses. */
export const MASK = '***';

/**
 * Each kind of secret a log line or a label value may carry, as a pattern and its replacement. The
 * patterns are hand-written (no npm library masks free text without a secrets scanner's weight, and
 * scanners report rather than rewrite); each keeps what a reader needs to follow the line (the key,
 * the user name, the scheme, the mail domain) and masks only the secret part.
 */
const RULES: readonly { readonly kind: string; readonly pattern: RegExp; readonly replace: string }[] = [
  // `https://user:pass@host`, `postgres://app:hunter2@db1/shop`: the password, not the user.
  { kind: 'url password', pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@"'<>]+:)[^\s@/"'<>]+@/gi, replace: `$1${MASK}@` },
  // `Authorization: Bearer eyJ…`, `authorization=Basic dXNlcjpw…`, `Proxy-Authorization: …`.
  {
    kind: 'authorization header',
    pattern: /\b((?:proxy-)?authori[sz]ation["']?\s*[:=]\s*["']?(?:(?:bearer|basic|token|digest|negotiate|apikey)\s+)?)[^\s"',;&]+/gi,
    replace: `$1${MASK}`,
  },
  // A bearer token on its own (`curl -H "Bearer …"`, `using Bearer abc.def`).
  { kind: 'bearer token', pattern: /\b(bearer\s+)[A-Za-z0-9\-._~+/]{8,}=*/gi, replace: `$1${MASK}` },
  // `password=…`, `"api_key": "…"`, `?access_token=…&`, `client_secret: …`. The key must end at the
  // secret word (`token=`), so `tokens_used=5` and `password_resets_total` stay.
  {
    kind: 'secret field',
    pattern:
      /\b((?:[a-z0-9]+[_-])*(?:pass(?:word|wd)?|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|session[_-]?id|cookie|credentials?)["']?\s*[:=]\s*["']?)(?!\*\*\*)[^\s"'&,;)}\]]+/gi,
    replace: `$1${MASK}`,
  },
  // Keys whose shape names them wherever they appear, keyed or not.
  { kind: 'JSON web token', pattern: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g, replace: MASK },
  { kind: 'AWS access key', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, replace: MASK },
  { kind: 'GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})\b/g, replace: MASK },
  { kind: 'Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, replace: MASK },
  { kind: 'Stripe key', pattern: /\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}\b/g, replace: MASK },
  { kind: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g, replace: MASK },
  // An e-mail address: the mailbox is personal, the domain is kept (which customer, which provider).
  // The domain needs a dot and a letters-only top level, so PostgreSQL's `user@database` log prefix
  // (`app@shop`) and `job@instance` style names are not taken for addresses.
  { kind: 'e-mail address', pattern: /\b[A-Za-z0-9._%+-]+@((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})\b/g, replace: `${MASK}@$1` },
];

/** The kinds of secret `redactText` masks, for documentation and tests. */
export const REDACTED_KINDS: readonly string[] = RULES.map((rule) => rule.kind);

/**
 * Text with every secret-looking part masked: passwords in URLs, `Authorization` headers, bearer
 * tokens, `password=` / `token=` / `api_key=` style fields, well-known API key formats (JWT, AWS,
 * GitHub, Slack, Stripe, Google) and e-mail mailboxes. Ordinary values — versions (`v2.4.1`), query
 * ids, durations, `user@db` prefixes, hostnames with ports — are left as they are.
 *
 * @example redactText('GET /login?user=ann&password=hunter2') // 'GET /login?user=ann&password=***'
 * @example redactText('connection authorized: user=app database=shop') // unchanged
 */
export function redactText(text: string): string {
  let out = text;
  for (const rule of RULES) {
    rule.pattern.lastIndex = 0;
    out = out.replace(rule.pattern, rule.replace);
  }
  return out;
}
