/** The tool's version, written into every report and bundle. A test keeps it equal to package.json's. */
export const TOOL_VERSION = '0.1.0';
