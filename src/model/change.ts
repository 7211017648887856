import type { UnixSeconds } from './time.js';

/**
 * Where a user-given entry came from: the file as named on the command line and its 1-based line,
 * so every timeline line built from it can be traced back (`deploys.csv:14`).
 */
export interface FileLine {
  readonly file: string;
  readonly line: number;
}

/**
 * What kind of change a user-given entry is. `deploy`, `rollback`, `config`, `restart`, `scale`,
 * `flag` (a feature flag) are read from the file; anything else is kept as `other` with the text
 * in `fields.kind`.
 */
export type UserChangeKind = 'deploy' | 'rollback' | 'config' | 'restart' | 'scale' | 'flag' | 'other';

/** A deploy, rollback or config change from a CI or change log (`--changes FILE`). */
export interface UserChange extends FileLine {
  readonly time: UnixSeconds;
  /** The service, job, host or instance changed, as the log names it. */
  readonly target: string;
  readonly kind: UserChangeKind;
  readonly description: string;
  /** Every other column of the entry (version, author, change id, …), as written. */
  readonly fields: Readonly<Record<string, string>>;
}

/** A human entry from the incident's notes (`--notes FILE`), e.g. "19:05 DBAs alerted". */
export interface UserNote extends FileLine {
  readonly time: UnixSeconds;
  readonly text: string;
}
