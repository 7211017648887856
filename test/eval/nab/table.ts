/** Text tables of a NAB evaluation: the headline beside the published scores, per category, per file. */
import { PUBLISHED_SCORES, TARGET_SCORE } from './published.js';
import type { NabEvalResult, NabTotals } from './run-nab.js';
import { MAX_LEVEL_FACTOR } from './detector-adapter.js';
import { FALSE_DISCOVERY_RATE } from '../../../src/detect/thresholds.js';

const fixed = (x: number, digits = 1): string => (Number.isFinite(x) ? x.toFixed(digits) : '—');
const hours = (seconds: number): string => `${+(seconds / 3600).toFixed(2)} h`;

function columns(rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number>): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (rightAligned.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd()).join('\n');
}

/** The headline: our normalised score ranked among the published detectors, and the target. */
export function renderNabHeadline(result: NabEvalResult): string {
  const ours = { detector: 'incident-timeline (this run)', score: result.score };
  const ranked = [...PUBLISHED_SCORES, ours].sort((a, b) => b.score - a.score);
  const met = result.score > TARGET_SCORE;
  const { lookbackSeconds, windowSeconds, strideRows, seasonal } = result.settings;
  return [
    `NAB standard profile, ${result.files} files, ${result.windows} windows (${result.dataDir})`,
    columns([['detector', 'score'], ...ranked.map((r) => [r.detector, fixed(r.score)])], new Set([1])),
    `target: above ${TARGET_SCORE} — ${met ? 'ok' : 'MISSED'}`,
    `windows found ${result.truePositives}/${result.windows}, false positives ${result.falsePositives}; raw ${fixed(result.raw, 2)} (null ${fixed(result.nullRaw, 2)}, perfect ${fixed(result.perfect, 2)})`,
    `adapter: lookback ${hours(lookbackSeconds)}, window ${hours(windowSeconds)}, a call every ${strideRows} row(s)${seasonal ? ', with day- and week-before references' : ''}${levelText(result.settings)}; ${fixed(result.seconds, 1)} s`,
    `flagged on the tool's onsets instead of its alarms (not causal, diagnosis only): ${fixed(result.scoreAtOnsets)}`,
  ].join('\n');
}

/** One row per category; normalised over that category alone (— where it has no window). */
export function renderNabCategories(result: NabEvalResult): string {
  const row = (name: string, t: NabTotals) => [name, String(t.files), `${t.truePositives}/${t.windows}`, String(t.falsePositives), fixed(t.raw, 2), fixed(t.score)];
  return columns(
    [['category', 'files', 'found', 'FP', 'raw', 'score'], ...result.perCategory.map((c) => row(c.category, c)), row('all', result)],
    new Set([1, 2, 3, 4, 5]),
  );
}

/** One row per file, with each window's fate (row of the first detection, or "missed") and the FP rows. */
export function renderNabFiles(result: NabEvalResult): string {
  const rows = result.perFile.map((f) => {
    const windows = f.windows.map((w) => `[${w.window.start}-${w.window.end}] ${w.detectedAt === null ? 'missed' : `@${w.detectedAt} ${fixed(w.score, 2)}`}`);
    const outside = f.detections.filter((d) => !f.windows.some((w) => d.alarmRow >= w.window.start && d.alarmRow <= w.window.end));
    const fp = outside.map((d) => `${d.alarmRow}(${d.kind} ${d.direction}, onset ${d.onsetRow})`);
    return [f.name, String(f.rows), `${f.truePositives}/${f.labelledWindows}`, String(f.falsePositives), fixed(f.raw, 2), [...windows, ...(fp.length > 0 ? [`FP ${fp.join(' ')}`] : [])].join('; ')];
  });
  return columns([['file', 'rows', 'found', 'FP', 'raw', 'windows (first detection row, reward) and false positives'], ...rows], new Set([1, 2, 3, 4]));
}

/** How each call's false discovery rate is set (see levelAt). */
function levelText({ q, spendingRows }: NabEvalResult['settings']): string {
  const rate = q ?? FALSE_DISCOVERY_RATE;
  return spendingRows === undefined ? `, false discovery rate ${rate} per call` : `, false discovery rate ${rate} · ${spendingRows} / rows seen (at most ${MAX_LEVEL_FACTOR}·${rate})`;
}
