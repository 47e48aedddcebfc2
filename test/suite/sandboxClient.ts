// Direct access to the local server that the test runner started, for
// checking its state apart from the extension. Not a test file: index.ts
// loads only `*.test.js`.

/** The local server's URL and its sample key, set by the test runner. */
export const sandboxUrl = process.env.ARIZE_SANDBOX_URL ?? '';
export const sandboxKey = process.env.ARIZE_SANDBOX_KEY ?? '';

/** Upper bound on pages read for one queue: 40 pages of 500 cover the largest queue a test creates. */
const MAX_PAGES = 40;

export interface WireRecord {
  id: string;
  assigned_users: Array<{ user: { email: string }; completion_status: string }>;
}

/** Calls a `/__sandbox` control endpoint and returns its JSON body, or undefined for an empty one. */
export async function sandbox(path: string, method = 'GET', body?: unknown): Promise<unknown> {
  const response = await fetch(`${sandboxUrl}${path}`, {
    method,
    headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}

/** Returns how many API requests the server has logged. */
export async function requestCount(): Promise<number> {
  return ((await sandbox('/__sandbox/requests')) as { requests: unknown[] }).requests.length;
}

/** Reads every record of a queue from the server, bypassing the extension. */
export async function serverRecords(queueId: string): Promise<WireRecord[]> {
  const records: WireRecord[] = [];
  let cursor = '';

  for (let page = 0; page < MAX_PAGES; page++) {
    const query = `limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await fetch(`${sandboxUrl}/v2/annotation-queues/${encodeURIComponent(queueId)}/records?${query}`, {
      headers: { Authorization: `Bearer ${sandboxKey}` },
    });
    if (response.status !== 200) {
      throw new Error(`GET records of ${queueId} failed with ${response.status}`);
    }

    const body = (await response.json()) as { records: WireRecord[]; pagination: { has_more: boolean; next_cursor?: string } };
    records.push(...body.records);
    if (!body.pagination.has_more) {
      break;
    }
    cursor = body.pagination.next_cursor ?? '';
  }
  return records;
}
