/**
 * Streams a scenario's series as OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`:
 * one `# TYPE` line per family, the family's series one after another, each series' samples in time
 * order with timestamps in seconds, `# EOF` at the end. Text goes out in chunks of about a megabyte
 * with backpressure, never as one string: the file is a few hundred megabytes.
 */
import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import type { Labels } from '../../src/model/series.js';
import type { TimeGrid } from './_grid.js';
import type { Family, StoredSeries } from './_store.js';

/** Text buffered before a write: large enough to keep syscalls few, small enough to stay cheap. */
const CHUNK_CHARACTERS = 1 << 20;

export interface WriteStats {
  readonly families: number;
  readonly series: number;
  readonly samples: number;
  readonly bytes: number;
}

/** A label value escaped as the exposition formats require (backslash, double quote, newline). */
function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** `name{a="1",b="2"} `, the prefix of every sample line of one series; labels sorted as Prometheus keeps them. */
export function seriesPrefix(name: string, labels: Labels): string {
  const sorted = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const pairs = sorted.map(([label, value]) => `${label}="${escapeLabelValue(value)}"`);
  return pairs.length === 0 ? `${name} ` : `${name}{${pairs.join(',')}} `;
}

/** Shortest fixed-point text with at most `decimals` places: `12.5`, not `12.500`. */
export function formatValue(value: number, decimals: number): string {
  if (decimals === 0 || Number.isInteger(value)) return Math.round(value).toString();
  const text = value.toFixed(decimals);
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48 /* 0 */) end--;
  if (text.charCodeAt(end - 1) === 46 /* . */) end--;
  return text.slice(0, end);
}

class ChunkedWriter {
  private buffer = '';
  private written = 0;
  private readonly stream: WriteStream;

  constructor(stream: WriteStream) {
    this.stream = stream;
  }

  async append(text: string): Promise<void> {
    this.buffer += text;
    if (this.buffer.length >= CHUNK_CHARACTERS) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer;
    this.buffer = '';
    this.written += Buffer.byteLength(chunk);
    if (!this.stream.write(chunk)) {
      await new Promise<void>((resolve, reject) => {
        const onError = (error: Error): void => reject(error);
        this.stream.once('error', onError);
        this.stream.once('drain', () => {
          this.stream.off('error', onError);
          resolve();
        });
      });
    }
  }

  get bytes(): number {
    return this.written;
  }
}

async function writeSeries(out: ChunkedWriter, grid: TimeGrid, series: StoredSeries): Promise<number> {
  const prefix = seriesPrefix(series.name, series.labels);
  const suffixes = grid.timestampSuffixes;
  let samples = 0;
  let lines = '';
  for (let k = 0; k < series.values.length; k++) {
    const value = series.values[k] ?? Number.NaN;
    if (Number.isNaN(value)) continue;
    lines += prefix + formatValue(value, series.decimals) + (suffixes[k] ?? '');
    samples++;
    if (lines.length >= CHUNK_CHARACTERS) {
      await out.append(lines);
      lines = '';
    }
  }
  await out.append(lines);
  return samples;
}

/** Writes the families to `path` and resolves once the file is complete on disk. */
export async function writeOpenMetrics(path: string, grid: TimeGrid, families: readonly Family[]): Promise<WriteStats> {
  const stream = createWriteStream(path, { encoding: 'utf8' });
  const finished = new Promise<void>((resolve, reject) => {
    stream.once('finish', resolve);
    stream.once('error', reject);
  });
  const out = new ChunkedWriter(stream);
  let series = 0;
  let samples = 0;
  for (const family of families) {
    await out.append(`# TYPE ${family.name} ${family.type}\n`);
    for (const one of family.series) {
      const written = await writeSeries(out, grid, one);
      if (written > 0) series++;
      samples += written;
    }
  }
  await out.append('# EOF\n');
  await out.flush();
  stream.end();
  await finished;
  return { families: families.length, series, samples, bytes: out.bytes };
}
