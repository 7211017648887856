import { describeScenario } from './_scenario-suite.js';

// Issue 3's disk filling up: debug logs fill ingest1's root volume, ingest-api cannot spool events.
describeScenario('disk-full');
