/** Settings that make the sandbox behave like a slow, busy or broken server. */
export interface ServerKnobs {
  /** Delay before every /v2 response, in milliseconds. */
  latencyMs: number;
  /** Share (0..1) of /v2 requests that get a 429 response, chosen by a seeded PRNG. */
  rateLimitFraction: number;
  /** Retry-After header value on knob-made 429s: delta-seconds or an HTTP date, sent as is. */
  retryAfter: string;
  /** Share (0..1) of /v2 requests that get a 503 response, chosen by a seeded PRNG. */
  serverErrorFraction: number;
  /** Send error bodies as an HTML page (text/html), as a reverse proxy would. */
  htmlErrors: boolean;
  /** Cut 200 bodies in half, so they are invalid JSON under an application/json content type. */
  brokenJson: boolean;
  /** Maximum items per list page, applied below the requested limit. */
  maxPageSize: number;
  /**
   * Effect of assign on users who were COMPLETED. The API documentation says
   * that re-assigning a completed user makes them PENDING, but not whether a
   * user kept in a full-replace list counts as re-assigned. 'reset' (the
   * literal reading) makes every e-mail in the request PENDING. 'keep' keeps
   * the status of users who were already assigned.
   */
  completedOnReassign: 'reset' | 'keep';
}

export const DEFAULT_KNOBS: Readonly<ServerKnobs> = {
  latencyMs: 0,
  rateLimitFraction: 0,
  retryAfter: '1',
  serverErrorFraction: 0,
  htmlErrors: false,
  brokenJson: false,
  maxPageSize: 500,
  completedOnReassign: 'reset',
};

/** Maximum delay that a knob or fault may set: 10 minutes, in milliseconds. */
export const MAX_DELAY_MS = 600_000;

type KnobCheck = (value: unknown) => string | undefined;

const KNOB_CHECKS: Readonly<Record<keyof ServerKnobs, KnobCheck>> = {
  latencyMs: (value) => checkInteger(value, 0, MAX_DELAY_MS),
  rateLimitFraction: (value) => checkFraction(value),
  retryAfter: (value) => checkHeaderValue(value),
  serverErrorFraction: (value) => checkFraction(value),
  htmlErrors: (value) => (typeof value === 'boolean' ? undefined : 'expected true or false'),
  brokenJson: (value) => (typeof value === 'boolean' ? undefined : 'expected true or false'),
  maxPageSize: (value) => checkInteger(value, 1, 10_000),
  completedOnReassign: (value) => (value === 'reset' || value === 'keep' ? undefined : "expected 'reset' or 'keep'"),
};

export const KNOB_NAMES = Object.keys(KNOB_CHECKS) as Array<keyof ServerKnobs>;

/**
 * Checks a partial knob object, e.g. from JSON, and returns it typed.
 * Throws a TypeError that names the knob and the allowed values.
 */
export function validateKnobs(input: unknown): Partial<ServerKnobs> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new TypeError('Knobs must be a JSON object, e.g. {"latencyMs": 200}.');
  }

  for (const [name, value] of Object.entries(input)) {
    if (!(name in KNOB_CHECKS)) {
      throw new TypeError(`Unknown knob "${name}". Known knobs: ${KNOB_NAMES.join(', ')}.`);
    }

    const problem = KNOB_CHECKS[name as keyof ServerKnobs](value);

    if (problem !== undefined) {
      throw new TypeError(`Invalid value ${JSON.stringify(value)} for knob "${name}": ${problem}.`);
    }
  }

  return input as Partial<ServerKnobs>;
}

export function checkInteger(value: unknown, min: number, max: number): string | undefined {
  return Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max
    ? undefined
    : `expected an integer from ${min} to ${max}`;
}

function checkFraction(value: unknown): string | undefined {
  return typeof value === 'number' && value >= 0 && value <= 1 ? undefined : 'expected a number from 0 to 1';
}

/** Any text without control characters is allowed, so clients can be tested on malformed values too. */
export function checkHeaderValue(value: unknown): string | undefined {
  // eslint-disable-next-line no-control-regex
  return typeof value === 'string' && !/[\u0000-\u001f\u007f]/.test(value)
    ? undefined
    : 'expected a string without control characters';
}
