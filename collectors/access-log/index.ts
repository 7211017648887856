export { AccessLogPathError, expandAccessLogPaths, readAccessLogs } from './read-access-logs.js';
export type { AccessLogResult, ReadAccessLogsOptions } from './read-access-logs.js';
export { parseStatusSet, StatusSetSyntaxError } from './status-set.js';
export type { StatusSet } from './status-set.js';
