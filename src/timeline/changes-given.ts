import type { UserChange, UserChangeKind } from '../model/change.js';
import type { TimelineEvent } from '../model/timeline.js';

/** How each kind of change starts its timeline line. */
const KIND_TITLES: Readonly<Record<UserChangeKind, string>> = {
  deploy: 'Deploy of',
  rollback: 'Rollback of',
  config: 'Config change on',
  restart: 'Restart of',
  scale: 'Scaling of',
  flag: 'Feature flag change on',
  other: 'Change on',
};

/**
 * Timeline events for the changes a user gave (`--changes`): a restart is a `restart`, everything
 * else a `change`, both from source `changes`. The title reads as a line of the postmortem
 * (`Rollback of auth-service: config back to a41f9c2e`); the evidence names the file and line and
 * carries every other column (version, author, change id).
 *
 * @example userChangeEvents([change])[0]?.title // 'Deploy of cart-api: 2.15.0 (price rules engine)'
 */
export function userChangeEvents(changes: readonly UserChange[]): TimelineEvent[] {
  return changes.map((change) => {
    const head = `${KIND_TITLES[change.kind]} ${change.target}`;
    const other = change.kind === 'other' && change.fields['kind'] !== undefined ? ` (${change.fields['kind']})` : '';
    return {
      time: change.time,
      kind: change.kind === 'restart' ? 'restart' : 'change',
      source: 'changes',
      title: change.description === '' ? `${head}${other}` : `${head}${other}: ${change.description}`,
      labels: { target: change.target },
      evidence: { ...change.fields, file: change.file, line: change.line, changeKind: change.kind, target: change.target },
    };
  });
}
