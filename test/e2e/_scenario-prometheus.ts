import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeScenarioFiles } from '../scenarios/generate.js';
import { backfillScenario } from '../scenarios/_promtool.js';
import { ensurePrometheusInstalled, startPrometheus } from '../servers/index.js';
import type { ScenarioServer } from './_scenario-server.js';

/**
 * As `startScenarioServer`, backfilled in day-long blocks (see test/scenarios/_promtool.ts): the
 * same samples served, promtool done in about 6 s instead of 28 s per scenario. A real Prometheus
 * holding one outage scenario, with its alerting rules loaded; the OpenMetrics text is deleted once
 * the blocks are built.
 */
export async function startScenarioPrometheus(name: string): Promise<ScenarioServer> {
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
