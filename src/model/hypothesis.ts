import type { AnomalyKind, Baseline } from './anomaly.js';
import type { Labels } from './series.js';
import type { SignalCategory, SignalUnit } from './signal.js';
import type { UnixSeconds } from './time.js';

/**
 * The part a link plays in a causal chain, in the order the chain is read:
 * - `trigger`: a change seen shortly before the cause (deploy, config reload, restart);
 * - `cause`: the anomaly the chain blames (for the first hypothesis, the rank-1 anomaly);
 * - `effect`: a cause-type anomaly that followed it on the same host or service (busy sessions,
 *   connections, CPU): the pile-up, not the origin;
 * - `symptom`: what users felt (errors, latency, traffic);
 * - `alert`: the first alert that fired on the chain: how people learnt of it.
 */
export type ChainRole = 'trigger' | 'cause' | 'effect' | 'symptom' | 'alert';

/** One link of a causal chain, with the evidence a reader needs to check it. */
export interface ChainLink {
  readonly role: ChainRole;
  /** Where the link comes from: a ranked anomaly, a timeline event (change, restart) or an alert. */
  readonly source: 'anomaly' | 'event' | 'alert';
  /** Catalogue signal of an anomaly, the event kind (`change`, `restart`), or the alert name. */
  readonly signal: string;
  /** What moved, where, in words: `PostgreSQL deadlocks on db1:9187 (auth)`. */
  readonly title: string;
  readonly labels: Labels;
  /** PromQL behind the link (the anomaly's query, the restart's query, the alert's expression); null when none. */
  readonly query: string | null;
  /** When the link began: the anomaly's onset, the event's time, the alert's firing time. */
  readonly onset: UnixSeconds;
  /** Rank of the anomaly; null for events and alerts. */
  readonly rank: number | null;
  readonly category: SignalCategory | null;
  readonly unit: SignalUnit | null;
  readonly kind: AnomalyKind | null;
  readonly direction: 'up' | 'down' | null;
  /** The anomaly's peak; null for events and alerts. */
  readonly peak: { readonly time: UnixSeconds; readonly value: number } | null;
  /** The baseline the anomaly was judged against; null for events and alerts. */
  readonly baseline: Baseline | null;
  readonly score: number | null;
}

/** A ranked root-cause hypothesis: a short causal chain, trigger to alert. */
export interface Hypothesis {
  /** 1 = most likely; the first hypothesis blames the rank-1 anomaly. */
  readonly rank: number;
  /** The chain in a line: `Config change on db1 → PostgreSQL deadlocks on db1:9187 (auth) → HTTP 5xx error ratio on auth-service`. */
  readonly summary: string;
  /** Links in causal order: trigger, cause, effects, symptoms, alert. */
  readonly chain: readonly ChainLink[];
  /** Why this hypothesis ranks where it does, in short phrases. */
  readonly reasons: readonly string[];
}
