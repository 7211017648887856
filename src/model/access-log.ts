/**
 * What the request logs (`--access-log`) told about the window, reduced to the counts the impact
 * estimate needs. Evidence, not raw log lines: a bundle carries these counts, never user ids, paths
 * or query strings, so it is small, holds no personal data and replays to the same report.
 */

/** How one log file was read. */
export interface AccessLogFile {
  /** The path as it was found (a glob expands to one entry per file). */
  readonly path: string;
  /** The format detected from its lines; `unknown` when no line could be read. */
  readonly format: 'json' | 'combined' | 'common' | 'unknown';
  /** Non-blank lines read. */
  readonly lines: number;
  /** Readable lines whose time falls in the window. */
  readonly inWindow: number;
  /** Lines in the window without a user id (bots, anonymous pages). */
  readonly withoutUser: number;
  /** Lines that could not be read (no time, no status, broken JSON, a truncated line). */
  readonly unreadable: number;
  /** The first unreadable line: its number and why (never its text, which may hold tokens). */
  readonly firstUnreadable: { readonly line: number; readonly reason: string } | null;
  /** Set when the whole file could not be read (missing, permission, corrupt gzip). */
  readonly error: string | null;
  /** Earliest and latest time of its readable lines (unix seconds), null when none: how far the log reaches. */
  readonly earliest: number | null;
  readonly latest: number | null;
}

/** Distinct users in the window, and how many of them had a bad request. */
export interface UserCounts {
  /** Users with at least one request in the window. */
  readonly active: number;
  /** Users with at least one failed or slow request in the window. */
  readonly affected: number;
  readonly withFailed: number;
  readonly withSlow: number;
}

/** Requests in the window, as the logs count them. */
export interface LogRequestCounts {
  readonly total: number;
  readonly failed: number;
  readonly slow: number;
  /** Failed or slow (a request both failed and slow counts once). */
  readonly bad: number;
}

/** How the logs were read: the choices that decide what counts as a user, a failure, a slow request. */
export interface AccessLogSettings {
  /** The field naming the user, or null for the built-in list (user_id, user, uid, remote_user, …). */
  readonly userField: string | null;
  /** Statuses that count as failed, as typed (`500-599,429`). */
  readonly failedStatus: string;
  /** A request slower than this (strictly) is slow. */
  readonly slowThresholdSeconds: number;
  /**
   * Share of users whose requests the logs hold (1: every user, a census). Below 1 the shares are a
   * sample and get a Wilson interval.
   */
  readonly sampleRate: number;
  /** `field=value` segments asked for, in the order given. */
  readonly segments: readonly string[];
}

export interface AccessLogSegment {
  /** `customer_type=new` */
  readonly segment: string;
  readonly users: UserCounts;
  readonly requests: LogRequestCounts;
}

/** The request logs' contribution to the evidence. */
export interface AccessLogEvidence {
  readonly settings: AccessLogSettings;
  readonly files: readonly AccessLogFile[];
  /** Where user ids came from (`user_id`, `remote_user`), or null when no line carried one. */
  readonly userSource: string | null;
  /** Where latency came from and in what unit (`request_time (s)`), or null when no line carried one. */
  readonly latencySource: string | null;
  readonly requests: LogRequestCounts;
  readonly users: UserCounts;
  readonly segments: readonly AccessLogSegment[];
}
