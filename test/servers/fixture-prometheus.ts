import { rmSync } from 'node:fs';
import { createBackfilledDataDir } from './backfill.js';
import { exporterFamilies } from './exporter-fixture.js';
import { startPrometheus, type RunningPrometheus, type StartPrometheusOptions } from './prometheus-server.js';

export interface FixturePrometheus {
  readonly prometheus: RunningPrometheus;
  /** Temporary directory holding the OpenMetrics file and the TSDB. */
  readonly dir: string;
  /** Stops the server and removes the directory. */
  cleanup(): Promise<void>;
}

/**
 * Backfills the exporter fixture (see exporter-fixture.ts) and starts a Prometheus on it: the usual
 * `beforeAll` of a real-server test file.
 *
 * @example
 * let fixture: FixturePrometheus;
 * beforeAll(async () => { fixture = await startFixturePrometheus(); });
 * afterAll(() => fixture.cleanup());
 */
export async function startFixturePrometheus(options: Omit<StartPrometheusOptions, 'dataDir'> = {}): Promise<FixturePrometheus> {
  const { dir, dataDir } = await createBackfilledDataDir(exporterFamilies());
  let prometheus: RunningPrometheus;
  try {
    prometheus = await startPrometheus({ ...options, dataDir });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    prometheus,
    dir,
    cleanup: async () => {
      await prometheus.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
