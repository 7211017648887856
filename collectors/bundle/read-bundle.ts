import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { BundleError, decodeEvidence } from '../../src/bundle/decode-evidence.js';
import type { Evidence } from '../../src/model/evidence.js';

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Reads a saved evidence bundle (`.json.gz`, or plain `.json`) from disk.
 *
 * @throws BundleError with one line naming the file: missing, unreadable, truncated, not a bundle.
 */
export async function readEvidenceBundle(path: string): Promise<Evidence> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BundleError(code === 'ENOENT' ? `${path} does not exist` : `${path} cannot be read (${code ?? 'error'})`);
  }
  let text: string;
  if (bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1]) {
    try {
      text = gunzipSync(bytes).toString('utf8');
    } catch (error) {
      throw new BundleError(`${path} is truncated or corrupt (gzip: ${(error as Error).message})`);
    }
  } else {
    text = bytes.toString('utf8');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new BundleError(`${path} is not an incident-timeline evidence bundle (not JSON)`);
  }
  return decodeEvidence(raw, path);
}
