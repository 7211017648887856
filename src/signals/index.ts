export { CATALOGUE, buildSignalQueries, metricsNeedingLabels } from './catalogue.js';
export type { Discovery, RecipeContext } from './discovery.js';
export { rateInterval } from './rate-interval.js';
export type { Recipe, SignalTraits } from './recipe.js';
export { parseSelector, selectQueries, selectorForMetric, isCounter, SelectorSyntaxError } from './select.js';
export type { ParsedSelector } from './select.js';
export { slowBucketBound, REQUEST_COUNTER, LATENCY_BUCKETS } from './http-recipes.js';
