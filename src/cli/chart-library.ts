import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { ChartLibrary } from '../../reports/html.js';

/**
 * uPlot's browser build and stylesheet, read from the installed package for `--format html` to
 * inline. uPlot (MIT, ~50 KB minified, maintained) was chosen over Chart.js and ECharts because it is
 * a tenth of their size inlined and draws thousands of time-series points on a canvas instantly;
 * time axes in any IANA zone come built in (`uPlot.tzDate`).
 */
export async function readChartLibrary(): Promise<ChartLibrary> {
  const require = createRequire(import.meta.url);
  const [script, style] = await Promise.all([
    readFile(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
    readFile(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
  ]);
  return { script, style };
}
