import { readFile } from 'node:fs/promises';

/**
 * A user's input file as UTF-8 text, or one line saying why it cannot be read (missing, a folder,
 * no permission), naming the file. Never throws for those: the caller decides it is a usage error.
 *
 * @example await readTextFile('deploys.csv') // { ok: true, text: 'time,service,kind\n…' }
 */
export async function readTextFile(path: string): Promise<{ ok: true; text: string } | { ok: false; error: string }> {
  try {
    return { ok: true, text: await readFile(path, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' || code === 'EPERM' ? 'cannot be read (permission denied)' : `cannot be read (${code ?? 'error'})`;
    return { ok: false, error: `${path} ${why}` };
  }
}
