import http, { type IncomingHttpHeaders } from 'node:http';

/** One request the proxy received, with its parameters from the query string and a form body. */
export interface ProxiedRequest {
  /** 1 for the first request the proxy received. */
  readonly number: number;
  readonly method: string;
  /** Path without the query string, e.g. `/api/v1/query_range`. */
  readonly path: string;
  readonly params: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
}

/** What to do instead of forwarding. */
export type Fault =
  | { readonly kind: 'respond'; readonly status: number; readonly headers?: Readonly<Record<string, string>>; readonly body?: string }
  /** Never answer (for client timeouts). */
  | { readonly kind: 'hang' }
  /** Forward after a pause (to make requests overlap). */
  | { readonly kind: 'delay'; readonly ms: number }
  /** Close the connection without an answer (ECONNRESET on the client). */
  | { readonly kind: 'reset' };

export interface FaultProxyOptions {
  /** Base URL of the real server requests are forwarded to. */
  readonly target: string;
  /** Decides per request; `undefined` forwards it. */
  readonly fault?: (request: ProxiedRequest) => Fault | undefined;
  /**
   * When set, a request without `Authorization: Bearer <token>` gets a 401 like an authenticating
   * proxy's; Prometheus itself has no bearer-token auth, so this is how bearer auth is tested.
   */
  readonly bearerToken?: string;
}

export interface FaultProxy {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: readonly ProxiedRequest[];
  /** The most requests that were open at the same time (received, not yet fully answered). */
  readonly peakInFlight: number;
  stop(): Promise<void>;
}

/**
 * A fault rule: the first `times` requests that `matches` accepts get `fault`, later ones are forwarded.
 *
 * @example
 * startFaultProxy({ target, fault: failFirst(2, { kind: 'respond', status: 503 }) });
 */
export function failFirst(
  times: number,
  fault: Fault,
  matches: (request: ProxiedRequest) => boolean = () => true,
): (request: ProxiedRequest) => Fault | undefined {
  let failed = 0;
  return (request) => {
    if (failed >= times || !matches(request)) return undefined;
    failed += 1;
    return fault;
  };
}

function readBody(request: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/**
 * Starts an HTTP proxy in this process, on a free port of 127.0.0.1, in front of a real server. It
 * can answer with errors (503, 429 with Retry-After, …), hang, reset the connection, or demand a
 * bearer token, and records every request, so retry and auth behaviour is tested against real
 * answers rather than mocks.
 *
 * @example
 * const proxy = await startFaultProxy({ target: prometheus.url, fault: failFirst(2, { kind: 'respond', status: 503 }) });
 * const client = createPrometheusClient({ url: proxy.url });
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  const requests: ProxiedRequest[] = [];
  let inFlight = 0;
  let peakInFlight = 0;

  const server = http.createServer((incoming, outgoing) => {
    inFlight += 1;
    peakInFlight = Math.max(peakInFlight, inFlight);
    outgoing.once('close', () => (inFlight -= 1));
    void (async () => {
      const body = await readBody(incoming);
      const url = new URL(incoming.url ?? '/', 'http://proxy');
      const params = new URLSearchParams(url.search);
      if ((incoming.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
        for (const [name, value] of new URLSearchParams(body.toString('utf8'))) params.append(name, value);
      }
      const request: ProxiedRequest = {
        number: requests.length + 1,
        method: incoming.method ?? 'GET',
        path: url.pathname,
        params,
        headers: incoming.headers,
      };
      requests.push(request);

      if (options.bearerToken !== undefined && incoming.headers.authorization !== `Bearer ${options.bearerToken}`) {
        outgoing.writeHead(401, { 'Content-Type': 'text/plain' }).end('Unauthorized\n');
        return;
      }
      const fault = options.fault?.(request);
      if (fault?.kind === 'hang') return;
      if (fault?.kind === 'reset') {
        incoming.socket.destroy();
        return;
      }
      if (fault?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms));
      if (fault?.kind === 'respond') {
        outgoing.writeHead(fault.status, { 'Content-Type': 'application/json', ...fault.headers });
        outgoing.end(fault.body ?? JSON.stringify({ status: 'error', errorType: 'unavailable', error: `injected HTTP ${fault.status}` }));
        return;
      }

      const headers = { ...incoming.headers, host: target.host };
      delete headers.authorization; // the upstream is a plain Prometheus
      const upstream = http.request(
        { host: target.hostname, port: target.port, method: request.method, path: `${target.pathname.replace(/\/$/, '')}${incoming.url ?? '/'}`, headers },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      upstream.on('error', () => outgoing.writeHead(502).end());
      upstream.end(body);
    })();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get peakInFlight() {
      return peakInFlight;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections(); // hanging requests would otherwise keep it open
        server.close(() => resolve());
      }),
  };
}
