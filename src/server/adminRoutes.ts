import type { IncomingMessage } from 'node:http';
import { validateFault } from './faults';
import type { ServerKnobs } from './knobs';
import { ApiError } from './problems';
import { apiErrorOutcome, emptyOutcome, jsonOutcome, type Outcome, readRequestBody } from './responses';
import type { Sandbox } from './sandbox';
import { MAX_GENERATED_RECORDS } from './store';

// Control endpoints under /__sandbox for tests that run in another process.
// They need no API key, because the server listens on 127.0.0.1 only, and
// knobs and faults never apply to them.

type AdminHandler = (sandbox: Sandbox, request: IncomingMessage) => Promise<Outcome> | Outcome;

const ADMIN_ROUTES: Record<string, Record<string, AdminHandler>> = {
  '/__sandbox/reset': {
    POST: (sandbox) => {
      sandbox.reset();
      return emptyOutcome(204);
    },
  },
  '/__sandbox/knobs': {
    GET: (sandbox) => jsonOutcome(200, sandbox.knobs),
    PUT: async (sandbox, request) => {
      const knobs = await readJson(request);
      applyOrReject(() => sandbox.setKnobs(knobs as Partial<ServerKnobs>));
      return jsonOutcome(200, sandbox.knobs);
    },
  },
  '/__sandbox/faults': {
    POST: async (sandbox, request) => {
      const body = await readJson(request);
      const faults = Array.isArray(body) ? body : [body];
      applyOrReject(() => faults.forEach((fault) => validateFault(fault)));
      sandbox.addFaults(...faults);
      return jsonOutcome(200, { queued: faults.length });
    },
    DELETE: (sandbox) => {
      sandbox.clearFaults();
      return emptyOutcome(204);
    },
  },
  '/__sandbox/requests': {
    GET: (sandbox) => jsonOutcome(200, { requests: sandbox.requests }),
    DELETE: (sandbox) => {
      sandbox.requests.length = 0;
      return emptyOutcome(204);
    },
  },
  '/__sandbox/queues': {
    POST: async (sandbox, request) => {
      const body = (await readJson(request)) as { name?: unknown; records?: unknown };
      const count = body?.records;
      if (
        typeof body?.name !== 'string' ||
        !body.name ||
        typeof count !== 'number' ||
        !Number.isInteger(count) ||
        count < 0 ||
        count > MAX_GENERATED_RECORDS
      ) {
        throw new ApiError(400, `Expected { "name": text, "records": integer from 0 to ${MAX_GENERATED_RECORDS} }.`);
      }
      const queue = sandbox.store.addGeneratedQueue(body.name, count);
      return jsonOutcome(201, { id: queue.id, name: queue.name, records: count });
    },
  },
  '/__sandbox/info': {
    GET: (sandbox) => jsonOutcome(200, sandbox.store.summarize()),
  },
};

export async function handleAdminRequest(
  sandbox: Sandbox,
  method: string,
  path: string,
  request: IncomingMessage,
): Promise<Outcome> {
  try {
    const methods = ADMIN_ROUTES[path];

    if (methods === undefined) {
      throw new ApiError(404, `No sandbox control endpoint at ${path}. Known: ${Object.keys(ADMIN_ROUTES).join(', ')}.`);
    }

    const handler = methods[method];

    if (handler === undefined) {
      const allowed = Object.keys(methods).join(', ');
      throw new ApiError(405, `Method ${method} is not allowed on ${path}; allowed: ${allowed}.`, { Allow: allowed });
    }

    return await handler(sandbox, request);
  } catch (error) {
    if (error instanceof ApiError) {
      return apiErrorOutcome(error, 'problem');
    }

    throw error;
  }
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const text = (await readRequestBody(request)).toString('utf8');

  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, `Request body is not valid JSON: ${(error as Error).message}`);
  }
}

/** Runs a validating step and turns its TypeError into a 400 ApiError with the same message. */
function applyOrReject(step: () => void): void {
  try {
    step();
  } catch (error) {
    if (error instanceof TypeError) {
      throw new ApiError(400, error.message);
    }

    throw error;
  }
}
