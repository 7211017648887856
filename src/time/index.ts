export { parseDuration, formatDuration, DurationSyntaxError } from './parse-duration.js';
export { parseTime, isValidZone, TimeSyntaxError } from './parse-time.js';
