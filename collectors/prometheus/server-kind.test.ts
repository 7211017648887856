import { describe, expect, it } from 'vitest';
import { serverKindFromHealth } from './server-kind.js';

describe('serverKindFromHealth', () => {
  it('names VictoriaMetrics from its health answer', () => {
    expect(serverKindFromHealth(200, 'VictoriaMetrics is Healthy.\n')).toBe('victoriametrics');
  });

  it('keeps Prometheus for its own answer, an error status or a proxy page', () => {
    expect(serverKindFromHealth(200, 'Prometheus Server is Healthy.\n')).toBe('prometheus');
    expect(serverKindFromHealth(404, 'VictoriaMetrics is Healthy.')).toBe('prometheus');
    expect(serverKindFromHealth(200, '<html><title>Sign in</title></html>')).toBe('prometheus');
    expect(serverKindFromHealth(0, '')).toBe('prometheus');
  });
});
