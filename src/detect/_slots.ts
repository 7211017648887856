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
