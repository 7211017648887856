import { describe, expect, it } from 'vitest';
import type { Detection } from '../model/anomaly.js';
import { mergeEpisodes } from './merge-episodes.js';

const baseline = { value: 0.02, spread: 0.005, method: 'lookback', samples: 5760 } as const;

function departure(onsetIndex: number, endIndex: number | null, peakValue: number, extra: Partial<Detection> = {}): Detection {
  const evidence = { detector: 'departure', statistic: 20, pValue: 1e-6 } as const;
  return { kind: 'level_shift', direction: 'up', onsetIndex, endIndex, peakIndex: onsetIndex + 1, peakValue, baseline, score: 20, ...evidence, ...extra };
}

describe('mergeEpisodes()', () => {
  it('joins departures less than five minutes apart into one episode with the larger peak', () => {
    const merged = mergeEpisodes([departure(100, 180, 0.3), departure(184, 500, 0.4, { score: 25 }), departure(506, null, 0.35)], 15);
    expect(merged).toEqual([{ ...departure(100, null, 0.4), peakIndex: 185, score: 25 }]);
  });

  it('keeps departures apart when the gap is five minutes or more, or the directions differ', () => {
    const apart = [departure(100, 120, 0.3), departure(140, 160, 0.3)];
    expect(mergeEpisodes(apart, 15)).toEqual(apart);
    const opposite = [departure(100, 120, 0.3), departure(122, 150, 0, { direction: 'down' })];
    expect(mergeEpisodes(opposite, 15)).toEqual(opposite);
  });

  it('turns merged spikes that together last longer than a spike into a level shift', () => {
    const merged = mergeEpisodes([departure(100, 110, 0.3, { kind: 'spike' }), departure(115, 130, 0.3, { kind: 'spike' })], 15);
    expect(merged.map((d) => [d.kind, d.onsetIndex, d.endIndex])).toEqual([['level_shift', 100, 130]]);
  });

  it('leaves a vanished series alone', () => {
    const list = [departure(100, 110, 0.3), departure(112, null, 0.3, { kind: 'vanished' })];
    expect(mergeEpisodes(list, 15)).toEqual(list);
  });
});
