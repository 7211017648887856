/**
 * Which Prometheus-compatible server answers. VictoriaMetrics speaks the same query API but keeps no
 * build information at `/api/v1/status/buildinfo` (1.79 answers `{}`), so the report header would
 * otherwise call it Prometheus. Its health endpoint names it: `GET /-/healthy` answers
 * `VictoriaMetrics is Healthy.`, where Prometheus answers `Prometheus Server is Healthy.`.
 */
export type ServerKind = 'prometheus' | 'victoriametrics';

/**
 * The server kind told by a `/-/healthy` answer; anything else (another body, an error status, a
 * proxy's page) keeps the default, Prometheus.
 *
 * @example serverKindFromHealth(200, 'VictoriaMetrics is Healthy.\n') // 'victoriametrics'
 */
export function serverKindFromHealth(status: number, body: string): ServerKind {
  return status === 200 && body.trimStart().startsWith('VictoriaMetrics') ? 'victoriametrics' : 'prometheus';
}
