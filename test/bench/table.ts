/** The benchmark's result table: one row per figure, with its target and whether it was met. */

export interface Row {
  readonly name: string;
  readonly value: string;
  /** e.g. `< 2×`; absent for figures that are only reported. */
  readonly target?: string;
  /** true met, false MISSED, undefined no target (or no figure to judge). */
  readonly met?: boolean | undefined;
}

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

export const formatCount = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
export const formatMillions = (n: number): string => (Number.isFinite(n) ? `${(n / 1e6).toFixed(2)} M` : 'n/a');
export const formatSeconds = (s: number): string => (Number.isFinite(s) ? `${s.toFixed(2)} s` : 'n/a');
export const formatBytes = (b: number): string =>
  !Number.isFinite(b) ? 'n/a' : b >= GIB ? `${(b / GIB).toFixed(2)} GiB` : `${(b / MIB).toFixed(0)} MiB`;

/** Renders the rows as aligned columns; a missed target reads `MISSED` so it cannot be overlooked. */
export function renderTable(rows: readonly Row[]): string {
  const header: Row = { name: 'measure', value: 'value', target: 'target' };
  const width = (pick: (row: Row) => string) => Math.max(...[header, ...rows].map((row) => pick(row).length));
  const nameWidth = width((row) => row.name);
  const valueWidth = width((row) => row.value);
  const targetWidth = width((row) => row.target ?? '');
  const line = (row: Row, verdict: string) =>
    `${row.name.padEnd(nameWidth)}  ${row.value.padStart(valueWidth)}  ${(row.target ?? '').padEnd(targetWidth)}  ${verdict}`.trimEnd();
  const verdict = (row: Row) => (row.met === undefined ? '' : row.met ? 'ok' : 'MISSED');
  const rule = '-'.repeat(nameWidth + valueWidth + targetWidth + 12);
  return [line(header, 'result'), rule, ...rows.map((row) => line(row, verdict(row)))].join('\n');
}
