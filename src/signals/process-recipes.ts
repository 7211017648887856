import type { Recipe } from './recipe.js';
import { simpleRecipe } from './recipe.js';

/**
 * The process collector every Prometheus client library exposes (prom-client's
 * `collectDefaultMetrics`, client_golang, …), scrape health, and restart evidence.
 */
export const PROCESS_RECIPES: readonly Recipe[] = [
  simpleRecipe(
    { signal: 'process_cpu', title: 'Process CPU', category: 'process', unit: 'per_second', badDirection: 'up', userFacing: false, role: 'level' },
    ['process_cpu_seconds_total'],
    ({ rateInterval }) => `rate(process_cpu_seconds_total[${rateInterval}])`,
  ),
  simpleRecipe(
    { signal: 'process_memory', title: 'Process resident memory', category: 'process', unit: 'bytes', badDirection: 'up', userFacing: false, role: 'level' },
    ['process_resident_memory_bytes'],
    () => 'process_resident_memory_bytes',
  ),
  simpleRecipe(
    { signal: 'target_up', title: 'Scrape target up', category: 'availability', unit: 'other', badDirection: 'down', userFacing: false, role: 'level', limit: 1 },
    ['up'],
    () => 'up',
  ),
  simpleRecipe(
    { signal: 'process_start_time', title: 'Process start time', category: 'change', unit: 'unix_seconds', badDirection: 'both', userFacing: false, role: 'start_time' },
    ['process_start_time_seconds'],
    () => 'process_start_time_seconds',
  ),
  simpleRecipe(
    { signal: 'kube_container_restarts', title: 'Container restarts', category: 'change', unit: 'count', badDirection: 'up', userFacing: false, role: 'restart_counter' },
    ['kube_pod_container_status_restarts_total'],
    () => 'kube_pod_container_status_restarts_total',
  ),
];
