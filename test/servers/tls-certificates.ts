import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface TestCertificates {
  /** PEM text of the private CA. */
  readonly caCert: string;
  readonly caCertFile: string;
  /** Server certificate for 127.0.0.1, signed by the CA. */
  readonly certFile: string;
  readonly keyFile: string;
}

const VALID_DAYS = '2';

/**
 * Creates a private CA and a server certificate for `127.0.0.1` (as an IP subject alternative name)
 * in `dir` with the openssl command, for testing a client against a TLS server with a custom CA.
 * Uses P-256 keys, which openssl generates in milliseconds.
 *
 * @example
 * const certs = createTestCertificates(workDir);
 * // web config: tls_server_config: { cert_file: certs.certFile, key_file: certs.keyFile }
 */
export function createTestCertificates(dir: string): TestCertificates {
  const file = (name: string): string => path.join(dir, name);
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { stdio: 'pipe' });
  };
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ecKey, '-keyout', file('ca.key'), '-out', file('ca.crt'), '-days', VALID_DAYS, '-subj', '/CN=incident-timeline test CA');
  openssl('req', ...ecKey, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=127.0.0.1');
  writeFileSync(file('server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  openssl(
    'x509', '-req', '-in', file('server.csr'), '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-CAcreateserial',
    '-out', file('server.crt'), '-days', VALID_DAYS, '-extfile', file('server.ext'),
  );
  return { caCert: readFileSync(file('ca.crt'), 'utf8'), caCertFile: file('ca.crt'), certFile: file('server.crt'), keyFile: file('server.key') };
}
