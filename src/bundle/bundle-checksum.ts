import { createHash } from 'node:crypto';

/** The field that holds the checksum; bundles written before it existed lack it and still read. */
export const CHECKSUM_FIELD = 'sha256';

/**
 * SHA-256 of a bundle's content: its JSON text without the checksum field, keys in the order written.
 * `JSON.stringify(JSON.parse(text))` gives back the text `JSON.stringify` wrote (numbers print their
 * shortest round-trip form, strings re-escape alike), so the reader recomputes exactly what the
 * writer hashed, whatever gzip level or pretty-printing happened in between.
 */
function digest(content: object): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/**
 * The bundle with a `sha256` of its content, placed right after `format` and `version` so a reader
 * sees it at the top. A changed byte that gzip's CRC cannot catch (a bundle edited and re-gzipped, or
 * stored as plain JSON) then shows as a mismatch, not as a quietly different report.
 *
 * @example withChecksum({ format: 'f', version: 1, grids: [] }).sha256.length // 64
 */
export function withChecksum<T extends { readonly format: string; readonly version: number }>(bundle: T): T & { readonly sha256: string } {
  const { format, version, ...rest } = bundle;
  return { format, version, [CHECKSUM_FIELD]: digest(bundle), ...rest } as unknown as T & { readonly sha256: string };
}

/**
 * Whether a parsed bundle's content matches its `sha256`: `true` when it does, `false` when it was
 * changed, `null` when it carries none (written before checksums, or the field was deleted to read a
 * deliberately edited bundle).
 */
export function checksumMatches(raw: Readonly<Record<string, unknown>>): boolean | null {
  const { [CHECKSUM_FIELD]: recorded, ...content } = raw;
  if (recorded === undefined) return null;
  return typeof recorded === 'string' && recorded === digest(content);
}
