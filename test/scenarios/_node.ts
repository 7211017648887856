/**
 * node_exporter 1.5 on one host: CPU seconds per cpu and mode, memory, filesystems, network bytes and
 * load, with the names, labels and units the real exporter uses (job `node`, instance `HOST:9100`).
 */
import { Random } from './_random.js';
import { smoothNoise } from './_grid.js';
import type { SeriesStore, ScrapeTarget } from './_store.js';
import { accumulate } from './_store.js';

/** Modes that grow with the host's work, and the share of busy time each usually takes. */
const BUSY_MODE_SHARES: Readonly<Record<string, number>> = {
  user: 0.65,
  system: 0.28,
  softirq: 0.05,
  irq: 0.02,
};
/**
 * Modes that do not follow the host's own load, as a share of all CPU time: steal is the hypervisor
 * serving other guests, nice is niced background jobs. A database under load does not raise them.
 */
const FIXED_MODE_SHARES: Readonly<Record<string, number>> = {
  steal: 0.004,
  nice: 0.002,
};
const CPU_MODES = ['idle', 'iowait', 'irq', 'nice', 'softirq', 'steal', 'system', 'user'] as const;
/** USER_HZ is 100 on Linux, so CPU seconds come in hundredths. */
const CPU_SECONDS_DECIMALS = 2;
/** /proc/meminfo is in kB. */
const MEMINFO_UNIT_BYTES = 1024;
const FILESYSTEM_BLOCK_BYTES = 4096;
/** The 1-minute load average is an exponentially damped mean with a 60 s time constant. */
const LOAD_TIME_CONSTANT_SECONDS = 60;
const SECONDS_PER_DAY = 86_400;

export interface FilesystemSpec {
  readonly device: string;
  readonly fstype: string;
  readonly mountpoint: string;
  readonly sizeBytes: number;
  /** Used share at the start of the data. */
  readonly usedRatio: number;
  /** Used share added per day by logs and data (cleaned nightly for `/`, kept for data volumes). */
  readonly growthPerDay: number;
  /**
   * Bytes in use at an instant, given what the steady model would have in use: for a volume a
   * scenario fills (a runaway log) or empties (the logs deleted). It may reach the size: avail 0.
   */
  readonly usedBytes?: (time: number, steadyUsedBytes: number) => number;
}

export interface HostLoad {
  /** Busy (non-idle, non-iowait) share of each cpu at each grid index, noise included by the caller. */
  readonly busy: Float64Array;
  /** iowait share at each grid index. */
  readonly iowait: Float64Array;
  /** Share of memory in use (1 - MemAvailable/MemTotal). */
  readonly memoryUsed: Float64Array;
  readonly receiveBytesPerSecond: Float64Array;
  readonly transmitBytesPerSecond: Float64Array;
  /** Tasks waiting for something other than cpu (D state), added to the load average. */
  readonly blockedTasks?: Float64Array;
}

export interface HostSpec {
  readonly host: string;
  readonly cpus: number;
  readonly memoryBytes: number;
  readonly filesystems: readonly FilesystemSpec[];
  readonly networkDevice: string;
  /** Unix seconds the host booted (counters start from there). */
  readonly bootTime: number;
  readonly load: HostLoad;
}

/** Root and EFI partitions as a cloud VM image lays them out. */
export function standardFilesystems(rootSizeBytes: number, rootUsedRatio: number): FilesystemSpec[] {
  return [
    { device: '/dev/nvme0n1p1', fstype: 'ext4', mountpoint: '/', sizeBytes: rootSizeBytes, usedRatio: rootUsedRatio, growthPerDay: 0.004 },
    { device: '/dev/nvme0n1p15', fstype: 'vfat', mountpoint: '/boot/efi', sizeBytes: 109_422_592, usedRatio: 0.056, growthPerDay: 0 },
  ];
}

/** Adds every node_exporter series of one host to the store. */
export function addNodeExporter(store: SeriesStore, target: ScrapeTarget, spec: HostSpec, seed: string): void {
  const grid = store.grid;
  const n = grid.length;
  const base = target.labels;
  const absent = [target.failed];
  const uptimeAtStart = grid.from - spec.bootTime;

  for (let cpu = 0; cpu < spec.cpus; cpu++) {
    const random = new Random(`${seed}/cpu/${spec.host}/${cpu}`);
    // Each cpu carries its own share of the load: the scheduler never balances perfectly.
    const imbalance = smoothNoise(random, n, 0.97, 0.12);
    const modeSeconds = new Map<string, Float64Array>(CPU_MODES.map((mode) => [mode, new Float64Array(n)]));
    const wobble = smoothNoise(random, n, 0.8, 0.08);
    for (let k = 0; k < n; k++) {
      const busy = Math.min(0.995, Math.max(0.003, (spec.load.busy[k] ?? 0) * (1 + (imbalance[k] ?? 0))));
      const iowait = Math.min(1 - busy, Math.max(0, (spec.load.iowait[k] ?? 0) * (1 + 2 * (wobble[k] ?? 0))));
      let used = 0;
      for (const [mode, share] of Object.entries(BUSY_MODE_SHARES)) {
        const seconds = grid.step * busy * share * (1 + 0.15 * random.normal() * (mode === 'user' ? 0.3 : 1));
        const clamped = Math.max(0, seconds);
        (modeSeconds.get(mode) as Float64Array)[k] = clamped;
        used += clamped;
      }
      for (const [mode, share] of Object.entries(FIXED_MODE_SHARES)) {
        const seconds = Math.max(0, grid.step * share * (1 + 0.3 * random.normal()));
        (modeSeconds.get(mode) as Float64Array)[k] = seconds;
        used += seconds;
      }
      const iowaitSeconds = grid.step * iowait;
      (modeSeconds.get('iowait') as Float64Array)[k] = iowaitSeconds;
      (modeSeconds.get('idle') as Float64Array)[k] = Math.max(0, grid.step - used - iowaitSeconds);
    }
    for (const mode of CPU_MODES) {
      const increments = modeSeconds.get(mode) as Float64Array;
      const typicalShare = mode === 'idle' ? 0.7 : mode === 'iowait' ? 0.01 : (FIXED_MODE_SHARES[mode] ?? 0.3 * (BUSY_MODE_SHARES[mode] ?? 0));
      const values = accumulate(increments, uptimeAtStart * typicalShare);
      store.add('node_cpu_seconds_total', { cpu: String(cpu), instance: spec.host + ':9100', job: 'node', mode }, values, {
        kind: 'counter',
        decimals: CPU_SECONDS_DECIMALS,
        absent,
      });
    }
  }

  const memoryRandom = new Random(`${seed}/memory/${spec.host}`);
  const available = new Float64Array(n);
  const total = new Float64Array(n).fill(spec.memoryBytes);
  for (let k = 0; k < n; k++) {
    const used = Math.min(0.98, Math.max(0.02, (spec.load.memoryUsed[k] ?? 0) + 0.002 * memoryRandom.normal()));
    available[k] = Math.round((spec.memoryBytes * (1 - used)) / MEMINFO_UNIT_BYTES) * MEMINFO_UNIT_BYTES;
  }
  store.add('node_memory_MemAvailable_bytes', base, available, { kind: 'gauge', decimals: 0, absent });
  store.add('node_memory_MemTotal_bytes', base, total, { kind: 'gauge', decimals: 0, absent });

  for (const fs of spec.filesystems) {
    const random = new Random(`${seed}/fs/${spec.host}/${fs.mountpoint}`);
    const avail = new Float64Array(n);
    const size = new Float64Array(n).fill(fs.sizeBytes);
    // Data volumes only grow; the root volume's logs are rotated away at 00:00 UTC, giving a daily sawtooth.
    const rotates = fs.mountpoint === '/';
    let jitter = 0;
    for (let k = 0; k < n; k++) {
      const t = grid.time(k);
      const days = rotates ? (t % SECONDS_PER_DAY) / SECONDS_PER_DAY : (t - grid.from) / SECONDS_PER_DAY;
      jitter = 0.98 * jitter + 0.00002 * random.normal();
      let used = Math.min(0.999, fs.usedRatio + fs.growthPerDay * days + jitter);
      if (fs.usedBytes !== undefined) used = Math.min(1, Math.max(0, fs.usedBytes(t, used * fs.sizeBytes) / fs.sizeBytes));
      avail[k] = Math.round((fs.sizeBytes * (1 - used)) / FILESYSTEM_BLOCK_BYTES) * FILESYSTEM_BLOCK_BYTES;
    }
    const labels = { device: fs.device, fstype: fs.fstype, instance: spec.host + ':9100', job: 'node', mountpoint: fs.mountpoint };
    store.add('node_filesystem_avail_bytes', labels, avail, { kind: 'gauge', decimals: 0, absent });
    store.add('node_filesystem_size_bytes', labels, size, { kind: 'gauge', decimals: 0, absent });
  }

  const networkLabels = { device: spec.networkDevice, instance: spec.host + ':9100', job: 'node' };
  for (const [name, rate] of [
    ['node_network_receive_bytes_total', spec.load.receiveBytesPerSecond],
    ['node_network_transmit_bytes_total', spec.load.transmitBytesPerSecond],
  ] as const) {
    const random = new Random(`${seed}/${name}/${spec.host}`);
    const increments = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      increments[k] = Math.max(0, Math.round((rate[k] ?? 0) * grid.step * (1 + 0.06 * random.normal())));
    }
    const typicalRate = rate[0] ?? 0;
    store.add(name, networkLabels, accumulate(increments, Math.round(uptimeAtStart * typicalRate * 0.8)), {
      kind: 'counter',
      decimals: 0,
      absent,
    });
  }

  const loadRandom = new Random(`${seed}/load/${spec.host}`);
  const load1 = new Float64Array(n);
  const decay = Math.exp(-grid.step / LOAD_TIME_CONSTANT_SECONDS);
  let average = spec.cpus * (spec.load.busy[0] ?? 0);
  for (let k = 0; k < n; k++) {
    const running = spec.cpus * (spec.load.busy[k] ?? 0) * (1 + 0.35 * loadRandom.normal());
    const waiting = spec.cpus * (spec.load.iowait[k] ?? 0) + (spec.load.blockedTasks?.[k] ?? 0);
    average = average * decay + Math.max(0, running + waiting) * (1 - decay);
    load1[k] = average;
  }
  store.add('node_load1', base, load1, { kind: 'gauge', decimals: 2, absent });
}

/** How a host's resources follow the traffic it serves. */
export interface LoadShape {
  readonly busyBase: number;
  readonly busyPerTraffic: number;
  readonly iowait: number;
  readonly memoryUsed: number;
  readonly memoryPerTraffic: number;
  readonly receiveBase: number;
  readonly receivePerTraffic: number;
  readonly transmitBase: number;
  readonly transmitPerTraffic: number;
}

/**
 * A host's load when nothing goes wrong: proportional to the day's traffic plus smooth noise. The
 * arrays are fresh, so a scenario may overwrite stretches of them (a batch job, an outage).
 */
export function steadyLoad(traffic: Float64Array, shape: LoadShape, seed: string): HostLoad {
  const n = traffic.length;
  const random = new Random(`${seed}/steady-load`);
  const busyNoise = smoothNoise(random, n, 0.95, 0.015);
  const memoryNoise = smoothNoise(random, n, 0.999, 0.01);
  const networkNoise = smoothNoise(random, n, 0.9, 0.05);
  const load = {
    busy: new Float64Array(n),
    iowait: new Float64Array(n),
    memoryUsed: new Float64Array(n),
    receiveBytesPerSecond: new Float64Array(n),
    transmitBytesPerSecond: new Float64Array(n),
    blockedTasks: new Float64Array(n),
  };
  for (let k = 0; k < n; k++) {
    const level = traffic[k] ?? 0;
    load.busy[k] = Math.max(0.005, shape.busyBase + shape.busyPerTraffic * level + (busyNoise[k] ?? 0));
    load.iowait[k] = shape.iowait;
    load.memoryUsed[k] = shape.memoryUsed + shape.memoryPerTraffic * level + (memoryNoise[k] ?? 0);
    const wobble = 1 + (networkNoise[k] ?? 0);
    load.receiveBytesPerSecond[k] = (shape.receiveBase + shape.receivePerTraffic * level) * wobble;
    load.transmitBytesPerSecond[k] = (shape.transmitBase + shape.transmitPerTraffic * level) * wobble;
  }
  return load;
}
