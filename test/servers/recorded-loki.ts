import http from 'node:http';
import type { AddressInfo } from 'node:net';

// Grafana Loki is not packaged for Debian and cannot run on these machines (see
// ../shared/notes/real-servers.md). This server answers GET /loki/api/v1/query_range in the format
// Loki's HTTP API documents for log queries:
// {"status":"success","data":{"resultType":"streams","result":[{"stream":{…},"values":[["<ns>","<line>"],…]}],"stats":{…}}}
// from a fixed set of lines, paging them the way Loki does with direction=forward (start inclusive,
// end exclusive, the first `limit` entries in time order across streams). It records every request so
// tests can check the paging parameters and headers.

/** One stored log line. */
export interface RecordedLokiLine {
  readonly stream: Readonly<Record<string, string>>;
  /** Unix time in nanoseconds. */
  readonly ns: bigint;
  readonly line: string;
}

/** Answers one request instead of the paging above (errors, metric results, …). */
export type LokiHandler = (url: URL, response: http.ServerResponse, lines: readonly RecordedLokiLine[]) => void;

export interface RecordedLoki {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: { readonly url: URL; readonly headers: http.IncomingHttpHeaders }[];
  /** Replaces the handler (null: back to documented paging). */
  setHandler(handler: LokiHandler | null): void;
  stop(): Promise<void>;
}

/** The documented answer to a log query over `lines`, paged forward by `start`, `end` and `limit`. */
export const pageForward: LokiHandler = (url, response, lines) => {
  const start = BigInt(url.searchParams.get('start') ?? '0');
  const end = BigInt(url.searchParams.get('end') ?? '0');
  const limit = Number(url.searchParams.get('limit') ?? '100');
  const page = [...lines].filter((l) => l.ns >= start && l.ns < end).sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0)).slice(0, limit);
  const streams = new Map<string, { stream: Readonly<Record<string, string>>; values: [string, string][] }>();
  for (const l of page) {
    const key = JSON.stringify(l.stream);
    const entry = streams.get(key) ?? { stream: l.stream, values: [] };
    entry.values.push([l.ns.toString(), l.line]);
    streams.set(key, entry);
  }
  response.setHeader('Content-Type', 'application/json');
  response.end(JSON.stringify({ status: 'success', data: { resultType: 'streams', result: [...streams.values()], stats: { summary: { totalEntriesReturned: page.length } } } }));
};

/**
 * Starts the recorded-Loki server on a free port of 127.0.0.1.
 *
 * @example
 * const loki = await startRecordedLoki([{ stream: { app: 'shop' }, ns: 1684000000000000000n, line: 'level=error msg="boom"' }]);
 */
export async function startRecordedLoki(lines: readonly RecordedLokiLine[]): Promise<RecordedLoki> {
  let handler: LokiHandler = pageForward;
  const requests: { url: URL; headers: http.IncomingHttpHeaders }[] = [];
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://loki');
    requests.push({ url, headers: request.headers });
    if (url.pathname !== '/loki/api/v1/query_range') {
      response.statusCode = 404;
      response.end('404 page not found\n');
      return;
    }
    handler(url, response, lines);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    setHandler: (next) => {
      handler = next ?? pageForward;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
