import { checkInteger } from './knobs';
import type { ArizeServerOptions } from './server';

// Command-line flags of `npm run sandbox`. Parsing is separate from main.ts so
// that it can be tested without starting a process.

export const DEFAULT_SANDBOX_PORT = 8787;

export const SANDBOX_USAGE = `Usage: npm run sandbox -- [options]

Starts the local Arize-compatible API server on 127.0.0.1.

Options:
  --port N                     TCP port (default ${DEFAULT_SANDBOX_PORT}, or $ARIZE_SANDBOX_PORT; 0 picks a free port)
  --latency-ms N               delay before every /v2 response, in milliseconds (default 0)
  --rate-limit-fraction F      share of /v2 requests answered with 429, from 0 to 1 (default 0)
  --retry-after V              Retry-After value on those 429s: seconds or an HTTP date (default 1)
  --server-error-fraction F    share of /v2 requests answered with 503, from 0 to 1 (default 0)
  --html-errors                send error bodies as HTML pages instead of problem+json
  --broken-json                cut 200 response bodies in half (invalid JSON)
  --max-page-size N            maximum records per list page, below the requested limit (default 500)
  --keep-completed-on-reassign keep COMPLETED for users an assign request keeps (default: reset to PENDING)
  --help                       show this help
`;

export type ParsedCommandLine = { help: true } | { help: false; options: ArizeServerOptions & { port: number } };

type ValueFlag =
  '--port' | '--latency-ms' | '--rate-limit-fraction' | '--retry-after' | '--server-error-fraction' | '--max-page-size';

const VALUE_FLAGS: readonly ValueFlag[] = [
  '--port',
  '--latency-ms',
  '--rate-limit-fraction',
  '--retry-after',
  '--server-error-fraction',
  '--max-page-size',
];
const SWITCH_FLAGS = ['--html-errors', '--broken-json', '--keep-completed-on-reassign', '--help'];

/**
 * Parses the flags (without `node` and the script path) and the environment.
 * Throws an Error whose message names the invalid flag or value. `--port`
 * takes precedence over ARIZE_SANDBOX_PORT.
 */
export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv): ParsedCommandLine {
  const values = new Map<string, string>();
  const switches = new Set<string>();

  for (let i = 0; i < argv.length; i++) {
    const [flag, inlineValue] = splitFlag(argv[i]);

    if (SWITCH_FLAGS.includes(flag) && inlineValue === undefined) {
      switches.add(flag);
    } else if ((VALUE_FLAGS as readonly string[]).includes(flag)) {
      const value = inlineValue ?? argv[++i];

      if (value === undefined) {
        throw new Error(`Missing value for ${flag}.`);
      }

      values.set(flag, value);
    } else {
      throw new Error(`Unknown option ${JSON.stringify(argv[i])}. Run with --help for the list of options.`);
    }
  }

  if (switches.has('--help')) {
    return { help: true };
  }

  const portText = values.get('--port') ?? env.ARIZE_SANDBOX_PORT ?? String(DEFAULT_SANDBOX_PORT);
  let portSource = 'default port';

  if (values.has('--port')) {
    portSource = '--port';
  } else if (env.ARIZE_SANDBOX_PORT !== undefined) {
    portSource = 'ARIZE_SANDBOX_PORT';
  }

  const options: ArizeServerOptions & { port: number } = { port: parseInteger(portSource, portText, 0, 65535), knobs: {} };
  const knobs = options.knobs ?? {};

  readOptional(values, '--latency-ms', (text) => (knobs.latencyMs = parseInteger('--latency-ms', text, 0, 600_000)));
  readOptional(
    values,
    '--rate-limit-fraction',
    (text) => (knobs.rateLimitFraction = parseFraction('--rate-limit-fraction', text)),
  );
  readOptional(values, '--retry-after', (text) => (knobs.retryAfter = text));
  readOptional(
    values,
    '--server-error-fraction',
    (text) => (knobs.serverErrorFraction = parseFraction('--server-error-fraction', text)),
  );
  readOptional(values, '--max-page-size', (text) => (knobs.maxPageSize = parseInteger('--max-page-size', text, 1, 10_000)));

  if (switches.has('--html-errors')) {
    knobs.htmlErrors = true;
  }

  if (switches.has('--broken-json')) {
    knobs.brokenJson = true;
  }

  if (switches.has('--keep-completed-on-reassign')) {
    knobs.completedOnReassign = 'keep';
  }

  return { help: false, options };
}

function splitFlag(argument: string): [string, string | undefined] {
  const equals = argument.indexOf('=');
  return equals < 0 ? [argument, undefined] : [argument.slice(0, equals), argument.slice(equals + 1)];
}

function readOptional(values: Map<string, string>, flag: ValueFlag, apply: (text: string) => unknown): void {
  const text = values.get(flag);

  if (text !== undefined) {
    apply(text);
  }
}

function parseInteger(source: string, text: string, min: number, max: number): number {
  const value = /^[0-9]+$/.test(text) ? Number(text) : NaN;

  if (checkInteger(value, min, max) !== undefined) {
    throw new Error(`Invalid ${source} value ${JSON.stringify(text)}: expected an integer from ${min} to ${max}.`);
  }

  return value;
}

function parseFraction(flag: string, text: string): number {
  const value = /^(?:0|1|0?\.[0-9]+|1\.0*)$/.test(text) ? Number(text) : NaN;

  if (!(value >= 0 && value <= 1)) {
    throw new Error(`Invalid ${flag} value ${JSON.stringify(text)}: expected a number from 0 to 1, e.g. 0.25.`);
  }

  return value;
}
