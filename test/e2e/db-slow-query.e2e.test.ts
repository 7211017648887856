import { describeScenario } from './_scenario-suite.js';

// Seed: ../shared/seeds/postmortem-db-slow-query.txt — a query that outgrew its plan, a slow site.
describeScenario('db-slow-query');
