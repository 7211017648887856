import type { FileLine } from './change.js';
import type { Labels } from './series.js';
import type { UnixSeconds } from './time.js';

/**
 * One alert as Alertmanager's v2 API (`GET /api/v2/alerts`) showed it when the evidence was collected.
 * Alertmanager keeps no history: resolved alerts vanish from this list, so this is the state at
 * `fetchedAt`, not a record of the window.
 */
export interface AlertmanagerAlert {
  readonly fingerprint: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly startsAt: UnixSeconds;
  /** When it resolves unless renewed (in the future while the alert fires). */
  readonly endsAt: UnixSeconds | null;
  readonly state: 'active' | 'suppressed' | 'unprocessed';
  readonly silencedBy: readonly string[];
  readonly inhibitedBy: readonly string[];
  readonly generatorURL: string | null;
}

/** A matcher of a silence: `name=value`, `name!=value`, `name=~regex`, `name!~regex`. */
export interface SilenceMatcher {
  readonly name: string;
  readonly value: string;
  readonly isRegex: boolean;
  /** False for `!=` and `!~`; absent from Alertmanager before 0.22, which read as true. */
  readonly isEqual: boolean;
}

/** A silence from `GET /api/v2/silences`: someone muting alerts, often the first acknowledgement. */
export interface AlertmanagerSilence {
  readonly id: string;
  readonly matchers: readonly SilenceMatcher[];
  readonly createdBy: string;
  readonly comment: string;
  readonly startsAt: UnixSeconds;
  readonly endsAt: UnixSeconds;
  readonly state: 'active' | 'pending' | 'expired';
}

/** What `--alertmanager` gave: current alerts and the silences touching the window. */
export interface AlertmanagerEvidence {
  /** Base URL with any user info and query string removed. */
  readonly url: string;
  /** When the state was read (unix seconds): alerts still active then are unresolved. */
  readonly fetchedAt: UnixSeconds;
  readonly alerts: readonly AlertmanagerAlert[];
  readonly silences: readonly AlertmanagerSilence[];
}

/**
 * One alert of one Alertmanager webhook notification (payload version 4) saved by a receiver
 * (`--alert-log FILE`), with the file and line it came from. A notification is repeated while the
 * alert fires; the receiver's log is the history Prometheus may no longer hold.
 */
export interface NotifiedAlert extends FileLine {
  readonly receiver: string;
  readonly status: 'firing' | 'resolved';
  readonly fingerprint: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly startsAt: UnixSeconds;
  /** The real end for a resolved alert; null for a firing one (Alertmanager sends year 1). */
  readonly endsAt: UnixSeconds | null;
  readonly generatorURL: string | null;
}
