import * as assert from 'node:assert/strict';

import { ArizeClient } from '../../src/api/client';
import { AnnotationQueueRecord } from '../../src/api/types';
import {
  contentSecurityPolicy,
  escapeHtml,
  renderRecordDetailsHtml,
  RecordDetailsStrings,
  visible,
} from '../../src/details/recordDetailsHtml';
import { RunningArizeServer } from '../../src/server/server';
import { makeClient, MemoryLogger, startServer } from './helpers';

const STRINGS: RecordDetailsStrings = {
  pageTitle: 'Record Details',
  recordId: 'Record ID',
  queue: 'Queue',
  sourceType: 'Source type',
  granularity: 'Granularity',
  assignees: 'Assignees',
  data: 'Data',
  annotations: 'Annotations',
  traceAnnotations: 'Trace annotations',
  evaluations: 'Evaluations',
  field: 'Field',
  value: 'Value',
  name: 'Name',
  label: 'Label',
  score: 'Score',
  text: 'Text',
  explanation: 'Explanation',
  annotator: 'Annotator',
  updated: 'Updated',
  email: 'E-mail',
  status: 'Status',
  none: 'None',
  showAll: 'Show all ({0} characters)',
};

const NONCE = 'bm9uY2Utb2YtdGhlLXRlc3Q=';
const CSP_SOURCE = 'https://webview.example.invalid';

function render(record: AnnotationQueueRecord, truncateAt?: number): string {
  return renderRecordDetailsHtml({
    record,
    queueName: 'Queue <b>name</b>',
    strings: STRINGS,
    nonce: NONCE,
    cspSource: CSP_SOURCE,
    truncateAt,
  });
}

/** Lists the tag names in the document; escaped text contributes none. */
function tags(html: string): string[] {
  return [...html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((match) => match[1].toLowerCase());
}

describe('record details HTML with hostile records from the local server', () => {
  let server: RunningArizeServer;
  let client: ArizeClient;
  let hostile: AnnotationQueueRecord[];

  before(async () => {
    server = await startServer();
    client = makeClient(server, new MemoryLogger());
    const queues = await client.listAllQueues();
    const all = (await Promise.all(queues.map((queue) => client.listAllRecords(queue.id)))).flat();
    hostile = all.filter((record) => server.store.data.hostileRecordIds.includes(record.id));
  });

  after(async () => {
    await server.close();
  });

  it('finds both seeded hostile records', () => {
    assert.equal(hostile.length, 2);
  });

  it('emits only its own tags', () => {
    const allowed = new Set([
      'html',
      'head',
      'meta',
      'title',
      'style',
      'body',
      'h1',
      'h2',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
      'p',
      'div',
      'details',
      'summary',
    ]);
    for (const record of hostile) {
      const used = tags(render(record));
      assert.deepEqual(
        used.filter((tag) => !allowed.has(tag)),
        [],
        record.id,
      );
    }
  });

  it('never emits script, image, iframe or link markup', () => {
    for (const record of hostile) {
      const html = render(record);
      // Escaped text has no '<', so these are exactly the tags a browser parses.
      const markup = (html.match(/<[^>]*>/g) ?? []).join('\n');
      assert.doesNotMatch(html, /<script/i);
      assert.doesNotMatch(html, /<img/i);
      assert.doesNotMatch(html, /<iframe/i);
      assert.doesNotMatch(html, /<a[\s>]/i);
      assert.doesNotMatch(markup, /\shref=/i);
      assert.doesNotMatch(markup, /\son\w+=/i, 'no event handler attribute');
      assert.doesNotMatch(markup, /\ssrc=/i);
    }
  });

  it('shows the hostile text escaped', () => {
    const span = hostile.find((record) => record.source_type === 'SPANS')!;
    const html = render(span, 10_000);
    assert.ok(html.includes('&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;'));
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;ChatCompletion'));
    assert.ok(html.includes('[Open settings](command:workbench.action.openSettings)'), 'the Markdown link shows as text');
    assert.ok(html.includes('[details](command:workbench.action.reloadWindow)'), 'the evaluation explanation shows as text');
    assert.ok(html.includes('&lt;b&gt;factual&lt;/b&gt;'));
  });

  it('makes bidi overrides and escape codes visible', () => {
    const span = hostile.find((record) => record.source_type === 'SPANS')!;
    const html = render(span, 10_000);
    assert.ok(html.includes('user[U+202E]gnp.exe'));
    assert.ok(html.includes('\u241b[31mred terminal text\u241b[0m'));
    // eslint-disable-next-line no-control-regex -- the escape character must not reach the page.
    assert.doesNotMatch(html, /[\u202a-\u202e\u2066-\u2069\u001b]/);
  });

  it('escapes the dataset record', () => {
    const dataset = hostile.find((record) => record.source_type === 'DATASET')!;
    const html = render(dataset, 10_000);
    assert.ok(html.includes('&lt;iframe src=&quot;https://example.invalid&quot;&gt;&lt;/iframe&gt;'));
    assert.ok(html.includes('{{constructor.constructor(&quot;alert(1)&quot;)()}}'));
  });

  it('escapes the queue name', () => {
    assert.ok(render(hostile[0]).includes('Queue &lt;b&gt;name&lt;/b&gt;'));
  });
});

describe('record details HTML', () => {
  const base: AnnotationQueueRecord = {
    id: 'UmVjb3JkOjE=',
    annotation_queue_id: 'UXVldWU6MQ==',
    source_type: 'SPANS',
    granularity: 'TRACE',
    data: { input: 'short', nested: { messages: ['hi', 'there'] }, empty: null },
    annotations: [
      {
        name: 'Correctness',
        label: 'correct',
        score: 1,
        annotator: { id: 'u', email: 'ana.lopez@example.com' },
        updated_at: '2026-06-02T10:00:00.000Z',
      },
    ],
    trace_annotations: [{ name: 'Resolved', label: 'yes' }],
    evaluations: [{ name: 'hallucination', label: 'factual', score: 0, explanation: 'ok' }],
    assigned_users: [
      { user: { id: 'u1', email: 'ana.lopez@example.com' }, completion_status: 'COMPLETED' },
      { user: { id: 'u2', email: 'ben.okafor@example.com' }, completion_status: 'PENDING' },
    ],
  };

  it('sets a strict content security policy', () => {
    const html = render(base);
    const policy = contentSecurityPolicy(NONCE, CSP_SOURCE);
    assert.equal(policy, `default-src 'none'; style-src ${CSP_SOURCE} 'nonce-${NONCE}'; base-uri 'none'; form-action 'none'`);
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${escapeHtml(policy)}">`));
    assert.doesNotMatch(policy, /script-src|unsafe-inline|unsafe-eval/);
    assert.ok(html.includes(`<style nonce="${NONCE}">`));
  });

  it('lists every section', () => {
    const html = render(base);
    for (const heading of ['Assignees', 'Data', 'Annotations', 'Trace annotations', 'Evaluations']) {
      assert.ok(html.includes(`<h2>${heading}</h2>`), heading);
    }
    assert.ok(html.includes('ben.okafor@example.com</th><td>PENDING</td>'));
    assert.ok(html.includes('ana.lopez@example.com</th><td>COMPLETED</td>'));
    assert.ok(html.includes('Resolved'));
    assert.ok(html.includes('hallucination'));
  });

  it('shows nested data as indented JSON', () => {
    assert.ok(render(base).includes('{\n  &quot;messages&quot;: [\n    &quot;hi&quot;,'));
  });

  it('cuts long values behind show all', () => {
    const long = 'x'.repeat(1000) + '<end>';
    const html = render({ ...base, data: { input: long } }, 400);
    assert.ok(html.includes(`<div class="value truncated">${'x'.repeat(400)}…</div>`));
    assert.ok(html.includes('<details><summary>Show all (1005 characters)</summary>'));
    assert.ok(html.includes(`${'x'.repeat(1000)}&lt;end&gt;</div></details>`), 'the full value is behind the summary');
  });

  it('keeps short values whole', () => {
    const html = render(base, 400);
    assert.ok(html.includes('<div class="value">short</div>'));
    assert.doesNotMatch(html, /<details>/);
  });

  it('says none for empty lists', () => {
    const html = render({ ...base, annotations: [], trace_annotations: [], evaluations: [], assigned_users: [], data: {} });
    assert.equal(html.match(/<p class="none">None<\/p>/g)?.length, 5);
  });

  it('escapes all five special characters', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('keeps line breaks and tabs', () => {
    assert.equal(visible('a\nb\tc\u0007'), 'a\nb\tc\u2407');
  });
});
