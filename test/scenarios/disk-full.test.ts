import { expect, it } from 'vitest';
import { ONSET_TOLERANCE_SECONDS, STEP, describeScenario, firstCrossing, medianBetween, ratioOf, unix } from './_checks.js';
import { stepIncreases } from './_readback.js';

const ROOT = { instance: 'ingest1:9100', mountpoint: '/' };

describeScenario(
  'disk-full',
  (name, labels) => (name === 'node_filesystem_avail_bytes' || name === 'node_filesystem_size_bytes') && labels['mountpoint'] === '/',
  (current) => {
    it('the culprit: ingest1\'s root volume falls steadily from the onset to nothing free, and is back when the logs go', () => {
      const { truth } = current();
      const onset = unix(truth.phases.onset ?? '');
      const cleaned = unix(truth.phases.mitigated ?? '');
      const full = unix(truth.anomalous.find((one) => one.signal === 'http_error_ratio')?.onset ?? '');
      const [avail] = current().series('node_filesystem_avail_bytes', ROOT);
      const [size] = current().series('node_filesystem_size_bytes', ROOT);
      if (avail === undefined || size === undefined) throw new Error('no root filesystem on ingest1');
      const free = new Map(avail.timestamps.map((time, i) => [time, (avail.values[i] ?? 0) / (size.values[0] ?? 1)]));
      expect(medianBetween(free, onset - 3600, onset)).toBeGreaterThan(0.25);
      // Falling all the way: every quarter hour of debug logging has less left than the one before.
      const quarters = [0, 1, 2, 3].map((i) => medianBetween(free, onset + 900 * i, onset + 900 * (i + 1)));
      expect([...quarters].sort((a, b) => b - a)).toEqual(quarters);
      const zeroAt = [...free].filter(([, ratio]) => ratio === 0).map(([time]) => time);
      expect(Math.min(...zeroAt)).toBe(full);
      expect(Math.max(...zeroAt)).toBeLessThan(cleaned);
      expect(zeroAt.length).toBeGreaterThan((cleaned - full) / STEP - 3);
      expect(medianBetween(free, cleaned, cleaned + 1800)).toBeGreaterThan(0.25);
    });

    it('only ingest1\'s writes fail, from the instant the volume is full', () => {
      const { truth } = current();
      const full = unix(truth.anomalous.find((one) => one.signal === 'http_error_ratio')?.onset ?? '');
      for (const [instance, failing] of [
        ['ingest1:8080', true],
        ['ingest2:8080', false],
      ] as const) {
        const writes = current().series('http_requests_total', { instance, route: '/v1/events' });
        const errorRatio = ratioOf(stepIncreases(writes.filter((one) => one.labels['code'] === '500'), STEP), stepIncreases(writes, STEP));
        const during = medianBetween(errorRatio, full + 60, unix(truth.phases.mitigated ?? ''));
        if (failing) {
          expect(during).toBeGreaterThan(0.9);
          expect(Math.abs((firstCrossing(errorRatio, full - 1800, 0.5) ?? 0) - full)).toBeLessThanOrEqual(ONSET_TOLERANCE_SECONDS);
        } else {
          expect(during).toBeLessThan(0.01);
        }
      }
    });

    it('the benign dip: ingest2 lost a few per cent of its root volume to debug logs the day before, for twenty-five minutes', () => {
      const { truth } = current();
      const [benign] = truth.benign;
      if (benign === undefined) throw new Error('no benign event');
      const [avail] = current().series('node_filesystem_avail_bytes', { instance: 'ingest2:9100', mountpoint: '/' });
      const [size] = current().series('node_filesystem_size_bytes', { instance: 'ingest2:9100', mountpoint: '/' });
      const free = new Map((avail?.timestamps ?? []).map((time, i) => [time, (avail?.values[i] ?? 0) / (size?.values[0] ?? 1)]));
      const before = medianBetween(free, unix(benign.from) - 1800, unix(benign.from));
      const atEnd = medianBetween(free, unix(benign.to) - 120, unix(benign.to));
      expect(before - atEnd).toBeGreaterThan(0.02);
      expect(Math.abs(medianBetween(free, unix(benign.to) + 60, unix(benign.to) + 1800) - before)).toBeLessThan(0.005);
    });
  },
);
