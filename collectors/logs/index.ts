export { expandLogPaths, LogPathError } from './expand-log-paths.js';
export type { ExpandedLogPaths } from './expand-log-paths.js';
export { MAX_LINE_CHARS, readLogFile } from './read-log-file.js';
export type { ReadLogFileOptions } from './read-log-file.js';
export { readLogs } from './read-logs.js';
export type { ReadLogsOptions, ReadLogsResult } from './read-logs.js';
