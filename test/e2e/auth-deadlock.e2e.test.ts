import { describeScenario } from './_scenario-suite.js';

// Seed: ../shared/seeds/postmortem-auth-deadlock.txt — a config change, deadlocks, failed logins.
describeScenario('auth-deadlock');
