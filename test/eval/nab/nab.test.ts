import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, detectNab } from './detector-adapter.js';
import { loadNabCorpus, nabDataAvailable } from './load.js';
import { runNabEval, type NabEvalResult } from './run-nab.js';
import { probationLength } from './score.js';

// What must hold of the NAB evaluation whatever the detector scores; the score itself is a
// measurement (`npm run eval`), not asserted. A call every 12 rows keeps this test to about a second
// (every row takes several): the invariants below do not depend on the stride, which only decides
// how often the tool runs. The corpus is shared data beside the project: without it, nothing to check.
describe.skipIf(!nabDataAvailable())('NAB evaluation', () => {
  let result: NabEvalResult;
  const run = async (): Promise<NabEvalResult> => (result ??= await runNabEval({ settings: { ...DEFAULT_SETTINGS, strideRows: 12 } }));

  it('scores every file of the corpus, and a finite score between the null and perfect bounds', async () => {
    const r = await run();
    expect(r.files).toBe(34);
    expect(r.perFile).toHaveLength(34);
    expect(r.windows).toBe(67);
    expect(r.nullRaw).toBe(-67); // every window missed, −A_FN each
    expect(r.perfect).toBe(67);
    expect(Number.isFinite(r.score)).toBe(true);
    expect(r.raw).toBeGreaterThanOrEqual(r.nullRaw - 0.11 * r.falsePositives); // worst case: nothing found, every FP at full cost
    expect(r.raw).toBeLessThanOrEqual(r.perfect);
    expect(r.score).toBeLessThanOrEqual(100);
    for (const f of r.perFile) expect(Number.isFinite(f.raw)).toBe(true);
  });

  it('flags nothing in the probation period or past the data, and each onset no later than its flag', async () => {
    const r = await run();
    for (const f of r.perFile) {
      const probation = probationLength(f.rows);
      for (const d of f.detections) {
        expect(d.alarmRow).toBeGreaterThanOrEqual(probation);
        expect(d.alarmRow).toBeLessThan(f.rows);
        expect(d.onsetRow).toBeLessThanOrEqual(d.alarmRow);
      }
      const rows = f.detections.map((d) => d.alarmRow);
      expect(new Set(rows).size).toBe(rows.length); // one flag per row, in time order
      expect([...rows].sort((a, b) => a - b)).toEqual(rows);
    }
  });

  it('decides each flag from rows up to it only: blanking every row after a flag changes no flag up to it', async () => {
    const r = await run();
    // The smallest file with two flags, run with a call on every row (the default), so both runs make
    // the same calls up to the cut and only the missing future could change a flag.
    const file = [...r.perFile].sort((a, b) => a.rows - b.rows).find((f) => f.detections.length >= 2)!;
    const { values, times } = loadNabCorpus().find((f) => f.name === file.name)!;
    const full = detectNab(values, file.stepSeconds, DEFAULT_SETTINGS, times).map((d) => d.alarmRow);
    for (const flag of full) {
      // Same length (so the same probation period), every row after the flag missing.
      const blanked = new Float64Array(values.length).fill(Number.NaN);
      blanked.set(values.subarray(0, flag + 1));
      const upToFlag = detectNab(blanked, file.stepSeconds, DEFAULT_SETTINGS, times).map((d) => d.alarmRow).filter((row) => row <= flag);
      expect(upToFlag).toEqual(full.filter((row) => row <= flag));
    }
  });
});
