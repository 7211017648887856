import { describe, expect, it } from 'vitest';
import { readAccessLogSettings, readSlo, readSlowThreshold } from './impact-options.js';
import { UsageError } from './usage-error.js';

describe('impact options', () => {
  it('readSlowThreshold() takes durations and plain seconds, 1 s by default', () => {
    expect(readSlowThreshold(undefined)).toBe(1);
    expect(readSlowThreshold('500ms')).toBe(0.5);
    expect(readSlowThreshold('2s')).toBe(2);
    expect(readSlowThreshold('0.25')).toBe(0.25);
    expect(() => readSlowThreshold('0')).toThrow(/--slow-threshold "0": expected a latency above 0/);
    expect(() => readSlowThreshold('fast')).toThrow(UsageError);
  });

  it('readSlo() reads the objective in percent and the period, 30 days by default', () => {
    expect(readSlo({})).toBeNull();
    expect(readSlo({ slo: '99.9' })).toEqual({ objectivePercent: 99.9, periodSeconds: 30 * 86_400 });
    expect(readSlo({ slo: '99.95%', sloPeriod: '7d' })).toEqual({ objectivePercent: 99.95, periodSeconds: 7 * 86_400 });
    expect(() => readSlo({ slo: '0.999' })).toThrow(/not a ratio like 0\.999/);
    expect(() => readSlo({ slo: '100' })).toThrow(/--slo "100"/);
    expect(() => readSlo({ sloPeriod: '7d' })).toThrow(/--slo-period needs --slo/);
    expect(() => readSlo({ slo: '99.9', sloPeriod: 'monthly' })).toThrow(/--slo-period "monthly"/);
  });

  it('readAccessLogSettings() checks every log option and refuses them without --access-log', () => {
    expect(readAccessLogSettings({}, 1)).toBeNull();
    expect(readAccessLogSettings({ accessLog: ['a.log'], segment: ['customer_type=new'], failedStatus: '5xx,429', sampleRate: 0.1, userField: 'uid' }, 2)).toEqual({
      userField: 'uid', failedStatus: '5xx,429', slowThresholdSeconds: 2, sampleRate: 0.1, segments: ['customer_type=new'],
    });
    expect(() => readAccessLogSettings({ segment: ['a=b'], failedStatus: '5xx' }, 1)).toThrow('--segment, --failed-status apply to request logs: add --access-log <file>');
    expect(() => readAccessLogSettings({ accessLog: ['a.log'], segment: ['=new'] }, 1)).toThrow(/--segment "=new": expected field=value/);
    expect(() => readAccessLogSettings({ accessLog: ['a.log'], sampleRate: 0 }, 1)).toThrow(/--sample-rate 0/);
    expect(() => readAccessLogSettings({ accessLog: ['a.log'], sampleRate: Number.NaN }, 1)).toThrow(/--sample-rate is not a number/);
    expect(() => readAccessLogSettings({ accessLog: ['a.log'], userField: ' ' }, 1)).toThrow(/--user-field is empty/);
  });
});
