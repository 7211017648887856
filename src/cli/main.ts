#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { BundleError } from '../bundle/decode-evidence.js';
import { runCapture, runReconstruct, type CommandFlags } from './commands.js';
import { DEFAULT_LOOKBACK_SECONDS } from './run-options.js';
import { EXIT_SOURCE_FAILED, EXIT_USAGE, SourceError, UsageError } from './usage-error.js';
import { repeatedFlag, usageLine } from './usage-line.js';

const EPILOGUE = `Times: ISO-8601 with or without offset, "YYYY-MM-DD HH:mm[:ss]" (read in --tz), unix seconds, now, now-2h.
Durations: 90s, 15m, 2h, 1d, 1h30m.
Credentials never go on the command line: set PROMETHEUS_BEARER_TOKEN(_FILE), PROMETHEUS_USERNAME and
PROMETHEUS_PASSWORD(_FILE), PROMETHEUS_CA_FILE, or point the --*-file flags at files.
Alertmanager and Loki take user:password@ in ALERTMANAGER_URL / LOKI_URL, or ALERTMANAGER_BEARER_TOKEN /
LOKI_BEARER_TOKEN; they share --ca-file and --timeout.
Exit status: 0 report written, 1 Prometheus unusable, 2 bad input, 3 report written with data gaps.`;

// Examples as a block rather than yargs' two-column list, which wraps long commands mid-flag and
// makes them hard to copy.
const RECONSTRUCT_EXAMPLES = `Examples:
  # Postmortem draft of a two-hour outage, times in EAT
  incident-timeline reconstruct --prometheus http://prometheus:9090 \\
    --from "2023-05-13 19:00" --to "2023-05-13 21:00" --tz Africa/Nairobi

  # JSON report of an outage earlier today (server from PROMETHEUS_URL)
  incident-timeline reconstruct --from now-3h --to now-1h --format json --out incident.json

  # Also scan every series of job "shop", against 6 h of history
  incident-timeline reconstruct --from now-2h --to now --select '{job="shop"}' --lookback 6h

  # With the CI log of deploys and config changes, and the incident channel's notes
  incident-timeline reconstruct --from "2023-05-13 19:00" --to "2023-05-13 21:00" --tz Africa/Nairobi \\
    --changes deploys.csv --notes incident-notes.txt

  # Users affected, and among new customers, from nginx logs; the SLO budget burned
  incident-timeline reconstruct --from now-3h --to now-1h --access-log '/var/log/nginx/access.log*' \\
    --segment customer_type=new --slo 99.9

  # With Alertmanager's alerts and silences (who silenced what, and why) on the timeline
  incident-timeline reconstruct --from now-2h --to now --alertmanager http://alertmanager:9093

  # Alert history from a webhook receiver's log, for a Prometheus that no longer holds it
  incident-timeline reconstruct --from "2023-05-13 19:00" --to "2023-05-13 21:00" \\
    --alert-log /var/log/alert-receiver/alerts.jsonl

  # PostgreSQL's and the app's own logs: deadlocks with both statements, out-of-space and OOM lines
  incident-timeline reconstruct --from "2023-05-13 19:00" --to "2023-05-13 21:00" --tz Africa/Nairobi \\
    --logs '/var/log/postgresql/postgresql-15-main.log*' --logs /var/log/auth-service/app.jsonl

  # Error lines of the shop's logs in Grafana Loki on the timeline
  incident-timeline reconstruct --from now-2h --to now --loki http://loki:3100 --loki-query '{app="shop"}'

  # Re-analyse saved evidence offline
  incident-timeline reconstruct --bundle samples/db-slow-query.evidence.json.gz`;

const CAPTURE_EXAMPLES = `Examples:
  # Keep the evidence of an outage before retention drops it
  incident-timeline capture --prometheus http://prometheus:9090 \\
    --from "2023-10-15 08:00" --to "2023-10-15 16:30" --tz Africa/Johannesburg --out outage.json.gz

  # With Alertmanager's silences (it keeps them 5 days) and the shop's Loki lines
  incident-timeline capture --from now-4h --to now --alertmanager http://alertmanager:9093 \
    --loki http://loki:3100 --loki-query '{app="shop"} |= "error"' --out outage.json.gz`;

const SOURCE_OPTIONS = {
  prometheus: { type: 'string', describe: 'Base URL of a Prometheus-compatible API (env PROMETHEUS_URL)' },
  from: { type: 'string', describe: 'Start of the outage window' },
  to: { type: 'string', describe: 'End of the outage window (a time still ahead is read as now)' },
  tz: { type: 'string', describe: 'IANA time zone for times without offset and for the report [default: UTC]' },
  lookback: { type: 'string', describe: `History before --from used as baseline [default: ${DEFAULT_LOOKBACK_SECONDS / 3600}h; 0 = judge the window on its own]` },
  step: { type: 'string', describe: 'Query resolution [default: the data\'s scrape interval, coarser for very long ranges]' },
  select: { type: 'string', array: true, describe: 'PromQL series selector scanned too (repeatable); counters as rates' },
  'only-select': { type: 'boolean', default: false, describe: 'Scan only the --select series, not the built-in signals' },
  'bearer-token-file': { type: 'string', describe: 'File holding a bearer token' },
  'basic-auth-user': { type: 'string', describe: 'User name for basic auth (password from PROMETHEUS_PASSWORD(_FILE) or --basic-auth-password-file)' },
  'basic-auth-password-file': { type: 'string', describe: 'File holding the basic auth password' },
  'ca-file': { type: 'string', describe: 'PEM file of a private CA for https' },
  timeout: { type: 'string', default: '60s', describe: 'Timeout of each HTTP request' },
  concurrency: { type: 'number', default: 4, describe: 'Requests in flight at once' },
  seasonal: { type: 'boolean', default: true, describe: 'Also read the same hours one day and one week earlier, for seasonal baselines (--no-seasonal to skip)' },
  compress: { type: 'boolean', default: false, describe: 'Ask for gzip\'d answers: 5x less data, more CPU on both ends; for slow links (VPN)' },
  quiet: { type: 'boolean', default: false, describe: 'No progress on stderr' },
  changes: { type: 'string', array: true, describe: 'Deploys, rollbacks and config changes from CI (repeatable): CSV with a header (time, service, kind, description, …) or JSON lines' },
  notes: { type: 'string', array: true, describe: 'Notes of the incident (repeatable), one per line: "19:05 DBAs alerted" or "2023-05-13 19:05 …", times read in --tz' },
  alertmanager: { type: 'string', describe: 'Base URL of Alertmanager: its current alerts and the silences of the window go on the timeline (env ALERTMANAGER_URL)' },
  'alert-log': { type: 'string', array: true, describe: 'Alertmanager webhook payloads (version 4) saved by a receiver, one JSON object per line (repeatable): alert history when Prometheus no longer holds it' },
  loki: { type: 'string', describe: 'Base URL of Grafana Loki (env LOKI_URL); needs --loki-query' },
  'loki-query': { type: 'string', array: true, describe: 'LogQL log query whose lines are read from --loki (repeatable), e.g. \'{app="shop"}\' or \'{app="shop"} |= "error"\'' },
  logs: { type: 'string', array: true, describe: 'Log file or glob to read (repeatable; .gz too): error-line rate judged like a metric, failure lines and deadlocks on the timeline; format detected per file' },
  'log-format': { type: 'string', describe: 'Read every --logs file as this format instead of detecting it: json, logfmt, combined, common, postgres, postgres-json, mysql-slow, syslog, journald' },
  'access-log': { type: 'string', array: true, describe: 'Request log for users affected (repeatable; file or glob, .gz too): nginx/Apache combined or common, or JSON lines' },
  'user-field': { type: 'string', describe: 'Field naming the user [default: the first of user_id, userId, uid, user, remote_user, customer_id, …; remote_user in combined logs]' },
  segment: { type: 'string', array: true, describe: 'Also count users affected among those with field=value, e.g. customer_type=new (repeatable)' },
  'slow-threshold': { type: 'string', describe: 'A request slower than this is slow, in logs and metrics [default: 1s]' },
  'failed-status': { type: 'string', describe: 'Statuses that count as failed in the logs [default: 5xx], e.g. 500-599,429' },
  'sample-rate': { type: 'number', describe: 'Share of users the logs hold when they are sampled [default: 1, every user]' },
} as const;

/** Analysis-only options of `reconstruct`. */
const ANALYSIS_OPTIONS = {
  slo: { type: 'string', describe: 'Availability objective in percent, e.g. 99.9: reports the error budget the window burned' },
  'slo-period': { type: 'string', describe: 'Period of the --slo error budget [default: 30d]' },
} as const;

/**
 * Flags that take one value; yargs makes an array of any flag given twice. Switches are left out:
 * `--quiet --quiet` is harmless.
 */
const SINGLE_VALUED = [
  ...Object.entries(SOURCE_OPTIONS)
    .filter(([, option]) => !('array' in option) && option.type !== 'boolean')
    .map(([name]) => name),
  'bundle',
  'format',
  'out',
  ...Object.keys(ANALYSIS_OPTIONS),
];

function checkSingleValued(args: Readonly<Record<string, unknown>>): void {
  const repeated = repeatedFlag(args, SINGLE_VALUED);
  if (repeated !== null) throw new UsageError(repeated);
}

async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const cli = yargs(argv)
    .scriptName('incident-timeline')
    .usage('$0 <command> [options]\n\nReconstruct an outage from Prometheus metrics and alerts into a postmortem draft.')
    .command(
      'reconstruct',
      'Reconstruct an outage window into a postmortem draft',
      (y) =>
        y
          .options(SOURCE_OPTIONS)
          .options(ANALYSIS_OPTIONS)
          .option('bundle', { type: 'string', describe: 'Analyse a saved evidence bundle (from `capture`) instead of querying a server' })
          .option('format', { choices: ['markdown', 'json', 'html'] as const, default: 'markdown' as const, describe: 'Report format (html: one self-contained page with charts)' })
          .option('out', { type: 'string', describe: 'Write the report here instead of stdout' })
          .option('redact', { type: 'boolean', default: true, describe: 'Mask tokens, passwords in URLs, Authorization headers, API keys and e-mail addresses found in logs and labels (--no-redact to keep them)' })
          .epilogue(`${RECONSTRUCT_EXAMPLES}\n\n${EPILOGUE}`),
      async (args) => {
        checkSingleValued(args);
        exitCode = await runReconstruct(args as unknown as CommandFlags);
      },
    )
    .command(
      'capture',
      'Save the evidence of an outage window to a file, to analyse later or elsewhere',
      (y) =>
        y
          .options(SOURCE_OPTIONS)
          .option('out', { type: 'string', demandOption: true, describe: 'Evidence bundle to write (.json.gz)' })
          .epilogue(`${CAPTURE_EXAMPLES}\n\n${EPILOGUE}`),
      async (args) => {
        checkSingleValued(args);
        exitCode = await runCapture(args as unknown as CommandFlags);
      },
    )
    .demandCommand(1, 'Name a command: reconstruct or capture')
    .strict()
    .help()
    .version()
    .wrap(Math.min(110, process.stderr.columns ?? 110))
    .fail((message, error) => {
      if (error !== undefined && error !== null) throw error;
      // yargs would print the whole usage block; the contract promises one line.
      throw new UsageError(usageLine(message, argv));
    });
  await cli.parseAsync();
  return exitCode;
}

main(hideBin(process.argv)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof BundleError) {
      process.stderr.write(`incident-timeline: ${error.message}\n`);
      process.exitCode = EXIT_USAGE;
    } else if (error instanceof SourceError) {
      process.stderr.write(`incident-timeline: ${error.message}\n`);
      process.exitCode = EXIT_SOURCE_FAILED;
    } else {
      // A bug, not a user mistake: keep the stack so it can be reported.
      process.stderr.write(`incident-timeline: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = 70;
    }
  },
);
