import { describe, expect, it } from 'vitest';
import type { AlertmanagerEvidence, AlertmanagerSilence } from '../model/alertmanager.js';
import { silenceEvents } from './silence-events.js';

const T0 = Date.UTC(2023, 4, 13, 16, 0, 0) / 1000;

function silence(id: string, startsAt: number, endsAt: number, extra: Partial<AlertmanagerSilence> = {}): AlertmanagerSilence {
  return {
    id,
    matchers: [
      { name: 'alertname', value: 'AuthErrorsHigh', isRegex: false, isEqual: true },
      { name: 'instance', value: 'auth-[0-9]+:8080', isRegex: true, isEqual: true },
      { name: 'env', value: 'staging', isRegex: false, isEqual: false },
    ],
    createdBy: 'bob@example.com',
    comment: 'Rolling back auth 2.14.0, see INC-2291',
    startsAt,
    endsAt,
    state: 'expired',
    ...extra,
  };
}

describe('silenceEvents()', () => {
  it('dates who silenced what and why, and when the silence ended, for silences touching the window', () => {
    const alertmanager: AlertmanagerEvidence = {
      url: 'http://alertmanager:9093/',
      fetchedAt: T0 + 86_400,
      silences: [
        silence('in-window', T0 + 1200, T0 + 3000),
        silence('maintenance-last-week', T0 - 7 * 86_400, T0 - 7 * 86_400 + 3600),
        silence('still-on', T0 + 3300, T0 + 2 * 86_400, { state: 'active', createdBy: '', comment: '' }),
      ],
      alerts: [],
    };
    const events = silenceEvents(alertmanager, T0, T0 + 7200);
    expect(events.map((e) => [e.time - T0, e.kind, e.title, e.evidence['silenceId']])).toEqual([
      [1200, 'silence', '{alertname="AuthErrorsHigh", instance=~"auth-[0-9]+:8080", env!="staging"} silenced by bob@example.com: Rolling back auth 2.14.0, see INC-2291', 'in-window'],
      [3000, 'silence', '{alertname="AuthErrorsHigh", instance=~"auth-[0-9]+:8080", env!="staging"} silence by bob@example.com ended', 'in-window'],
      [3300, 'silence', '{alertname="AuthErrorsHigh", instance=~"auth-[0-9]+:8080", env!="staging"} silenced by someone', 'still-on'],
    ]);
    // Only the exact, positive matchers become labels: they say which alert the silence is about.
    expect(events[0]?.labels).toEqual({ alertname: 'AuthErrorsHigh' });
  });

  it('gives nothing without Alertmanager evidence', () => {
    expect(silenceEvents(undefined, T0, T0 + 3600)).toEqual([]);
  });
});
