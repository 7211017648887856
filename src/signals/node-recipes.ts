import type { Recipe } from './recipe.js';
import { simpleRecipe } from './recipe.js';

/** Pseudo and container filesystems whose fullness says nothing about the host. */
const REAL_FILESYSTEMS = 'fstype!~"tmpfs|ramfs|overlay|squashfs|nsfs|autofs|fuse\\\\..*",mountpoint!~"/(run|sys|proc|dev)($|/.*)"';
/** Loopback and virtual interfaces double-count traffic that never leaves the host. */
const REAL_INTERFACES = 'device!~"lo|veth.*|docker.*|br-.*|cali.*|flannel.*|cni.*|virbr.*"';
/** Partitions and device-mapper volumes repeat the I/O of their whole disk. */
const WHOLE_DISKS = 'device!~"dm-.*|loop.*|sr.*|ram.*|md.*|[a-z]+\\\\d+p\\\\d+|sd[a-z]+\\\\d+|vd[a-z]+\\\\d+|xvd[a-z]+\\\\d+"';

/** node_exporter: host resources (github.com/prometheus/node_exporter). */
export const NODE_RECIPES: readonly Recipe[] = [
  simpleRecipe(
    { signal: 'cpu_utilization', title: 'CPU utilisation', category: 'saturation', unit: 'ratio', badDirection: 'up', userFacing: false, role: 'level', limit: 1 },
    ['node_cpu_seconds_total'],
    ({ rateInterval }) => `1 - avg by (instance, job) (rate(node_cpu_seconds_total{mode="idle"}[${rateInterval}]))`,
  ),
  simpleRecipe(
    { signal: 'cpu_mode', title: 'CPU time by mode', category: 'saturation', unit: 'ratio', badDirection: 'up', userFacing: false, role: 'level', limit: 1 },
    ['node_cpu_seconds_total'],
    ({ rateInterval }) => `avg by (instance, job, mode) (rate(node_cpu_seconds_total{mode!="idle"}[${rateInterval}]))`,
  ),
  simpleRecipe(
    { signal: 'load_per_cpu', title: 'Load average (1m) per CPU', category: 'saturation', unit: 'other', badDirection: 'up', userFacing: false, role: 'level' },
    ['node_load1', 'node_cpu_seconds_total'],
    () => 'node_load1 / on (instance, job) count by (instance, job) (node_cpu_seconds_total{mode="idle"})',
  ),
  simpleRecipe(
    { signal: 'memory_available_ratio', title: 'Memory available', category: 'saturation', unit: 'ratio', badDirection: 'down', userFacing: false, role: 'level', limit: 1 },
    ['node_memory_MemAvailable_bytes', 'node_memory_MemTotal_bytes'],
    () => 'node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes',
  ),
  simpleRecipe(
    { signal: 'filesystem_free_ratio', title: 'Filesystem space free', category: 'saturation', unit: 'ratio', badDirection: 'down', userFacing: false, role: 'level', limit: 1 },
    ['node_filesystem_avail_bytes', 'node_filesystem_size_bytes'],
    () => `node_filesystem_avail_bytes{${REAL_FILESYSTEMS}} / node_filesystem_size_bytes{${REAL_FILESYSTEMS}}`,
  ),
  simpleRecipe(
    { signal: 'disk_io_utilization', title: 'Disk busy time', category: 'saturation', unit: 'ratio', badDirection: 'up', userFacing: false, role: 'level', limit: 1 },
    ['node_disk_io_time_seconds_total'],
    ({ rateInterval }) => `rate(node_disk_io_time_seconds_total{${WHOLE_DISKS}}[${rateInterval}])`,
  ),
  simpleRecipe(
    { signal: 'network_receive_bytes', title: 'Network received', category: 'network', unit: 'per_second', badDirection: 'both', userFacing: false, role: 'level' },
    ['node_network_receive_bytes_total'],
    ({ rateInterval }) => `sum by (instance, job) (rate(node_network_receive_bytes_total{${REAL_INTERFACES}}[${rateInterval}]))`,
  ),
  simpleRecipe(
    { signal: 'network_transmit_bytes', title: 'Network sent', category: 'network', unit: 'per_second', badDirection: 'both', userFacing: false, role: 'level' },
    ['node_network_transmit_bytes_total'],
    ({ rateInterval }) => `sum by (instance, job) (rate(node_network_transmit_bytes_total{${REAL_INTERFACES}}[${rateInterval}]))`,
  ),
];
