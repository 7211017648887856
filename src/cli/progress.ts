import cliProgress from 'cli-progress';

/** What long work reports, on standard error, so standard output stays the report. */
export interface Progress {
  /** A step of the run, e.g. "Querying 42 signals from … to … at 15 s". */
  step(text: string): void;
  /** Starts counting `total` units of work (queries). */
  start(total: number, unit: string): void;
  increment(): void;
  stop(): void;
  /** A warning the user should see even with a bar running. */
  warn(text: string): void;
  /**
   * A line shown on a terminal only while waiting, e.g. for the first answer of a server that may
   * hang; the returned function erases it. Nothing is written elsewhere, so a failure that follows
   * stays the only line in a log.
   */
  waiting(text: string): () => void;
}

const noWaiting = (): (() => void) => () => {};

/** Non-TTY output (CI logs, files) gets a line at every tenth of the work instead of a redrawn bar. */
const LOG_EVERY_FRACTION = 0.1;

/**
 * Progress on stderr: a bar (cli-progress) on a terminal, sparse lines elsewhere, nothing with
 * `quiet`. Never writes to stdout.
 */
export function createProgress(stream: NodeJS.WriteStream, quiet: boolean): Progress {
  if (quiet) return { step: () => {}, start: () => {}, increment: () => {}, stop: () => {}, warn: (text) => stream.write(`warning: ${text}\n`), waiting: noWaiting };
  const started = Date.now();
  if (stream.isTTY) {
    let bar: cliProgress.SingleBar | null = null;
    return {
      step: (text) => stream.write(`${text}\n`),
      start: (total, unit) => {
        bar = new cliProgress.SingleBar(
          { stream, format: `  [{bar}] {value}/{total} ${unit} | {duration_formatted}`, hideCursor: false, clearOnComplete: false },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0);
      },
      increment: () => bar?.increment(),
      stop: () => {
        bar?.stop();
        bar = null;
      },
      warn: (text) => {
        if (bar === null) stream.write(`warning: ${text}\n`);
        else {
          // Print above the bar, then redraw it.
          stream.write(`\r\x1b[2Kwarning: ${text}\n`);
          bar.render();
        }
      },
      waiting: (text) => {
        stream.write(`${text}…`);
        let shown = true;
        return () => {
          if (shown) stream.write('\r\x1b[2K');
          shown = false;
        };
      },
    };
  }
  let total = 0;
  let done = 0;
  let unitName = '';
  let nextLog = 0;
  return {
    step: (text) => stream.write(`${text}\n`),
    start: (count, unit) => {
      total = count;
      done = 0;
      unitName = unit;
      nextLog = Math.max(1, Math.ceil(total * LOG_EVERY_FRACTION));
    },
    increment: () => {
      done += 1;
      if (done >= nextLog || done === total) {
        stream.write(`  ${done}/${total} ${unitName} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
        nextLog = done + Math.max(1, Math.ceil(total * LOG_EVERY_FRACTION));
      }
    },
    stop: () => {},
    warn: (text) => stream.write(`warning: ${text}\n`),
    waiting: noWaiting,
  };
}
