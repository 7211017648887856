/**
 * What the team of each scenario kept beside the telemetry, as `--changes` and `--notes` files in this
 * folder: a CI/CD change log, an admin audit log, a feature-flag log, the incident channel. Written by
 * hand from each scenario's story (its header and schedule), with the noise real logs have: yesterday's
 * deploys, a benign change the day before, notes that set no phase.
 */
import { fileURLToPath } from 'node:url';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export interface TeamLogs {
  readonly changes: readonly string[];
  readonly notes: readonly string[];
}

export const TEAM_LOGS: Readonly<Record<string, TeamLogs>> = {
  'auth-deadlock': { changes: [here('auth-deadlock.changes.csv')], notes: [here('auth-deadlock.notes.txt')] },
  'db-slow-query': { changes: [here('db-slow-query.changes.jsonl')], notes: [here('db-slow-query.notes.txt')] },
  'disk-full': { changes: [here('disk-full.changes.csv')], notes: [] },
  'memory-leak': { changes: [here('memory-leak.changes.jsonl')], notes: [] },
};

/**
 * Scenarios whose trigger and mitigation the metrics alone show (a build-info or config-hash label
 * changing, restarts), or that have none: their plain run is judged on all six phases. The others
 * changed something the metrics cannot see (a runtime log level, a feature flag, an index), so only
 * their run with the team's logs can place those two phases.
 */
export const PHASES_IN_METRICS: ReadonlySet<string> = new Set(['bad-deploy', 'auth-deadlock', 'slow-upstream']);
