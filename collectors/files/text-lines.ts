import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** The two bytes every gzip member starts with (RFC 1952). */
const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** True when the file starts like gzip: rotated logs are compressed whatever their name says. */
export async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  } finally {
    await handle.close();
  }
}

/** The lines one chunk of the file completed, and a line that grew past the bound in it, if any. */
export interface LineChunk {
  readonly lines: readonly string[];
  /** The head of a line longer than `maxLineChars` (skipped up to its newline), or null. */
  readonly overlong: string | null;
}

/**
 * A text file's lines (gzip unpacked on the fly), chunk by chunk, read as a stream. Split by hand
 * rather than with node:readline: the same lines (`\n` and `\r\n` ends, a last line without one)
 * without an event per line, and with a bound on a line's length, so a binary file or a runaway line
 * is reported once and memory stays bounded. The last line comes in a chunk of its own. A read error
 * (missing file, truncated gzip) is thrown from the iteration, after the lines before it.
 */
export async function* textLines(path: string, options: { readonly chunkBytes: number; readonly maxLineChars: number }): AsyncGenerator<LineChunk> {
  const gzip = await isGzip(path);
  const raw = createReadStream(path, { highWaterMark: options.chunkBytes });
  // pipeline() carries a read error of the file into the gunzip stream, so the loop below ends with it.
  const source: Readable = gzip ? pipeline(raw, createGunzip(), () => undefined) : raw;
  source.setEncoding('utf8');
  let rest = '';
  let overlong = false;
  for await (const chunk of source as AsyncIterable<string>) {
    const text = rest === '' ? chunk : rest + chunk;
    const lines: string[] = [];
    let start = 0;
    let end = text.indexOf('\n');
    while (end !== -1) {
      if (overlong) overlong = false;
      else lines.push(text.slice(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end));
      start = end + 1;
      end = text.indexOf('\n', start);
    }
    rest = text.slice(start);
    let head: string | null = null;
    if (rest.length > options.maxLineChars) {
      if (!overlong) head = rest;
      overlong = true;
      rest = '';
    }
    yield { lines, overlong: head };
  }
  if (!overlong) yield { lines: [rest.endsWith('\r') ? rest.slice(0, -1) : rest], overlong: null };
}
