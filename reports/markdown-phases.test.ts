import { describe, expect, it } from 'vitest';
import { authDeadlock, event, utc } from './_testing.js';
import { markdownContext } from './markdown-context.js';
import { phasesSection } from './markdown-phases.js';

describe('phasesSection()', () => {
  const rollback = event({
    time: utc('2023-05-13T17:45:00Z'), kind: 'change', source: 'changes', title: 'Rollback of auth-service: config back to a41f9c2e',
    labels: { target: 'auth-service' }, evidence: { file: '/srv/incidents/2023-05-13/deploys.csv', line: 5, target: 'auth-service' },
  });
  const reload = event({
    time: utc('2023-05-13T15:56:00Z'), kind: 'change', source: 'prometheus', title: 'auth-service config_hash a41f9c2e → 7d03b5e1 on auth1:8080',
    labels: { job: 'auth-service', instance: 'auth1:8080' }, evidence: { query: 'auth_service_config_info', changed: 'config_hash' },
  });

  it('says where each cited change came from: the file line, or the metric it was read from', () => {
    const base = authDeadlock();
    const reconstruction = authDeadlock({
      phaseCauses: { ...base.phaseCauses, trigger: reload.title, mitigated: rollback.title },
      phaseEvidence: { trigger: reload, onset: null, detected: null, mitigated: rollback, recovered: null, resolved: null },
    });
    const text = phasesSection(markdownContext(reconstruction));
    expect(text).toContain('| Trigger | May 13, 2023, 6:40 PM EAT | auth-service config_hash a41f9c2e → 7d03b5e1 on auth1:8080 (`auth_service_config_info`) |');
    expect(text).toContain('| Mitigated | May 13, 2023, 8:45 PM EAT | Rollback of auth-service: config back to a41f9c2e (deploys.csv:5) |');
  });

  it('says why a mitigation is unknown', () => {
    const base = authDeadlock();
    const text = phasesSection(markdownContext(authDeadlock({ phases: { ...base.phases, mitigated: null }, phaseCauses: { ...base.phaseCauses, mitigated: null } })));
    expect(text).toContain('| Mitigated | — | not seen in the telemetry |');
    expect(text).toContain('- **Time to mitigate** (onset → mitigated): unknown: no rollback, restart or change seen after detection, in the telemetry or the changes given');
  });
});
