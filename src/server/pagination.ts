import type { PaginationMetadata } from '../api/types';
import { ApiError } from './problems';

// Cursors are opaque to clients: base64url of JSON naming the list they belong
// to and the offset of the next item. A cursor from another list is rejected.

interface CursorContent {
  list: string;
  offset: number;
}

export interface Page<T> {
  items: T[];
  pagination: PaginationMetadata;
}

export const DEFAULT_LIMIT = 50;

/** Parses the `limit` query parameter. Throws a 400 ApiError unless it is an integer in [1, max]. */
export function parseLimit(raw: string | null, max: number): number {
  if (raw === null) {
    return DEFAULT_LIMIT;
  }

  const value = /^[0-9]+$/.test(raw) ? Number(raw) : NaN;

  if (!Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new ApiError(400, `Invalid limit ${JSON.stringify(raw)}: expected an integer from 1 to ${max}.`);
  }

  return value;
}

export function encodeCursor(list: string, offset: number): string {
  const content: CursorContent = { list, offset };
  return Buffer.from(JSON.stringify(content), 'utf8').toString('base64url');
}

/** Returns the offset that the cursor points at. Throws a 400 ApiError for a malformed cursor or one of another list. */
export function decodeCursor(raw: string | null, list: string): number {
  if (raw === null) {
    return 0;
  }

  const invalid = new ApiError(400, 'Invalid cursor: pass back pagination.next_cursor from the previous page unchanged.');

  if (!/^[A-Za-z0-9_-]+$/.test(raw)) {
    throw invalid;
  }

  let content: unknown;

  try {
    content = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }

  if (!isCursorContent(content) || content.list !== list) {
    throw invalid;
  }

  return content.offset;
}

/**
 * Returns up to `pageSize` items from `offset`, with a next cursor when more
 * items follow. `pageSize` may be smaller than the requested limit, as real
 * servers may return short pages that still have more.
 */
export function takePage<T>(items: readonly T[], list: string, offset: number, pageSize: number): Page<T> {
  const end = Math.min(offset + pageSize, items.length);
  const page = items.slice(offset, end);

  if (end < items.length) {
    return { items: page, pagination: { has_more: true, next_cursor: encodeCursor(list, end) } };
  }

  return { items: page, pagination: { has_more: false } };
}

function isCursorContent(value: unknown): value is CursorContent {
  if (typeof value !== 'object' || value === null) {
    return false;
  }

  const candidate = value as Record<string, unknown>;
  return typeof candidate.list === 'string' && Number.isSafeInteger(candidate.offset) && (candidate.offset as number) >= 0;
}
