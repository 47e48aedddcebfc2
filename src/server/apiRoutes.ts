import type { AnnotationQueue, ListQueuesResponse, ListRecordsResponse, ListSpacesResponse, Space } from '../api/types';
import { parseAssignBody, replaceAssignees, resolveAssignees } from './assign';
import type { ServerKnobs } from './knobs';
import { decodeCursor, parseLimit, takePage } from './pagination';
import { ApiError } from './problems';
import type { SandboxStore } from './store';
import { toAssignResponse, toWireRecord } from './wireCasing';

/** One /v2 request after authentication, with the path split after `/v2` and percent-decoded. */
export interface ApiRequest {
  method: string;
  segments: string[];
  query: URLSearchParams;
  readBody: () => Promise<Buffer>;
}

export interface ApiContext {
  store: SandboxStore;
  knobs: ServerKnobs;
}

export interface ApiResult {
  status: number;
  body: unknown;
}

const MAX_QUEUE_PAGE = 100;
const MAX_RECORD_PAGE = 500;
const MAX_SPACE_PAGE = 100;
const MAX_FILTER_LENGTH = 255;

type Handler = (request: ApiRequest, context: ApiContext, ids: string[]) => Promise<ApiResult> | ApiResult;

interface Route {
  /** Path segments after /v2; `*` matches one id. */
  pattern: string[];
  methods: Record<string, Handler>;
}

const ROUTES: Route[] = [
  { pattern: ['annotation-queues'], methods: { GET: listQueues } },
  { pattern: ['annotation-queues', '*'], methods: { GET: getQueue } },
  { pattern: ['annotation-queues', '*', 'records'], methods: { GET: listRecords } },
  { pattern: ['annotation-queues', '*', 'records', '*', 'assign'], methods: { POST: assignRecord } },
  { pattern: ['spaces'], methods: { GET: listSpaces } },
  { pattern: ['spaces', '*'], methods: { GET: getSpace } },
];

/** Routes a /v2 request to its handler. Throws an ApiError for 4xx responses, such as 404 for an unknown route and 405 for a wrong method. */
export async function handleApiRequest(request: ApiRequest, context: ApiContext): Promise<ApiResult> {
  for (const route of ROUTES) {
    const ids = matchPattern(route.pattern, request.segments);

    if (ids === undefined) {
      continue;
    }

    const handler = route.methods[request.method];

    if (handler === undefined) {
      const allowed = Object.keys(route.methods).join(', ');
      throw new ApiError(405, `Method ${request.method} is not allowed here; allowed: ${allowed}.`, { Allow: allowed });
    }

    return handler(request, context, ids);
  }

  throw new ApiError(404, `No endpoint at /v2/${request.segments.join('/')}.`);
}

/** Returns the ids that the pattern's `*` segments matched, or undefined when the path does not match. */
function matchPattern(pattern: string[], segments: string[]): string[] | undefined {
  if (pattern.length !== segments.length) {
    return undefined;
  }

  const ids: string[] = [];

  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '*' && segments[i] !== '') {
      ids.push(segments[i]);
    } else if (pattern[i] !== segments[i]) {
      return undefined;
    }
  }

  return ids;
}

function listQueues(request: ApiRequest, { store, knobs }: ApiContext): ApiResult {
  const limit = parseLimit(request.query.get('limit'), MAX_QUEUE_PAGE);
  const offset = decodeCursor(request.query.get('cursor'), 'annotation-queues');
  const spaceId = request.query.get('space_id');
  const spaceName = readFilter(request.query, 'space_name');
  const name = readFilter(request.query, 'name');

  if (spaceId !== null && store.findSpace(spaceId) === undefined) {
    throw new ApiError(404, `Space ${JSON.stringify(spaceId)} not found.`);
  }

  const matching = store.queues.filter(
    (queue) =>
      (spaceId === null || queue.space_id === spaceId) &&
      (spaceName === undefined || includesIgnoringCase(store.findSpace(queue.space_id)?.name ?? '', spaceName)) &&
      (name === undefined || includesIgnoringCase(queue.name, name)),
  );
  const page = takePage(matching, 'annotation-queues', offset, Math.min(limit, knobs.maxPageSize));
  const body: ListQueuesResponse = { annotation_queues: page.items, pagination: page.pagination };

  return { status: 200, body };
}

function getQueue(_request: ApiRequest, { store }: ApiContext, [queueId]: string[]): ApiResult {
  return { status: 200, body: requireQueue(store, queueId) };
}

function listRecords(request: ApiRequest, { store, knobs }: ApiContext, [queueId]: string[]): ApiResult {
  const queue = requireQueue(store, queueId);
  const limit = parseLimit(request.query.get('limit'), MAX_RECORD_PAGE);
  const list = `records:${queue.id}`;
  const offset = decodeCursor(request.query.get('cursor'), list);
  const page = takePage(store.recordsOf(queue.id), list, offset, Math.min(limit, knobs.maxPageSize));
  const lowerCase = store.usesLowerCaseEnums(queue.id);
  const body: ListRecordsResponse = {
    records: page.items.map((record) => toWireRecord(record, lowerCase)),
    pagination: page.pagination,
  };

  return { status: 200, body };
}

async function assignRecord(
  request: ApiRequest,
  { store, knobs }: ApiContext,
  [queueId, recordId]: string[],
): Promise<ApiResult> {
  const queue = requireQueue(store, queueId);
  const record = store.findRecord(queue.id, recordId);

  if (record === undefined) {
    throw new ApiError(404, `Record ${JSON.stringify(recordId)} not found in annotation queue ${JSON.stringify(queue.id)}.`);
  }

  const emails = parseAssignBody(await request.readBody());
  const users = resolveAssignees(store, emails);
  replaceAssignees(record, users, knobs.completedOnReassign);

  return { status: 200, body: toAssignResponse(record, store.usesLowerCaseEnums(queue.id)) };
}

function listSpaces(request: ApiRequest, { store, knobs }: ApiContext): ApiResult {
  const limit = parseLimit(request.query.get('limit'), MAX_SPACE_PAGE);
  const offset = decodeCursor(request.query.get('cursor'), 'spaces');
  const name = readFilter(request.query, 'name');
  const matching: Space[] = store.spaces.filter((space) => name === undefined || includesIgnoringCase(space.name, name));
  const page = takePage(matching, 'spaces', offset, Math.min(limit, knobs.maxPageSize));
  const body: ListSpacesResponse = { spaces: page.items, pagination: page.pagination };

  return { status: 200, body };
}

function getSpace(_request: ApiRequest, { store }: ApiContext, [spaceId]: string[]): ApiResult {
  const space = store.findSpace(spaceId);

  if (space === undefined) {
    throw new ApiError(404, `Space ${JSON.stringify(spaceId)} not found.`);
  }

  return { status: 200, body: space };
}

/**
 * Returns the queue or throws a 404 ApiError. Ids that are not valid base64
 * are 404 here too, although real servers may return 400 for a malformed id.
 */
function requireQueue(store: SandboxStore, queueId: string): AnnotationQueue {
  const queue = store.findQueue(queueId);

  if (queue === undefined) {
    throw new ApiError(404, `Annotation queue ${JSON.stringify(queueId)} not found.`);
  }

  return queue;
}

/** Returns a substring filter, or undefined when absent. Throws a 400 ApiError when it is longer than 255 characters. */
function readFilter(query: URLSearchParams, name: string): string | undefined {
  const value = query.get(name);

  if (value === null) {
    return undefined;
  }

  if (value.length > MAX_FILTER_LENGTH) {
    throw new ApiError(400, `Query parameter ${name} is longer than ${MAX_FILTER_LENGTH} characters.`);
  }

  return value;
}

function includesIgnoringCase(text: string, part: string): boolean {
  return text.toLowerCase().includes(part.toLowerCase());
}
