import { describeScenariosOnVictoriaMetrics } from './_victoria-scenario-suite.js';

// Issue 5, item 5: the seed outages of the Prometheus suite (one *.e2e.test.ts each), all six in one
// real VictoriaMetrics, checked against the same ground truth.
describeScenariosOnVictoriaMetrics(['db-slow-query', 'auth-deadlock', 'bad-deploy', 'memory-leak', 'disk-full', 'slow-upstream']);
