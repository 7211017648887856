/**
 * The request logs of two outages, planned user by user (see `_access-log.ts`).
 *
 * auth-deadlock (seed: "affecting around 65% of new customers"): web clients reach auth-service
 * through nginx on lb1 (JSON `log_format … escape=json`, `$time_iso8601` with its +03:00 offset,
 * rotated at 20:00 EAT into a gzip'd file); the mobile gateway's requests are logged by the auth
 * app itself (JSON, Python-style local time without a zone, `duration_ms`, `userId`). Exactly 65 %
 * of the new customers active in the window got a failed login during the deadlocks; 15 % of
 * returning customers a failed token refresh, another 5 % only a slow one.
 *
 * db-slow-query (seed: "Approximately 90% of our users were affected"): the shop's nginx writes the
 * combined format with `rt=$request_time` appended, users by basic-auth `remote_user`; exactly 90 %
 * of the users active in the window waited more than a second for a page (some hit the 30 s
 * statement timeout and got a 500); the others only browsed cached pages.
 */
import { Random } from './_random.js';
import { asctime, latency, pick, requestTime, share, timeIso8601, timeLocal, type AccessLogPlan, type PlannedRequest, type PlannedUser } from './_access-log.js';

const at = (iso: string) => Date.parse(iso) / 1000;

interface Visit {
  readonly method: string;
  readonly path: string;
}

function userRequests(
  random: Random,
  user: PlannedUser,
  from: number,
  to: number,
  count: number,
  visits: readonly Visit[],
  client: string,
  userAgent: string,
  fastMedian: number,
): PlannedRequest[] {
  return Array.from({ length: count }, () => {
    const visit = visits[random.int(visits.length)] as Visit;
    // 4xx are the user's own mistakes (a wrong password, a stale link): never a failure.
    const status = random.next() < 0.04 ? (visit.method === 'POST' ? 401 : 404) : 200;
    return { time: random.uniform(from, to), user, ...visit, status, latencySeconds: latency(random, fastMedian, 0.6, 0.95), client, userAgent };
  });
}

const BROWSERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/112.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 16_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/113.0',
  'KimbyApp/4.12.0 (Android 13; SM-A536B)',
];

function clientOf(random: Random): { client: string; userAgent: string } {
  return { client: `41.${90 + random.int(20)}.${random.int(256)}.${1 + random.int(254)}`, userAgent: BROWSERS[random.int(BROWSERS.length)] as string };
}

// ---- auth-deadlock ------------------------------------------------------------------------------

const EAT = 3 * 3600;

export function authDeadlockAccessLog(): AccessLogPlan {
  const seed = 'auth-deadlock/access-log/v1';
  const random = new Random(seed);
  const windowFrom = at('2023-05-13T16:00:00Z');
  const windowTo = at('2023-05-13T18:00:00Z');
  const logFrom = windowFrom - 3600;
  const logTo = windowTo + 3600;
  /** Deadlocks from 19:00 until the rollback at 20:45 EAT; bad requests fall inside, away from the edges. */
  const badFrom = at('2023-05-13T16:01:00Z');
  const badTo = at('2023-05-13T17:44:00Z');
  const rotation = at('2023-05-13T17:00:00Z');
  const visits: Visit[] = [
    { method: 'POST', path: '/login' },
    { method: 'POST', path: '/token/refresh' },
    { method: 'GET', path: '/userinfo' },
    { method: 'GET', path: '/userinfo' },
  ];
  const makeUsers = (prefix: string, type: string, count: number): PlannedUser[] =>
    Array.from({ length: count }, (_, i) => ({ id: `${prefix}${String(100_000 + i * 7 + random.int(7))}`, attributes: { customer_type: type } }));
  const newCustomers = makeUsers('u-n', 'new', 1300);
  const returning = makeUsers('u-r', 'returning', 4200);
  const outsideOnly = makeUsers('u-o', 'returning', 700);

  // The design: exactly these users get a bad request in the window.
  const newHit = new Set(pick(random, newCustomers, 845));
  const returningPool = pick(random, returning, returning.length);
  const returningFailed = new Set(returningPool.slice(0, 630));
  const returningSlow = new Set(returningPool.slice(630, 840));
  const healthy = returningPool.slice(840);
  // Not hit in the window, but a bad request just outside it: the window must not count them.
  const failedBefore = new Set(healthy.slice(0, 40));
  const slowAfter = new Set(healthy.slice(40, 70));
  // A request of exactly the threshold: not slow, as Prometheus' le="1" bucket would count it.
  const exactlyOneSecond = new Set(healthy.slice(70, 100));

  const requests: PlannedRequest[] = [];
  for (const user of [...newCustomers, ...returning]) {
    const { client, userAgent } = clientOf(random);
    requests.push(...userRequests(random, user, windowFrom, windowTo, 2 + random.int(10), visits, client, userAgent, 0.04));
    requests.push(...userRequests(random, user, logFrom, logTo, random.int(4), visits, client, userAgent, 0.04));
    const bad = (path: string, status: number, seconds: number): PlannedRequest => ({
      time: random.uniform(badFrom, badTo), user, method: 'POST', path, status, latencySeconds: seconds, client, userAgent,
    });
    // A deadlock victim fails after deadlock_timeout (1 s) plus the detector's run.
    if (newHit.has(user)) requests.push(bad('/login', 500, 1.02 + 0.1 * random.next()));
    if (returningFailed.has(user)) requests.push(bad('/token/refresh', 500, random.next() < 0.5 ? 1.05 : 0.02 + 0.05 * random.next()));
    if (returningSlow.has(user)) requests.push(bad('/token/refresh', 200, 1.2 + 2 * random.next()));
    if (failedBefore.has(user)) requests.push({ ...bad('/login', 502, 0.01), time: random.uniform(logFrom, windowFrom - 60) });
    if (slowAfter.has(user)) requests.push({ ...bad('/login', 200, 2.5), time: random.uniform(windowTo + 60, logTo) });
    if (exactlyOneSecond.has(user)) requests.push({ ...bad('/login', 200, 1), time: random.uniform(windowFrom, windowTo) });
  }
  for (const user of outsideOnly) {
    const { client, userAgent } = clientOf(random);
    const before = random.next() < 0.5;
    const [from, to] = before ? [logFrom, windowFrom - 30] : [windowTo + 30, logTo];
    requests.push(...userRequests(random, user, from, to, 1 + random.int(6), visits, client, userAgent, 0.04));
    // Failures outside the window: a bad deploy of the mobile gateway the hour before, retried.
    if (random.next() < 0.2) requests.push({ time: random.uniform(from, to), user, method: 'POST', path: '/login', status: 503, latencySeconds: 0.003, client, userAgent });
  }
  // Crawlers and uptime probes: no user id; they fail during the deadlocks too, and must not count as users.
  for (let i = 0; i < 4000; i++) {
    const time = random.uniform(logFrom, logTo);
    const failing = time >= badFrom && time <= badTo && random.next() < 0.3;
    requests.push({
      time, user: null, method: 'GET', path: i % 2 === 0 ? '/healthz' : '/.well-known/openid-configuration', status: failing ? 500 : 200,
      latencySeconds: failing ? 1.04 : 0.002, client: `10.0.${i % 4}.${10 + (i % 3)}`, userAgent: i % 2 === 0 ? 'kube-probe/1.26' : 'Googlebot/2.1 (+http://www.google.com/bot.html)',
    });
  }

  const webRequest = (_request: PlannedRequest, index: number) => index % 3 !== 2;
  const nginxJson = (r: PlannedRequest): string =>
    JSON.stringify({
      time_iso8601: timeIso8601(r.time, EAT),
      remote_addr: r.client,
      remote_user: '',
      request: `${r.method} ${r.path} HTTP/1.1`,
      status: String(r.status),
      body_bytes_sent: String(r.status === 200 ? 412 : 96),
      request_time: requestTime(r.latencySeconds),
      http_referer: 'https://kimby.com/',
      http_user_agent: r.userAgent,
      user_id: r.user?.id ?? '',
      customer_type: r.user?.attributes['customer_type'] ?? '',
    });
  const appJson = (r: PlannedRequest): string =>
    JSON.stringify({
      timestamp: asctime(r.time, EAT),
      level: r.status >= 500 ? 'error' : 'info',
      logger: 'auth.http',
      msg: 'request completed',
      method: r.method,
      path: r.path,
      status: r.status,
      duration_ms: Math.round(r.latencySeconds * 1000),
      ...(r.user === null ? {} : { userId: r.user.id, customer_type: r.user.attributes['customer_type'] }),
    });

  const newAffected = newHit.size;
  const returningAffected = returningFailed.size + returningSlow.size;
  return {
    seed,
    requests,
    files: [
      { name: 'lb1-access.log.1.gz', accepts: (r, i) => webRequest(r, i) && r.time < rotation, render: nginxJson },
      { name: 'lb1-access.log', accepts: (r, i) => webRequest(r, i) && r.time >= rotation, render: nginxJson },
      { name: 'auth2-requests.log', accepts: (r, i) => !webRequest(r, i), render: appJson },
    ],
    truth: {
      folder: 'auth-deadlock.access',
      glob: 'auth-deadlock.access/*.log*',
      segments: ['customer_type=new', 'customer_type=returning'],
      affectedUsers: share(newAffected + returningAffected, newCustomers.length + returning.length),
      bySegment: {
        'customer_type=new': share(newAffected, newCustomers.length),
        'customer_type=returning': share(returningAffected, returning.length),
      },
      description:
        'Exactly 845 of the 1,300 new customers active in the window got a failed login during the deadlocks (65 %); of 4,200 returning customers 630 a failed token refresh and 210 only a slow one (20 %). ' +
        '40 more had a 502 before the window, 30 a slow request after it, 30 a request of exactly 1.000 s: none of these counts. 700 users active only outside the window; 4,000 bot and probe requests without a user id.',
    },
  };
}

// ---- db-slow-query ------------------------------------------------------------------------------

const SAST = 2 * 3600;

export function dbSlowQueryAccessLog(): AccessLogPlan {
  const seed = 'db-slow-query/access-log/v1';
  const random = new Random(seed);
  const windowFrom = at('2023-10-15T06:00:00Z');
  const windowTo = at('2023-10-15T14:30:00Z');
  const logFrom = windowFrom - 3600;
  const logTo = windowTo + 1800;
  /** shop-api stuck behind the saturated database, until the index is ready. */
  const slowFrom = at('2023-10-15T06:05:00Z');
  const slowTo = at('2023-10-15T14:15:00Z');
  const rotation = at('2023-10-15T10:00:00Z');
  const cached: Visit[] = [
    { method: 'GET', path: '/static/app.js' },
    { method: 'GET', path: '/api/products' },
    { method: 'GET', path: '/api/products/1187' },
  ];
  const users: PlannedUser[] = Array.from({ length: 480 }, (_, i) => ({ id: `staff${String(i + 1).padStart(3, '0')}`, attributes: {} }));
  const outsideOnly: PlannedUser[] = Array.from({ length: 60 }, (_, i) => ({ id: `night${String(i + 1).padStart(2, '0')}`, attributes: {} }));
  const hit = new Set(pick(random, users, 432));
  const timedOut = new Set(pick(random, [...hit], 90));

  const requests: PlannedRequest[] = [];
  for (const user of users) {
    const { client, userAgent } = clientOf(random);
    requests.push(...userRequests(random, user, windowFrom, windowTo, 5 + random.int(30), cached, client, userAgent, 0.03));
    requests.push(...userRequests(random, user, logFrom, logTo, random.int(3), cached, client, userAgent, 0.03));
    if (!hit.has(user)) continue;
    const reports = 1 + random.int(4);
    for (let i = 0; i < reports; i++) {
      const time = random.uniform(slowFrom, slowTo);
      requests.push({ time, user, method: 'GET', path: '/reports/sales?period=week', status: 200, latencySeconds: 1.5 + 12 * random.next(), client, userAgent });
    }
    // The 30 s statement timeout: a 500 after 30 s.
    if (timedOut.has(user)) requests.push({ time: random.uniform(slowFrom, slowTo), user, method: 'GET', path: '/reports/reviews', status: 500, latencySeconds: 30.01, client, userAgent });
  }
  for (const user of outsideOnly) {
    const { client, userAgent } = clientOf(random);
    const [from, to] = random.next() < 0.7 ? [logFrom, windowFrom - 30] : [windowTo + 30, logTo];
    requests.push(...userRequests(random, user, from, to, 1 + random.int(8), cached, client, userAgent, 0.03));
    requests.push({ time: random.uniform(from, to), user, method: 'GET', path: '/reports/sales?period=day', status: 200, latencySeconds: 2.2, client, userAgent });
  }
  // The load balancer's health check every 10 s from two addresses: no user.
  for (let time = logFrom; time < logTo; time += 10) {
    for (const probe of ['10.1.0.2', '10.1.0.3']) {
      requests.push({ time: time + random.next(), user: null, method: 'GET', path: '/healthz', status: 200, latencySeconds: 0.001, client: probe, userAgent: 'ELB-HealthChecker/2.0' });
    }
  }
  const combined = (r: PlannedRequest): string =>
    `${r.client} - ${r.user?.id ?? '-'} [${timeLocal(r.time, SAST)}] "${r.method} ${r.path} HTTP/1.1" ${r.status} ${r.status === 200 ? 5120 + random.int(4000) : 187} ` +
    `"https://shop.kimby.com/" "${r.userAgent}" rt=${requestTime(r.latencySeconds)}`;
  return {
    seed,
    requests,
    files: [
      { name: 'access.log.1.gz', accepts: (r) => r.time < rotation, render: combined },
      { name: 'access.log', accepts: (r) => r.time >= rotation, render: combined },
    ],
    truth: {
      folder: 'db-slow-query.access',
      glob: 'db-slow-query.access/access.log*',
      segments: [],
      affectedUsers: share(hit.size, users.length),
      bySegment: {},
      description:
        'Exactly 432 of the 480 users active in the window (90 %) opened a report that took 1.5 to 13.5 s (90 of them also a 30 s timeout with a 500); the others only used cached pages. ' +
        '60 users active only outside the window (with slow reports there); a health check every 10 s from two addresses without a user.',
    },
  };
}

/** Scenarios with request logs, by name. */
export const ACCESS_LOG_PLANS: Readonly<Record<string, () => AccessLogPlan>> = {
  'auth-deadlock': authDeadlockAccessLog,
  'db-slow-query': dbSlowQueryAccessLog,
};
