/** A series' identity exactly as the server returned it (with `__name__` for a raw metric). */
export type Labels = Readonly<Record<string, string>>;

/**
 * One time series in columnar form. Values are `NaN` where the source had no sample
 * (a gap, a scrape failure, a series that had not appeared yet or had vanished).
 * Series collected for one run share one grid, so `timestamps` is usually the same
 * array object for all of them: index i means the same instant in every series.
 */
export interface Series {
  readonly labels: Labels;
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
}
