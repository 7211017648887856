/** The commands, to tell a mistyped command from a stray value and to point at the right `--help`. */
export const COMMANDS = ['reconstruct', 'capture'] as const;

/** What the user typed, as far as a usage message needs it. */
interface Typed {
  readonly command: string | null;
  readonly argv: readonly string[];
}

function isFlag(name: string, argv: readonly string[]): boolean {
  return argv.some((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`) || arg === `-${name}` || arg === `--no-${name}`);
}

function describeUnknown(name: string, typed: Typed): string {
  if (isFlag(name, typed.argv)) return `unknown option --${name}`;
  if (typed.command === null) return `unknown command "${name}": expected ${COMMANDS.join(' or ')}`;
  // The usual cause: a time with a space, unquoted (`--from 2023-10-15 08:00`), leaves its second half behind.
  return `unexpected argument "${name}" (quote values that contain spaces, e.g. --from "2023-10-15 08:00")`;
}

/** yargs joins several names with ", ". */
function names(list: string): string[] {
  return list.split(', ').map((name) => name.trim()).filter((name) => name !== '');
}

/**
 * Turns a yargs validation message into the one line the contract promises, naming the flag the way
 * the user typed it and pointing at the command's `--help` instead of printing the whole usage block.
 * yargs' own messages can span lines ("Invalid values:\n  Argument: …"), which breaks scripts that
 * read the last line of stderr.
 *
 * @example
 * usageLine('Unknown argument: frmo', ['reconstruct', '--frmo', 'x'])
 * // 'unknown option --frmo (see incident-timeline reconstruct --help)'
 */
export function usageLine(message: string, argv: readonly string[]): string {
  const first = argv.find((arg) => !arg.startsWith('-'));
  const command = first !== undefined && (COMMANDS as readonly string[]).includes(first) ? first : null;
  const typed: Typed = { command, argv };
  let text: string;
  const unknown = /^Unknown arguments?: (.*)$/s.exec(message);
  const missing = /^Missing required arguments?: (.*)$/s.exec(message);
  const invalid = /^Invalid values:\s*Argument: (\S+), Given: (.*), Choices: (.*)$/s.exec(message.trim());
  if (unknown !== null) text = names(unknown[1] ?? '').map((name) => describeUnknown(name, typed)).join('; ');
  else if (missing !== null) text = names(missing[1] ?? '').map((name) => `--${name} is required`).join('; ');
  else if (invalid !== null) text = `--${invalid[1]} ${invalid[2]?.trim()} is not one of the choices: expected ${invalid[3]?.trim().replace(/, (?=[^,]*$)/, ' or ')}`;
  else text = message.replace(/\s+/g, ' ').trim();
  return `${text} (see incident-timeline${command === null ? '' : ` ${command}`} --help)`;
}

/**
 * Rejects a single-valued flag given more than once. yargs turns `--lookback 2h --lookback 6h` into
 * an array, which the readers of single values would otherwise trip over (or silently pick one of).
 *
 * @returns the one-line message, or null when every such flag was given at most once.
 */
export function repeatedFlag(args: Readonly<Record<string, unknown>>, singleValued: readonly string[]): string | null {
  for (const name of singleValued) {
    const value = args[name];
    if (Array.isArray(value)) {
      return `--${name} is given ${value.length} times (${value.map((v) => JSON.stringify(v)).join(', ')}): give it once`;
    }
  }
  return null;
}
