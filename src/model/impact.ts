/** A share of users with its interval, and how it was obtained. */
export interface AffectedUsers {
  readonly percent: number;
  readonly low: number;
  readonly high: number;
  readonly method: string;
}

/** Requests during the window, from metrics or logs. */
export interface RequestImpact {
  readonly total: number;
  readonly failed: number;
  readonly slow: number;
  /** Latency above which a request counts as slow, in seconds. */
  readonly slowThresholdSeconds: number;
  readonly method: string;
}

export interface Impact {
  readonly affectedUsers: AffectedUsers | null;
  readonly requests: RequestImpact | null;
  readonly segments: readonly { readonly segment: string; readonly affectedUsers: AffectedUsers }[];
}
