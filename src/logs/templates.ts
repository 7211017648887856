import type { LogTemplate } from '../model/evidence.js';
import { clip, maskSecrets } from './fields.js';

/**
 * Message templates mined from log lines, after Drain (He et al., "Drain: An Online Log Parsing
 * Approach with Fixed Depth Tree", ICWS 2017): variable-looking tokens are masked first, lines are
 * grouped by token count and first token, and inside a group a line joins the most similar template
 * (share of equal tokens) or starts a new one; where a joined line differs, the template gets `<*>`.
 * Written here because the npm ports of Drain are unmaintained or pull in a runtime of their own, and
 * the method is a hundred lines. Memory is bounded by `maxTemplates`; lines past it are counted as
 * `overflow`, never dropped silently.
 */

/** Tokens that are values, not words: numbers, hex ids, UUIDs, addresses, durations, quoted text. */
const VARIABLE: readonly RegExp[] = [
  /^[-+]?\d+(?:[.,:]\d+)*(?:ms|s|us|µs|ns|m|h|d|b|kb|mb|gb|kib|mib|gib|%)?[,;.)]?$/i,
  /^(?:0x)?[0-9a-f]{8,}[,;.)]?$/i,
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}[,;.)]?$/i,
  /^\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?[,;.)]?$/,
  /^\[?[0-9a-f:]+:[0-9a-f:]+\]?(?::\d+)?$/i,
  /^(["']).*\1[,;.)]?$/,
  /^[\w.-]+@[\w.-]+$/,
  /\d.*\d.*\d/, // three digits anywhere: ids, timestamps, versions, paths with numbers
];
const WILDCARD = '<*>';
/** A line joins a template when at least this share of its tokens are equal. */
const SIMILARITY = 0.5;
/** Tokens considered per line: the rest of a very long message is one tail token. */
const MAX_TOKENS = 40;

/** A template with its line counts before and in the window, and an example: the evidence model's type. */
export type TemplateCount = LogTemplate;

interface Cluster {
  tokens: string[];
  lookback: number;
  window: number;
  example: string;
  exampleInWindow: boolean;
}

/** Tokens of a message with variable-looking ones masked. */
export function templateTokens(message: string): string[] {
  const words = message.trim().split(/\s+/).filter((w) => w !== '');
  const tokens = words.slice(0, MAX_TOKENS).map((word) => (VARIABLE.some((pattern) => pattern.test(word)) ? WILDCARD : word));
  if (words.length > MAX_TOKENS) tokens.push(WILDCARD);
  return tokens;
}

function similarity(a: readonly string[], b: readonly string[]): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return a.length === 0 ? 1 : same / a.length;
}

export interface TemplateMiner {
  add(message: string, inWindow: boolean): void;
  /** Every template with its counts, in a fixed order (template text), and the lines over the cap. */
  finish(): { templates: TemplateCount[]; overflow: { lookback: number; window: number } };
}

export function createTemplateMiner(maxTemplates = 5000): TemplateMiner {
  const groups = new Map<string, Cluster[]>();
  let size = 0;
  const overflow = { lookback: 0, window: 0 };
  return {
    add(message, inWindow) {
      const tokens = templateTokens(message);
      const first = tokens[0] ?? '';
      // Group by length and first token (Drain's fixed-depth tree of depth 2); a masked first token
      // would scatter lines, so those group by length alone.
      const key = `${tokens.length}\u0000${first}`;
      let group = groups.get(key);
      let best: Cluster | undefined;
      let bestScore = -1;
      for (const cluster of group ?? []) {
        const score = similarity(tokens, cluster.tokens);
        if (score > bestScore) {
          best = cluster;
          bestScore = score;
        }
      }
      if (best === undefined || bestScore < SIMILARITY) {
        if (size >= maxTemplates) {
          overflow[inWindow ? 'window' : 'lookback']++;
          return;
        }
        best = { tokens, lookback: 0, window: 0, example: clip(maskSecrets(message), 300), exampleInWindow: inWindow };
        if (group === undefined) groups.set(key, (group = []));
        group.push(best);
        size++;
      } else {
        for (let i = 0; i < tokens.length; i++) if (best.tokens[i] !== tokens[i]) best.tokens[i] = WILDCARD;
        if (inWindow && !best.exampleInWindow) {
          best.example = clip(maskSecrets(message), 300);
          best.exampleInWindow = true;
        }
      }
      if (inWindow) best.window++;
      else best.lookback++;
    },
    finish() {
      const merged = new Map<string, TemplateCount>();
      for (const group of groups.values()) {
        for (const c of group) {
          // Two clusters can end on the same text once wildcards spread: they are one template.
          const template = c.tokens.join(' ');
          const seen = merged.get(template);
          merged.set(template, {
            template,
            lookback: (seen?.lookback ?? 0) + c.lookback,
            window: (seen?.window ?? 0) + c.window,
            example: seen?.example ?? c.example,
          });
        }
      }
      const templates = [...merged.values()].sort((a, b) => (a.template < b.template ? -1 : a.template > b.template ? 1 : 0));
      return { templates, overflow };
    },
  };
}

/** What the report shows of the templates: the new ones and the ones that grew most, per hour. */
export interface TemplateNews {
  /** Seen in the window, never in the lookback; most lines first. */
  readonly new: readonly TemplateCount[];
  /** Seen in both, rate in the window at least `MIN_GROWTH` times the lookback's; largest growth first. */
  readonly grown: readonly (TemplateCount & { readonly growth: number })[];
}

/** A template must appear at least this often in the window to be news. */
const MIN_WINDOW_LINES = 3;
const MIN_GROWTH = 3;

/**
 * The templates that are new in the window or grew most, comparing lines per second in the window
 * with the lookback. The growth adds one line to the lookback's count so a template seen once before
 * cannot show an absurd factor.
 */
export function templateNews(templates: readonly TemplateCount[], windowSeconds: number, lookbackSeconds: number, top = 10): TemplateNews {
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const fresh = templates
    .filter((t) => t.lookback === 0 && t.window >= MIN_WINDOW_LINES)
    .sort((a, b) => b.window - a.window || order(a.template, b.template))
    .slice(0, top);
  const grown =
    lookbackSeconds <= 0
      ? []
      : templates
          .filter((t) => t.lookback > 0 && t.window >= MIN_WINDOW_LINES)
          .map((t) => ({ ...t, growth: t.window / windowSeconds / ((t.lookback + 1) / lookbackSeconds) }))
          .filter((t) => t.growth >= MIN_GROWTH)
          .sort((a, b) => b.growth - a.growth || order(a.template, b.template))
          .slice(0, top);
  return { new: fresh, grown };
}
