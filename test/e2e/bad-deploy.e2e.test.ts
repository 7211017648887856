import { describeScenario } from './_scenario-suite.js';

// Issue 3's bad deploy: cart-api 2.15.0 rolls out, 5xx and latency follow, a rollback ends it.
describeScenario('bad-deploy');
