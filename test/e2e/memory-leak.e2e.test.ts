import { describeScenario } from './_scenario-suite.js';

// Issue 3's memory leak with restarts: recommendations pods leak until OOM-killed, errors at each kill.
describeScenario('memory-leak');
