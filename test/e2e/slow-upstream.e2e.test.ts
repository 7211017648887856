import { describeScenario } from './_scenario-suite.js';

// Issue 3's slow upstream dependency: the payment provider slows, checkout-api's latency and 502s follow.
describeScenario('slow-upstream');
