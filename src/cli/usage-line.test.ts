import { describe, expect, it } from 'vitest';
import { repeatedFlag, usageLine } from './usage-line.js';

describe('usageLine()', () => {
  it('names an unknown option as typed and points at the command\'s help', () => {
    expect(usageLine('Unknown argument: frmo', ['reconstruct', '--frmo', 'x'])).toBe('unknown option --frmo (see incident-timeline reconstruct --help)');
  });
  it('tells a mistyped command from a stray value', () => {
    expect(usageLine('Unknown argument: reconstrct', ['reconstrct'])).toBe('unknown command "reconstrct": expected reconstruct or capture (see incident-timeline --help)');
    expect(usageLine('Unknown argument: 08:00', ['capture', '--from', '2023-10-15', '08:00'])).toMatch(/^unexpected argument "08:00" \(quote values that contain spaces/);
  });
  it('lists several unknown arguments in one line', () => {
    expect(usageLine('Unknown arguments: a, b', ['reconstruct', '--a', '--b'])).toBe('unknown option --a; unknown option --b (see incident-timeline reconstruct --help)');
  });
  it('flattens yargs\' multi-line messages', () => {
    const invalid = 'Invalid values:\n  Argument: format, Given: "xml", Choices: "markdown", "json"';
    expect(usageLine(invalid, ['reconstruct', '--format', 'xml'])).toBe('--format "xml" is not one of the choices: expected "markdown" or "json" (see incident-timeline reconstruct --help)');
    const three = 'Invalid values:\n  Argument: format, Given: "xml", Choices: "markdown", "json", "html"';
    expect(usageLine(three, ['reconstruct', '--format', 'xml'])).toBe('--format "xml" is not one of the choices: expected "markdown", "json" or "html" (see incident-timeline reconstruct --help)');
    expect(usageLine('Missing required argument: out', ['capture'])).toBe('--out is required (see incident-timeline capture --help)');
    expect(usageLine('Something\n  else', [])).toBe('Something else (see incident-timeline --help)');
  });
});

describe('repeatedFlag()', () => {
  it('names a single-valued flag given twice and ignores the rest', () => {
    expect(repeatedFlag({ lookback: ['2h', '6h'], select: ['a', 'b'] }, ['lookback'])).toBe('--lookback is given 2 times ("2h", "6h"): give it once');
    expect(repeatedFlag({ lookback: '2h', select: ['a', 'b'] }, ['lookback'])).toBeNull();
  });
});
