import * as assert from 'node:assert/strict';

import { appOriginFor, buildQueueLink } from '../../src/links/arizeAppLink';

const IDS = { organizationId: 'T3JnYW5pemF0aW9uOjE=', spaceId: 'U3BhY2U6MTEwMQ==', queueId: 'QW5ub3RhdGlvblF1ZXVlOjQ4MTI=' };

describe('Arize app links', () => {
  it('maps the US API host to the app host', () => {
    assert.equal(appOriginFor('https://api.arize.com'), 'https://app.arize.com');
    assert.equal(appOriginFor('https://API.arize.com/v2/'), 'https://app.arize.com');
  });

  it('maps regional API hosts to regional app hosts', () => {
    assert.equal(appOriginFor('https://api.eu-west-1a.arize.com'), 'https://app.eu-west-1a.arize.com');
    assert.equal(appOriginFor('https://api.ca-central-1a.arize.com/v2'), 'https://app.ca-central-1a.arize.com');
  });

  it('derives no app host for other hosts', () => {
    for (const baseUrl of [
      'http://127.0.0.1:8787',
      'https://arize-proxy.example.com',
      'https://api.arize.com.example.com',
      'https://api.eu.west.arize.com',
      'https://api.arize.com:8443',
      'https://arize.com',
      'not a url',
    ]) {
      assert.equal(appOriginFor(baseUrl), undefined, baseUrl);
    }
  });

  it('builds the queue link', () => {
    const link = buildQueueLink({ apiBaseUrl: 'https://api.arize.com', ...IDS });
    assert.deepEqual(link, {
      ok: true,
      url: 'https://app.arize.com/organizations/T3JnYW5pemF0aW9uOjE=/spaces/U3BhY2U6MTEwMQ==/queues/QW5ub3RhdGlvblF1ZXVlOjQ4MTI=',
    });
  });

  it('builds a regional queue link', () => {
    const link = buildQueueLink({ apiBaseUrl: 'https://api.eu-west-1a.arize.com', ...IDS });
    assert.ok(link.ok);
    assert.ok(link.url.startsWith('https://app.eu-west-1a.arize.com/organizations/'));
  });

  it('escapes slashes and plus signs in ids', () => {
    const link = buildQueueLink({
      apiBaseUrl: 'https://api.arize.com',
      organizationId: 'a/b+c=',
      spaceId: 's?x#y',
      queueId: 'q',
    });
    assert.ok(link.ok);
    assert.equal(link.url, 'https://app.arize.com/organizations/a%2Fb%2Bc=/spaces/s%3Fx%23y/queues/q');
  });

  it('names a missing organization id first', () => {
    assert.deepEqual(buildQueueLink({ apiBaseUrl: 'http://127.0.0.1:1', ...IDS, organizationId: ' ', spaceId: '' }), {
      ok: false,
      missing: 'organizationId',
    });
  });

  it('names a missing space id', () => {
    assert.deepEqual(buildQueueLink({ apiBaseUrl: 'https://api.arize.com', ...IDS, spaceId: '' }), {
      ok: false,
      missing: 'spaceId',
    });
  });

  it('names the API host it cannot map', () => {
    assert.deepEqual(buildQueueLink({ apiBaseUrl: 'http://127.0.0.1:8787', ...IDS }), {
      ok: false,
      missing: 'appHost',
      apiHost: '127.0.0.1:8787',
    });
  });
});
