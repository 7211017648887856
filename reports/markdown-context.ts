import type { RankedAnomaly, Reconstruction, TimelineEvent } from '../src/model/index.js';
import { resolveZone } from './format-time.js';
import { compareRank } from './json.js';
import { compareEvents } from '../src/ordering/ordering.js';

/** Options of the Markdown renderer; every one has a default that suits a wiki page. */
export interface MarkdownOptions {
  /**
   * Lines the timeline may hold before less important lines (symptoms beyond the top ranks, log
   * lines) are folded into "… N more" lines. Phase-setting events, alerts, changes and restarts are
   * always shown.
   * @default 60
   */
  readonly maxTimelineLines?: number;
  /**
   * Rows of the "Other anomalies" table; the rest are counted below it.
   * @default 10
   */
  readonly maxOtherAnomalies?: number;
  /**
   * Rows of the alerts table; the rest are counted below it.
   * @default 20
   */
  readonly maxAlerts?: number;
}

/** What every Markdown section reads: the reconstruction put in report order, and the zone to print in. */
export interface MarkdownContext {
  readonly reconstruction: Reconstruction;
  /** The IANA zone times are printed in (UTC when the requested one is unknown). */
  readonly zone: string;
  /** The requested zone when it was unknown, so the report can say why it shows UTC. */
  readonly unknownZone: string | null;
  /** Anomalies in rank order. */
  readonly anomalies: readonly RankedAnomaly[];
  /** Events in time order (causes first at the same instant). */
  readonly events: readonly TimelineEvent[];
  readonly options: Required<MarkdownOptions>;
}

const DEFAULT_OPTIONS: Required<MarkdownOptions> = { maxTimelineLines: 60, maxOtherAnomalies: 10, maxAlerts: 20 };

/**
 * Puts a reconstruction in the order the Markdown report prints it (anomalies by rank, events by
 * time) and resolves the zone once, so every section agrees and none depends on the input's order.
 *
 * @example markdownContext(reconstruction).zone // 'Africa/Nairobi'
 */
export function markdownContext(reconstruction: Reconstruction, options: MarkdownOptions = {}): MarkdownContext {
  const { zone, unknown } = resolveZone(reconstruction.window.timezone);
  return {
    reconstruction,
    zone,
    unknownZone: unknown,
    anomalies: [...reconstruction.anomalies].sort(compareRank),
    events: [...reconstruction.events].sort(compareEvents),
    options: { ...DEFAULT_OPTIONS, ...definedOnly(options) },
  };
}

/** With `exactOptionalPropertyTypes` an option can still arrive as `undefined` from JavaScript callers. */
function definedOnly(options: MarkdownOptions): MarkdownOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as MarkdownOptions;
}
