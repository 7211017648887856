/** Scratch buffer numbers (see `Scratch`), one per concurrent use inside a single `detectSeries` call. */
export const SLOT_SORT = 0;
export const SLOT_DEVIATIONS_OF_SORT = 1;
export const SLOT_DEVIATION = 2;
export const SLOT_SEGMENT = 3;
export const SLOT_SMOOTH = 4;
export const SLOT_Z = 6;
/** The onset fit's interleaved prefix sums. */
export const SLOT_FIT = 5;
/** The reversed stretch around a departure's exit, for placing its end. */
export const SLOT_REVERSED = 7;
/** The series on its reading's scale (log, arcsine, or cleaned of negative artefacts). */
export const SLOT_READING = 8;
/** Residuals against the trend, yesterday and last week. */
export const SLOT_RESIDUAL_TREND = 9;
export const SLOT_RESIDUAL_DAY = 10;
export const SLOT_RESIDUAL_WEEK = 11;
/** A second reference's deviations while the envelope is built; the calm blocks' deviations. */
export const SLOT_DEVIATION_OTHER = 12;
/** Small per-fit arrays: bucket times and medians of the trend fit, per-block edges of the calm sample. */
export const SLOT_SMALL_A = 13;
export const SLOT_SMALL_B = 14;
export const SLOT_PAIRS = 15;
/** |Δx| and its running median, for the variance detector. */
export const SLOT_STEPS = 16;
export const SLOT_STEPS_SMOOTH = 17;
/** The 5-min means of the deviations, for sustained shifts. */
export const SLOT_SHIFT = 18;
/** The evidence ladder's prefix sums. */
export const SLOT_LADDER = 19;
/** A seasonal reference on the reading's scale, before smoothing. */
export const SLOT_REFERENCE = 20;
