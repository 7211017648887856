import type { SignalQuery } from '../model/signal.js';
import type { Discovery, RecipeContext } from './discovery.js';

/** How to read a signal, without the query: what a recipe knows before it meets a server. */
export type SignalTraits = Omit<SignalQuery, 'query'>;

/**
 * One catalogue entry: the traits of a signal and how to write its PromQL for a given server.
 * A recipe returns no queries when the metrics it needs are absent.
 */
export interface Recipe extends SignalTraits {
  /** Metric names whose presence the recipe may need; the collector asks the server about these. */
  readonly metrics: readonly (string | RegExp)[];
  queries(discovery: Discovery, context: RecipeContext): readonly string[];
}

/** A recipe whose query needs every one of `required` to exist. */
export function simpleRecipe(
  traits: SignalTraits,
  required: readonly string[],
  build: (context: RecipeContext) => string,
): Recipe {
  return {
    ...traits,
    metrics: required,
    queries: (discovery, context) => (required.every((name) => discovery.metricNames.has(name)) ? [build(context)] : []),
  };
}
