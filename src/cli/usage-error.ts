import type { PrometheusErrorKind } from '../../collectors/prometheus/prometheus-error.js';

/**
 * A mistake in what the user typed or pointed us at. The CLI prints its message as one line and
 * exits with EXIT_USAGE; it never shows a stack trace.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A source the run cannot do without (the Prometheus server itself) failed. */
export class SourceError extends Error {
  override readonly name = 'SourceError';

  /** What went wrong, when the client could name it, so the CLI can say what to check. */
  readonly kind: PrometheusErrorKind | null;

  constructor(message: string, kind: PrometheusErrorKind | null = null) {
    super(message);
    this.kind = kind;
  }
}

export const EXIT_OK = 0;
/** A required source failed: no report. */
export const EXIT_SOURCE_FAILED = 1;
/** Unusable input: no report. */
export const EXIT_USAGE = 2;
/** The report was written but some evidence is missing (listed under `dataGaps`). */
export const EXIT_PARTIAL = 3;
