import { readFileSync } from 'node:fs';
import type { PrometheusAuth } from './prometheus-auth.js';
import type { Result } from './result.js';

/**
 * Credential options from the command line. Only file paths and the user name: a secret given as a
 * flag value would be visible to every user of the machine in `ps`.
 */
export interface CredentialFlags {
  readonly bearerTokenFile?: string | undefined;
  readonly basicAuthUser?: string | undefined;
  readonly basicAuthPasswordFile?: string | undefined;
  readonly caFile?: string | undefined;
}

export interface ResolvedCredentials {
  readonly auth: PrometheusAuth | null;
  /** PEM text of a private CA, or null to trust the system CAs only. */
  readonly caCert: string | null;
}

/** Reads a whole text file; throws a Node error (with `code`) when it cannot. Injected in tests. */
export type ReadTextFile = (path: string) => string;

export type CredentialEnv = Readonly<Record<string, string | undefined>>;

const readUtf8: ReadTextFile = (path) => readFileSync(path, 'utf8');

const READ_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
};

/** An environment variable counts only when set to something: `VAR=` in a shell means "unset". */
function fromEnv(env: CredentialEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** `bearerTokenFile` → `--bearer-token-file`, the way the CLI spells its flags. */
function flagName(key: keyof CredentialFlags): string {
  return `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** Where a value came from, for messages: the flag or the environment variable. */
interface Sourced {
  readonly path: string;
  readonly origin: string;
  readonly fromFlag: boolean;
}

function pick(flags: CredentialFlags, flag: keyof CredentialFlags, env: CredentialEnv, envName: string): Sourced | undefined {
  const flagValue = flags[flag];
  if (flagValue !== undefined && flagValue !== '') return { path: flagValue, origin: flagName(flag), fromFlag: true };
  const envValue = fromEnv(env, envName);
  return envValue === undefined ? undefined : { path: envValue, origin: envName, fromFlag: false };
}

/** Reads a secret or certificate file, naming the file (never its content) when that fails. */
function readSecretFile(what: string, source: Sourced, readTextFile: ReadTextFile): Result<string, string> {
  let text: string;
  try {
    text = readTextFile(source.path);
  } catch (error: unknown) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    const why = READ_ERRORS[code] ?? (code === '' ? 'unreadable' : `unreadable (${code})`);
    return { ok: false, error: `Cannot read the ${what} file "${source.path}" (from ${source.origin}): ${why}` };
  }
  // Editors and `echo` end files with a newline that is not part of the secret.
  const value = text.replace(/\r?\n$/, '');
  if (value === '') return { ok: false, error: `The ${what} file "${source.path}" (from ${source.origin}) is empty` };
  return { ok: true, value };
}

/** A secret given either inline in the environment or as a file; both at once is ambiguous. */
function resolveSecret(
  what: string,
  fileSource: Sourced | undefined,
  inlineName: string,
  env: CredentialEnv,
  readTextFile: ReadTextFile,
): Result<string | null, string> {
  const inline = fromEnv(env, inlineName);
  if (fileSource !== undefined) {
    // A flag overrides the environment; two environment variables for one secret are ambiguous.
    if (inline !== undefined && !fileSource.fromFlag) {
      return { ok: false, error: `Both ${inlineName} and ${fileSource.origin} are set; set only one` };
    }
    return readSecretFile(what, fileSource, readTextFile);
  }
  return { ok: true, value: inline ?? null };
}

/**
 * Resolves the credentials for the Prometheus server from command-line flags and the environment
 * (flag ?? env). Secrets come only from the environment or from files (`PROMETHEUS_BEARER_TOKEN`,
 * `PROMETHEUS_BEARER_TOKEN_FILE`, `PROMETHEUS_USERNAME`, `PROMETHEUS_PASSWORD`, `PROMETHEUS_PASSWORD_FILE`,
 * `PROMETHEUS_CA_FILE`). Files are read once and lose one trailing newline. Fails with one line naming
 * the file or variable at fault — never a secret — for an unreadable or empty file, a user without a
 * password, or both bearer and basic auth at once.
 *
 * @example
 * resolvePrometheusCredentials({ basicAuthUser: 'bob' }, { PROMETHEUS_PASSWORD_FILE: '/run/secrets/prom' })
 * // ok: { auth: { kind: 'basic', username: 'bob', password: '<file content>' }, caCert: null }
 */
export function resolvePrometheusCredentials(
  flags: CredentialFlags,
  env: CredentialEnv = process.env,
  readTextFile: ReadTextFile = readUtf8,
): Result<ResolvedCredentials, string> {
  const token = resolveSecret(
    'bearer token',
    pick(flags, 'bearerTokenFile', env, 'PROMETHEUS_BEARER_TOKEN_FILE'),
    'PROMETHEUS_BEARER_TOKEN',
    env,
    readTextFile,
  );
  if (!token.ok) return token;
  const password = resolveSecret(
    'password',
    pick(flags, 'basicAuthPasswordFile', env, 'PROMETHEUS_PASSWORD_FILE'),
    'PROMETHEUS_PASSWORD',
    env,
    readTextFile,
  );
  if (!password.ok) return password;
  const user = flags.basicAuthUser !== undefined && flags.basicAuthUser !== '' ? flags.basicAuthUser : fromEnv(env, 'PROMETHEUS_USERNAME');

  let auth: PrometheusAuth | null = null;
  if (user !== undefined && password.value === null) {
    return { ok: false, error: `A basic-auth user "${user}" is given without a password: set PROMETHEUS_PASSWORD_FILE or PROMETHEUS_PASSWORD` };
  }
  if (user === undefined && password.value !== null) {
    return { ok: false, error: `A basic-auth password is given without a user: set ${flagName('basicAuthUser')} or PROMETHEUS_USERNAME` };
  }
  if (user !== undefined && password.value !== null) auth = { kind: 'basic', username: user, password: password.value };
  if (token.value !== null) {
    if (auth !== null) return { ok: false, error: 'Both a bearer token and basic-auth credentials are given; use only one' };
    auth = { kind: 'bearer', token: token.value };
  }

  const caSource = pick(flags, 'caFile', env, 'PROMETHEUS_CA_FILE');
  if (caSource === undefined) return { ok: true, value: { auth, caCert: null } };
  const caCert = readSecretFile('CA certificate', caSource, readTextFile);
  if (!caCert.ok) return caCert;
  if (!caCert.value.includes('-----BEGIN CERTIFICATE-----')) {
    return { ok: false, error: `The CA certificate file "${caSource.path}" (from ${caSource.origin}) holds no PEM certificate` };
  }
  return { ok: true, value: { auth, caCert: caCert.value } };
}
