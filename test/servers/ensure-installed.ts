import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

const INSTALL_TIMEOUT_MS = 300_000;
const installedPackages = new Set<string>();

/** True when `name` is an executable file somewhere on PATH. */
export function isOnPath(name: string): boolean {
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    try {
      accessSync(path.join(dir, name), constants.X_OK);
      return true;
    } catch {
      // Not in this directory.
    }
  }
  return false;
}

/**
 * Makes sure `programs` can be run, installing Debian's `debianPackage` with apt-get when one is
 * missing (the test machines run as root). Throws with the end of apt's output when that fails.
 * Cheap after the first call for a package.
 *
 * @example
 * ensureDebianPackage('prometheus', ['prometheus', 'promtool']);
 */
export function ensureDebianPackage(debianPackage: string, programs: readonly string[]): void {
  if (installedPackages.has(debianPackage)) return;
  if (!programs.every(isOnPath)) {
    const command = `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${debianPackage}`;
    try {
      execFileSync('sh', ['-c', command], { stdio: 'pipe', timeout: INSTALL_TIMEOUT_MS });
    } catch (error: unknown) {
      const output = typeof error === 'object' && error !== null && 'stderr' in error ? String(error.stderr) : String(error);
      throw new Error(`Cannot install ${debianPackage} with "${command}":\n${output.trim().split('\n').slice(-15).join('\n')}`);
    }
    const missing = programs.filter((name) => !isOnPath(name));
    if (missing.length > 0) throw new Error(`Installed ${debianPackage} but ${missing.join(' and ')} is still not on PATH`);
  }
  installedPackages.add(debianPackage);
}

/**
 * Makes sure `prometheus` and `promtool` can be run, installing the `prometheus` package if needed.
 *
 * @example
 * beforeAll(() => ensurePrometheusInstalled());
 */
export function ensurePrometheusInstalled(): void {
  ensureDebianPackage('prometheus', ['prometheus', 'promtool']);
}

/**
 * Makes sure `victoria-metrics` can be run, installing the `victoria-metrics` package if needed.
 *
 * @example
 * beforeAll(() => ensureVictoriaMetricsInstalled());
 */
export function ensureVictoriaMetricsInstalled(): void {
  ensureDebianPackage('victoria-metrics', ['victoria-metrics']);
}
