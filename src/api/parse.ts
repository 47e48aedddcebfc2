// Checks and normalises response bodies. The API is in beta and has changed enum
// casing before, so enum values are upper-cased and unknown fields and values
// are kept. A missing required field makes the response invalid.
import { AnnotatorUser, AnnotationQueue, AnnotationQueueRecord, AssignedUser, AssignRecordResponse, Page, Space } from './types';

/** Thrown by the parsers; the client turns it into an `invalidResponse` ArizeApiError. */
export class SchemaError extends Error {}

type Json = Record<string, unknown>;

function asObject(value: unknown, where: string): Json {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new SchemaError(`${where} is not an object`);
  }
  return value as Json;
}

function asArray(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) {
    throw new SchemaError(`${where} is not an array`);
  }
  return value;
}

/** Reads an array field that the schema requires but that some responses leave out; absent means empty. */
function optionalArray(value: unknown, where: string): unknown[] {
  return value === undefined || value === null ? [] : asArray(value, where);
}

function asString(value: unknown, where: string): string {
  if (typeof value !== 'string') {
    throw new SchemaError(`${where} is not a string`);
  }
  return value;
}

function upperEnum(value: unknown, where: string): string {
  return asString(value, where).toUpperCase();
}

export function parseAnnotator(value: unknown, where: string): AnnotatorUser {
  const object = asObject(value, where);
  return { ...object, id: asString(object.id, `${where}.id`), email: asString(object.email, `${where}.email`) };
}

export function parseAssignedUser(value: unknown, where: string): AssignedUser {
  const object = asObject(value, where);
  return {
    ...object,
    user: parseAnnotator(object.user, `${where}.user`),
    completion_status: upperEnum(object.completion_status, `${where}.completion_status`),
  };
}

function parseAssignedUsers(value: unknown, where: string): AssignedUser[] {
  return asArray(value, where).map((entry, index) => parseAssignedUser(entry, `${where}[${index}]`));
}

function parseGranularity(value: unknown, where: string): string | null | undefined {
  if (value === undefined || value === null) {
    return value;
  }
  return upperEnum(value, where);
}

export function parseQueue(value: unknown, where = 'annotation queue'): AnnotationQueue {
  const object = asObject(value, where);
  return {
    ...(object as unknown as AnnotationQueue),
    id: asString(object.id, `${where}.id`),
    name: asString(object.name, `${where}.name`),
    space_id: typeof object.space_id === 'string' ? object.space_id : '',
    annotators: optionalArray(object.annotators, `${where}.annotators`).map((entry, index) =>
      parseAnnotator(entry, `${where}.annotators[${index}]`),
    ),
  };
}

export function parseRecord(value: unknown, where = 'record'): AnnotationQueueRecord {
  const object = asObject(value, where);
  return {
    ...(object as unknown as AnnotationQueueRecord),
    id: asString(object.id, `${where}.id`),
    annotation_queue_id: typeof object.annotation_queue_id === 'string' ? object.annotation_queue_id : '',
    source_type: upperEnum(object.source_type, `${where}.source_type`),
    granularity: parseGranularity(object.granularity, `${where}.granularity`),
    data: object.data === undefined || object.data === null ? {} : asObject(object.data, `${where}.data`),
    annotations: optionalArray(object.annotations, `${where}.annotations`) as AnnotationQueueRecord['annotations'],
    trace_annotations: optionalArray(
      object.trace_annotations,
      `${where}.trace_annotations`,
    ) as AnnotationQueueRecord['trace_annotations'],
    evaluations: optionalArray(object.evaluations, `${where}.evaluations`) as AnnotationQueueRecord['evaluations'],
    assigned_users: parseAssignedUsers(object.assigned_users ?? [], `${where}.assigned_users`),
  };
}

export function parseAssignResponse(value: unknown): AssignRecordResponse {
  const object = asObject(value, 'assign response');
  return {
    ...object,
    id: asString(object.id, 'assign response.id'),
    annotation_queue_id: asString(object.annotation_queue_id, 'assign response.annotation_queue_id'),
    source_type: upperEnum(object.source_type, 'assign response.source_type'),
    granularity: parseGranularity(object.granularity, 'assign response.granularity'),
    assigned_users: parseAssignedUsers(object.assigned_users, 'assign response.assigned_users'),
  };
}

export function parseSpace(value: unknown, where = 'space'): Space {
  const object = asObject(value, where);
  return { ...object, id: asString(object.id, `${where}.id`), name: asString(object.name, `${where}.name`) };
}

/** Reads `{ <listField>: [...], pagination: { has_more, next_cursor? } }`. */
export function parsePage<T>(body: unknown, listField: string, parseItem: (value: unknown, where: string) => T): Page<T> {
  const object = asObject(body, 'response body');
  const items = asArray(object[listField], listField).map((entry, index) => parseItem(entry, `${listField}[${index}]`));
  const pagination = asObject(object.pagination, 'pagination');

  if (typeof pagination.has_more !== 'boolean') {
    throw new SchemaError('pagination.has_more is not a boolean');
  }
  const nextCursor = typeof pagination.next_cursor === 'string' && pagination.next_cursor ? pagination.next_cursor : undefined;
  if (pagination.has_more && !nextCursor) {
    throw new SchemaError('pagination.has_more is true but next_cursor is missing');
  }
  return { items, hasMore: pagination.has_more, nextCursor };
}
