/**
 * kube-state-metrics 2.x (job `kube-state-metrics`): the container series a restart and an OOM kill
 * leave behind, with the real names and labels: `kube_pod_container_status_restarts_total` (a
 * counter kube-state-metrics reads from the pod status, so it never resets with the container),
 * `kube_pod_container_status_last_terminated_reason{reason}` (1 once the container was terminated,
 * until it is terminated again for another reason) and `kube_pod_container_resource_limits`.
 */
import type { ScrapeTarget, SeriesStore } from './_store.js';

export interface ContainerSpec {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  /** The pod's UID, as kube-state-metrics labels every pod series. */
  readonly uid: string;
  readonly node: string;
  readonly memoryLimitBytes: number;
  /** Restarts counted before the data begins. */
  readonly initialRestarts: number;
  /** When the kubelet restarted the container, unix seconds, ascending. */
  readonly restarts: readonly number[];
  /** Why it was terminated each time (`OOMKilled`, `Error`, `Completed`). */
  readonly terminationReason: string;
}

/** Adds the series kube-state-metrics exposes for `containers`; `target` is its own scrape target. */
export function addKubeStateMetrics(store: SeriesStore, target: ScrapeTarget, containers: readonly ContainerSpec[]): void {
  const grid = store.grid;
  const absent = [target.failed];
  const podLabels = (one: ContainerSpec): Record<string, string> => ({
    container: one.container,
    ...target.labels,
    namespace: one.namespace,
    pod: one.pod,
    uid: one.uid,
  });
  for (const one of containers) {
    const values = new Float64Array(grid.length);
    let next = 0;
    let count = one.initialRestarts;
    for (let k = 0; k < grid.length; k++) {
      // The pod status shows a restart once the kubelet has reported it: at the first scrape after it.
      while (next < one.restarts.length && (one.restarts[next] ?? Infinity) <= grid.time(k)) {
        count++;
        next++;
      }
      values[k] = count;
    }
    store.add('kube_pod_container_status_restarts_total', podLabels(one), values, { kind: 'counter', decimals: 0, absent });
  }
  for (const one of containers) {
    const first = one.restarts[0];
    if (first === undefined) continue;
    const values = new Float64Array(grid.length).fill(Number.NaN);
    for (let k = grid.indexAtOrAfter(first); k < grid.length; k++) values[k] = 1;
    store.add('kube_pod_container_status_last_terminated_reason', { ...podLabels(one), reason: one.terminationReason }, values, { kind: 'gauge', decimals: 0, absent });
  }
  for (const one of containers) {
    store.add(
      'kube_pod_container_resource_limits',
      { ...podLabels(one), node: one.node, resource: 'memory', unit: 'byte' },
      new Float64Array(grid.length).fill(one.memoryLimitBytes),
      { kind: 'gauge', decimals: 0, absent },
    );
  }
}
