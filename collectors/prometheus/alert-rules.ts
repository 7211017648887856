import type { AlertRule } from '../../src/model/index.js';
import type { RulesData } from './response-schemas.js';

/**
 * The alerting rules of a validated `/api/v1/rules` answer, in the server's order (group by group);
 * recording rules are left out. `forSeconds` is the rule's `for` (the API's `duration`), 0 when absent.
 *
 * @example
 * toAlertRules({ groups: [{ name: 'node', rules: [{ type: 'alerting', name: 'HighCPU', query: 'x > 0.9', duration: 300, labels: {}, annotations: {} }] }] })
 * // [{ name: 'HighCPU', group: 'node', expr: 'x > 0.9', forSeconds: 300, labels: {}, annotations: {} }]
 */
export function toAlertRules(data: RulesData): AlertRule[] {
  const rules: AlertRule[] = [];
  for (const group of data.groups) {
    for (const rule of group.rules) {
      if (rule.type !== 'alerting') continue;
      rules.push({
        name: rule.name,
        group: group.name,
        expr: rule.query,
        forSeconds: rule.duration ?? 0,
        labels: rule.labels,
        annotations: rule.annotations,
      });
    }
  }
  return rules;
}
