import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UsageError } from './usage-error.js';

function whyNotWritable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'its folder does not exist';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'ENOTDIR') return 'a part of its path is a file, not a folder';
  return code ?? (error as Error).message;
}

/**
 * Checks, before any work, that `writeFileAtomic(path, …)` can succeed: the folder exists and is
 * writable and the path is not a folder. A mistyped --out should fail in a second, not after minutes
 * of querying. Writing can still fail later (disk full); that is reported then.
 *
 * @throws UsageError naming the path and what is wrong.
 */
export async function checkWritable(path: string): Promise<void> {
  const fail = (why: string) => new UsageError(`--out ${path} cannot be written: ${why}; expected a file path in an existing folder`);
  if (path.trim() === '') throw new UsageError('--out needs a file path, e.g. --out incident.md');
  try {
    const folder = await stat(dirname(path));
    if (!folder.isDirectory()) throw fail('a part of its path is a file, not a folder');
    await access(dirname(path), constants.W_OK);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw fail(whyNotWritable(error));
  }
  const target = await stat(path).catch(() => null);
  if (target?.isDirectory() === true) throw fail('it is a folder');
}

/**
 * Writes a file so readers never see half of it: to a temporary file beside it, then a rename
 * (atomic on one filesystem). On failure the temporary file is removed and the target is untouched.
 *
 * @throws UsageError naming the path when it cannot be written.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  // A device or a pipe (/dev/null, /dev/stdout, a FIFO a script reads) cannot be replaced by a rename,
  // and must not be: renaming over /dev/null as root would turn it into a regular file.
  const existing = await stat(path).catch(() => null);
  if (existing !== null && !existing.isFile() && !existing.isDirectory()) {
    try {
      await writeFile(path, data);
      return;
    } catch (error) {
      throw new UsageError(`--out ${path} cannot be written: ${whyNotWritable(error)}`);
    }
  }
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw new UsageError(`--out ${path} cannot be written: ${whyNotWritable(error)}`);
  }
}
