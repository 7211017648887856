import type { SignalQuery } from '../model/signal.js';
import { CHANGE_RECIPES } from './change-recipes.js';
import { DATABASE_RECIPES } from './database-recipes.js';
import type { Discovery, RecipeContext } from './discovery.js';
import { HTTP_RECIPES, UPSTREAM_RECIPES } from './http-recipes.js';
import { NODE_RECIPES } from './node-recipes.js';
import { PROCESS_RECIPES } from './process-recipes.js';
import type { Recipe } from './recipe.js';

/**
 * Every built-in signal, in the order the report lists checked signals. Change recipes come last:
 * they are not judged, and their raw info series do not sit on the run's grid.
 */
export const CATALOGUE: readonly Recipe[] = [...HTTP_RECIPES, ...UPSTREAM_RECIPES, ...DATABASE_RECIPES, ...NODE_RECIPES, ...PROCESS_RECIPES, ...CHANGE_RECIPES];

/**
 * Instantiates the catalogue for one server: one `SignalQuery` per query a recipe can run there.
 *
 * @example buildSignalQueries(CATALOGUE, discovery, { rateInterval: '1m', slowThresholdSeconds: 1 })
 */
export function buildSignalQueries(recipes: readonly Recipe[], discovery: Discovery, context: RecipeContext): SignalQuery[] {
  const out: SignalQuery[] = [];
  for (const recipe of recipes) {
    const { metrics: _metrics, queries, ...traits } = recipe;
    for (const query of queries(discovery, context)) out.push({ ...traits, query });
  }
  return out;
}

/** Metric names (or patterns) the catalogue may need label details for: the HTTP families. */
export function metricsNeedingLabels(recipes: readonly Recipe[], metricNames: Iterable<string>): string[] {
  const patterns = recipes.flatMap((recipe) => recipe.metrics.filter((m): m is RegExp => m instanceof RegExp));
  const unique = new Set<string>();
  for (const name of metricNames) if (patterns.some((pattern) => pattern.test(name))) unique.add(name);
  return [...unique].sort();
}
