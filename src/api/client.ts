// A client for the Arize REST API v2 endpoints that the extension uses. Ids are
// opaque base64 strings and are URL-encoded in paths (they may end with `=`).
import { ArizeApiError } from './errors';
import { HttpOptions, HttpTransport } from './http';
import { parseAssignResponse, parsePage, parseQueue, parseRecord, parseSpace, SchemaError } from './parse';
import { AnnotationQueue, AnnotationQueueRecord, AssignRecordResponse, Page, Space } from './types';
import { MAX_ASSIGNEES, MAX_RECORDS_PAGE_SIZE } from '../constants';

export type ArizeClientOptions = HttpOptions;

export interface ListQueuesOptions {
  spaceId?: string;
  name?: string;
  /** 1–100. */
  limit?: number;
  cursor?: string;
  signal?: AbortSignal;
}

export interface ListRecordsOptions {
  /** 1–500. */
  limit?: number;
  cursor?: string;
  signal?: AbortSignal;
}

/** Upper bound on pages read by the list-everything helpers, so a server that never ends its list cannot loop us forever. */
const MAX_PAGES = 1000;

export class ArizeClient {
  private readonly http: HttpTransport;

  constructor(options: ArizeClientOptions) {
    this.http = new HttpTransport(options);
  }

  async listQueues(options: ListQueuesOptions = {}): Promise<Page<AnnotationQueue>> {
    const path = '/v2/annotation-queues';
    const body = await this.http.request('GET', path, {
      query: { space_id: options.spaceId, name: options.name, limit: options.limit, cursor: options.cursor },
      signal: options.signal,
    });
    return this.parse('GET', path, () => parsePage(body, 'annotation_queues', parseQueue));
  }

  /** Reads every page of the queue list. */
  async listAllQueues(options: Omit<ListQueuesOptions, 'cursor'> = {}): Promise<AnnotationQueue[]> {
    const queues: AnnotationQueue[] = [];
    let cursor: string | undefined;

    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await this.listQueues({ ...options, limit: options.limit ?? 100, cursor });
      queues.push(...result.items);
      if (!result.hasMore) {
        return queues;
      }
      cursor = result.nextCursor;
    }
    return queues;
  }

  async getQueue(queueId: string, options: { signal?: AbortSignal } = {}): Promise<AnnotationQueue> {
    const path = `/v2/annotation-queues/${encodeURIComponent(queueId)}`;
    const body = await this.http.request('GET', path, { signal: options.signal });
    return this.parse('GET', path, () => parseQueue(body));
  }

  async listRecords(queueId: string, options: ListRecordsOptions = {}): Promise<Page<AnnotationQueueRecord>> {
    const path = `/v2/annotation-queues/${encodeURIComponent(queueId)}/records`;
    const body = await this.http.request('GET', path, {
      query: { limit: options.limit, cursor: options.cursor },
      signal: options.signal,
    });
    return this.parse('GET', path, () => parsePage(body, 'records', parseRecord));
  }

  /**
   * Replaces the record's assignees with `emails`; an empty list removes them all.
   * Callers validate the e-mails first; this only guards the API's 100-item limit.
   */
  async assignUsers(
    queueId: string,
    recordId: string,
    emails: readonly string[],
    options: { signal?: AbortSignal } = {},
  ): Promise<AssignRecordResponse> {
    const path = `/v2/annotation-queues/${encodeURIComponent(queueId)}/records/${encodeURIComponent(recordId)}/assign`;
    if (emails.length > MAX_ASSIGNEES) {
      throw new ArizeApiError({
        kind: 'invalidRequest',
        method: 'POST',
        path,
        detail: `${emails.length} e-mails given, at most ${MAX_ASSIGNEES} allowed`,
      });
    }

    const body = await this.http.request('POST', path, {
      body: { assigned_user_emails: emails },
      signal: options.signal,
    });
    return this.parse('POST', path, () => parseAssignResponse(body));
  }

  async listSpaces(options: { limit?: number; cursor?: string; signal?: AbortSignal } = {}): Promise<Page<Space>> {
    const path = '/v2/spaces';
    const body = await this.http.request('GET', path, {
      query: { limit: options.limit, cursor: options.cursor },
      signal: options.signal,
    });
    return this.parse('GET', path, () => parsePage(body, 'spaces', parseSpace));
  }

  /** Reads every page of the space list. */
  async listAllSpaces(options: { signal?: AbortSignal } = {}): Promise<Space[]> {
    const spaces: Space[] = [];
    let cursor: string | undefined;

    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await this.listSpaces({ limit: 100, cursor, signal: options.signal });
      spaces.push(...result.items);
      if (!result.hasMore) {
        return spaces;
      }
      cursor = result.nextCursor;
    }
    return spaces;
  }

  /**
   * Reads every record of a queue, 500 (the API's maximum) a page, and reports
   * the running count after each page. Records repeated across pages are kept
   * once, because cursors are not promised to be stable while records change.
   */
  async listAllRecords(
    queueId: string,
    options: { signal?: AbortSignal; onPage?: (recordsSoFar: number) => void } = {},
  ): Promise<AnnotationQueueRecord[]> {
    const records: AnnotationQueueRecord[] = [];
    const seen = new Set<string>();
    let cursor: string | undefined;

    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await this.listRecords(queueId, { limit: MAX_RECORDS_PAGE_SIZE, cursor, signal: options.signal });
      for (const record of result.items) {
        if (!seen.has(record.id)) {
          seen.add(record.id);
          records.push(record);
        }
      }
      options.onPage?.(records.length);
      if (!result.hasMore) {
        return records;
      }
      cursor = result.nextCursor;
    }
    return records;
  }

  private parse<T>(method: string, path: string, parse: () => T): T {
    try {
      return parse();
    } catch (error) {
      if (error instanceof SchemaError) {
        throw new ArizeApiError({ kind: 'invalidResponse', method, path, detail: error.message });
      }
      throw error;
    }
  }
}
