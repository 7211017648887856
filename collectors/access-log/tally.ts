import type { LogRequestCounts, UserCounts } from '../../src/model/access-log.js';
import type { AccessRequest } from './parse-line.js';

const FAILED = 1;
const SLOW = 2;
/** Bits above FAILED and SLOW mark segment membership: 30 segments fit a small integer. */
const FIRST_SEGMENT_BIT = 2;
export const MAX_SEGMENTS = 29;

class RequestCounter {
  total = 0;
  failed = 0;
  slow = 0;
  bad = 0;
  add(failed: boolean, slow: boolean): void {
    this.total++;
    if (failed) this.failed++;
    if (slow) this.slow++;
    if (failed || slow) this.bad++;
  }
  counts(): LogRequestCounts {
    return { total: this.total, failed: this.failed, slow: this.slow, bad: this.bad };
  }
}

export interface TallyOptions {
  readonly from: number;
  readonly to: number;
  readonly isFailed: (status: number) => boolean;
  readonly slowThresholdSeconds: number;
  readonly segmentCount: number;
}

/**
 * Counts requests and distinct users of the window as lines arrive, in any order: one small integer
 * of flags per user (failed, slow, segment membership), so memory grows with users, not with lines.
 * A user belongs to a segment when any of their lines in the window says so.
 */
export class AccessTally {
  readonly #options: TallyOptions;
  readonly #users = new Map<string, number>();
  readonly #requests = new RequestCounter();
  readonly #segments: RequestCounter[];

  constructor(options: TallyOptions) {
    if (options.segmentCount > MAX_SEGMENTS) throw new RangeError(`at most ${MAX_SEGMENTS} segments`);
    this.#options = options;
    this.#segments = Array.from({ length: options.segmentCount }, () => new RequestCounter());
  }

  /** True when the request falls in the window [from, to]. */
  inWindow(request: AccessRequest): boolean {
    return request.time >= this.#options.from && request.time <= this.#options.to;
  }

  /** Adds a request of the window. */
  add(request: AccessRequest): void {
    const failed = this.#options.isFailed(request.status);
    // Strictly slower, as a histogram's `le` bucket counts a request of exactly the threshold as fast.
    const slow = request.latencySeconds > this.#options.slowThresholdSeconds;
    this.#requests.add(failed, slow);
    let flags = (failed ? FAILED : 0) | (slow ? SLOW : 0);
    request.inSegment.forEach((inside, i) => {
      if (!inside) return;
      flags |= 1 << (FIRST_SEGMENT_BIT + i);
      this.#segments[i]?.add(failed, slow);
    });
    if (request.user !== null) this.#users.set(request.user, (this.#users.get(request.user) ?? 0) | flags);
  }

  requests(): LogRequestCounts {
    return this.#requests.counts();
  }

  segmentRequests(index: number): LogRequestCounts {
    return this.#segments[index]?.counts() ?? { total: 0, failed: 0, slow: 0, bad: 0 };
  }

  /** Distinct users of the window, of everyone (`segment` undefined) or of one segment. */
  users(segment?: number): UserCounts {
    const mask = segment === undefined ? 0 : 1 << (FIRST_SEGMENT_BIT + segment);
    let active = 0;
    let affected = 0;
    let withFailed = 0;
    let withSlow = 0;
    for (const flags of this.#users.values()) {
      if ((flags & mask) !== mask) continue;
      active++;
      if ((flags & (FAILED | SLOW)) !== 0) affected++;
      if ((flags & FAILED) !== 0) withFailed++;
      if ((flags & SLOW) !== 0) withSlow++;
    }
    return { active, affected, withFailed, withSlow };
  }
}
