import type { AccessLogFile } from './access-log.js';

/** A share of users with its interval, and how it was obtained. */
export interface AffectedUsers {
  readonly percent: number;
  readonly low: number;
  readonly high: number;
  readonly method: string;
  /**
   * What was counted: distinct `users`, or `requests` when the logs carry no user ids (the share is
   * then of requests, and `method` says so).
   */
  readonly basis?: 'users' | 'requests';
  /** Affected and active counts behind the percent (users, or requests for the `requests` basis). */
  readonly affected?: number;
  readonly total?: number;
  /**
   * True when every user was seen (the logs are a census): low and high are the percent itself,
   * because nothing was sampled. False when `--sample-rate` says the logs hold a sample: low and high
   * are then a Wilson score 95 % interval.
   */
  readonly census?: boolean;
}

/** Requests during the window, from metrics or logs. */
export interface RequestImpact {
  readonly total: number;
  readonly failed: number;
  readonly slow: number;
  /** Latency above which a request counts as slow, in seconds. */
  readonly slowThresholdSeconds: number;
  readonly method: string;
  /** Failed / total: the share of requests an availability SLO counts as bad. */
  readonly badRatio?: number;
}

/**
 * Requests the service did not receive: what the reference (the same hours a day or a week earlier,
 * else the lookback's median rate) says should have arrived, minus what did. People who could not
 * reach the service at all leave no failed request behind; this is where they show.
 */
export interface TrafficDeficit {
  readonly expected: number;
  readonly seen: number;
  /** expected − seen; negative when more requests came than expected (retries, a surge). */
  readonly deficit: number;
  /** deficit / expected × 100. */
  readonly percent: number;
  readonly reference: 'day_before' | 'week_before' | 'lookback_median';
  readonly method: string;
  /**
   * The same comparison over the hours just before the window (as long as the window, at most the
   * lookback), in percent: how far the reference usually misses, so a deficit within it is not news.
   * Null when those hours are not covered.
   */
  readonly usualPercent?: number | null;
}

/** How much of an SLO's error budget the window consumed (`--slo`). */
export interface SloBudget {
  /** The objective in percent, e.g. 99.9. */
  readonly objectivePercent: number;
  /** The SLO period the budget belongs to (`--slo-period`, default 30 days). */
  readonly periodSeconds: number;
  /** Requests expected over the whole period, from the lookback's mean rate. */
  readonly periodRequests: number;
  /** Bad requests the period allows: (1 − objective) × periodRequests. */
  readonly budgetRequests: number;
  /** Bad (failed) requests in the window. */
  readonly badRequests: number;
  /** badRequests / budgetRequests × 100: above 100 the window alone broke the SLO. */
  readonly burnedPercent: number;
  readonly method: string;
}

export interface Impact {
  readonly affectedUsers: AffectedUsers | null;
  readonly requests: RequestImpact | null;
  readonly segments: readonly { readonly segment: string; readonly affectedUsers: AffectedUsers }[];
  /** Requests counted from the access logs, beside `requests` (from metrics when both exist). */
  readonly requestsFromLogs?: RequestImpact | null;
  readonly traffic?: TrafficDeficit | null;
  readonly slo?: SloBudget | null;
  /** How each access log was read (lines, unreadable lines with an example), for the report. */
  readonly accessLogs?: readonly AccessLogFile[];
}
