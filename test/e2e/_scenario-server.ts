import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeScenarioFiles, type ScenarioTruth } from '../scenarios/generate.js';
import { backfillScenario } from '../scenarios/_promtool.js';
import { ensurePrometheusInstalled, startPrometheus, type RunningPrometheus } from '../servers/index.js';

export interface ScenarioServer {
  readonly truth: ScenarioTruth;
  readonly prometheus: RunningPrometheus;
  readonly workDir: string;
  stop(): Promise<void>;
}

/**
 * A real Prometheus holding one outage scenario: generated as exporters would expose it, backfilled
 * with promtool in day-long blocks (see test/scenarios/_promtool.ts: about 6 s instead of 28 s), served
 * with the scenario's alerting rules loaded (for `/api/v1/rules`). The OpenMetrics file (hundreds of
 * MB) is deleted once the blocks are built; everything is removed on stop or on a failed start.
 */
export async function startScenarioServer(name: string): Promise<ScenarioServer> {
  ensurePrometheusInstalled();
  const workDir = await mkdtemp(join(tmpdir(), `incident-timeline-${name}-`));
  try {
    const { paths, truth } = await writeScenarioFiles(name, workDir);
    const dataDir = join(workDir, 'data');
    await backfillScenario(paths.openMetrics, dataDir);
    await rm(paths.openMetrics);
    const prometheus = await startPrometheus({ dataDir, ruleFiles: [paths.rules] });
    return {
      truth,
      prometheus,
      workDir,
      stop: async () => {
        await prometheus.stop();
        await rm(workDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(workDir, { recursive: true, force: true });
    throw error;
  }
}

/** A truth time (ISO UTC) as unix seconds. */
export function seconds(iso: string): number {
  return Date.parse(iso) / 1000;
}

/** True when every label of `wanted` is on `labels` with the same value. */
export function hasLabels(labels: Readonly<Record<string, string>>, wanted: Readonly<Record<string, string>>): boolean {
  return Object.entries(wanted).every(([key, value]) => labels[key] === value);
}
