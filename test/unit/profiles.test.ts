import * as assert from 'node:assert/strict';

import { ArizeClient } from '../../src/api/client';
import { findProfile, profileKeyId, readProfiles, resolveActiveProfile } from '../../src/auth/profiles';
import { RunningArizeServer, startArizeServer } from '../../src/server/server';
import { QueueTreeModel, SourceConnection } from '../../src/tree/queueTreeModel';
import { FAST_RETRIES, MemoryLogger } from './helpers';

const DEFAULTS = { apiBaseUrl: 'https://api.arize.com', spaceId: '', organizationId: '' };

describe('profile settings', () => {
  it('uses the implicit profile without profiles', () => {
    const active = resolveActiveProfile([], undefined, {
      apiBaseUrl: 'https://api.arize.com/v2/',
      spaceId: ' U3BhY2U6MQ== ',
      organizationId: 'T3JnOjE=',
    });
    assert.equal(active.name, undefined);
    assert.deepEqual(active.baseUrl, { ok: true, baseUrl: 'https://api.arize.com', host: 'api.arize.com' });
    assert.equal(active.keyId, 'https://api.arize.com', 'the key id is the base URL, as before profiles');
    assert.equal(active.spaceId, 'U3BhY2U6MQ==');
    assert.equal(active.organizationId, 'T3JnOjE=');
  });

  it('reports an invalid implicit base URL without a key id', () => {
    const active = resolveActiveProfile([], undefined, { ...DEFAULTS, apiBaseUrl: 'http://api.example.com' });
    assert.equal(active.baseUrl.ok, false);
    assert.equal(active.keyId, undefined);
  });

  it('reads valid profiles and skips the rest', () => {
    const { profiles, problems } = readProfiles([
      { name: 'US', baseUrl: 'https://api.arize.com' },
      { name: ' EU ', baseUrl: 'https://api.eu-west-1a.arize.com/v2', spaceId: 'U3BhY2U6Mg==', organizationId: ' ' },
      'not an object',
      { baseUrl: 'https://api.arize.com' },
      { name: 'No URL' },
      { name: 'us', baseUrl: 'https://api.ca-central-1a.arize.com' },
      { name: 'Plain', baseUrl: 'http://api.example.com' },
    ]);

    assert.deepEqual(profiles, [
      { name: 'US', baseUrl: 'https://api.arize.com', host: 'api.arize.com', spaceId: undefined, organizationId: undefined },
      {
        name: 'EU',
        baseUrl: 'https://api.eu-west-1a.arize.com',
        host: 'api.eu-west-1a.arize.com',
        spaceId: 'U3BhY2U6Mg==',
        organizationId: undefined,
      },
    ]);
    assert.deepEqual(
      problems.map((problem) => `${problem.index}:${problem.kind}`),
      ['2:notAnObject', '3:missingName', '4:missingBaseUrl', '5:duplicateName', '6:invalidBaseUrl'],
    );
  });

  it('ignores a setting that is not a list', () => {
    assert.deepEqual(readProfiles({ name: 'US' }), { profiles: [], problems: [] });
    assert.deepEqual(readProfiles(undefined), { profiles: [], problems: [] });
  });

  it('picks the named profile, else the first', () => {
    const { profiles } = readProfiles([
      { name: 'US', baseUrl: 'https://api.arize.com' },
      { name: 'EU', baseUrl: 'https://api.eu-west-1a.arize.com' },
    ]);
    assert.equal(resolveActiveProfile(profiles, 'eu', DEFAULTS).name, 'EU');
    assert.equal(resolveActiveProfile(profiles, 'gone', DEFAULTS).name, 'US');
    assert.equal(resolveActiveProfile(profiles, undefined, DEFAULTS).name, 'US');
    assert.equal(findProfile(profiles, 'Eu')?.name, 'EU');
  });

  it('lets profile ids override the settings', () => {
    const { profiles } = readProfiles([
      { name: 'A', baseUrl: 'https://api.arize.com', spaceId: 'OwnSpace', organizationId: 'OwnOrg' },
      { name: 'B', baseUrl: 'https://api.arize.com' },
    ]);
    const defaults = { ...DEFAULTS, spaceId: 'SettingSpace', organizationId: 'SettingOrg' };
    assert.deepEqual(
      [resolveActiveProfile(profiles, 'A', defaults).spaceId, resolveActiveProfile(profiles, 'A', defaults).organizationId],
      ['OwnSpace', 'OwnOrg'],
    );
    assert.deepEqual(
      [resolveActiveProfile(profiles, 'B', defaults).spaceId, resolveActiveProfile(profiles, 'B', defaults).organizationId],
      ['SettingSpace', 'SettingOrg'],
    );
  });

  it('gives each profile its own key id', () => {
    const ids = [
      profileKeyId(undefined, 'https://api.arize.com'),
      profileKeyId('US', 'https://api.arize.com'),
      profileKeyId('Team B', 'https://api.arize.com'),
      profileKeyId('US', 'https://api.eu-west-1a.arize.com'),
    ];
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(
      profileKeyId('US', 'https://api.arize.com'),
      profileKeyId('us', 'https://api.arize.com'),
      'names match ignoring case, as lookups do',
    );
    assert.ok(!ids.slice(1).some((id) => id.startsWith('https://')), 'no named key id can equal a base URL');
  });
});

describe('profiles against two local servers', () => {
  const US_KEY = 'us-account-key-0001';
  const EU_KEY = 'eu-account-key-0002';
  let us: RunningArizeServer;
  let eu: RunningArizeServer;

  before(async () => {
    [us, eu] = await Promise.all([
      startArizeServer({ port: 0, apiKeys: [US_KEY] }),
      startArizeServer({ port: 0, apiKeys: [EU_KEY] }),
    ]);
  });

  after(async () => {
    await Promise.all([us.close(), eu.close()]);
  });

  beforeEach(() => {
    us.reset();
    eu.reset();
    // Tell the two accounts apart by their queue names.
    eu.store.queues.forEach((queue) => (queue.name = `EU ${queue.name}`));
  });

  /** The state as a plain string: `assert.equal` narrows its argument, and the state changes between checks. */
  function stateOf(model: QueueTreeModel): string {
    return model.state.kind;
  }

  /** Resolves the active profile as the extension does, with a Map in place of secret storage. */
  function connect(secrets: Map<string, string>, active: string): SourceConnection {
    const { profiles } = readProfiles([
      { name: 'US', baseUrl: us.url },
      { name: 'EU', baseUrl: eu.url },
    ]);
    const profile = resolveActiveProfile(profiles, active, DEFAULTS);
    const key = profile.keyId === undefined ? undefined : secrets.get(profile.keyId);
    if (!profile.baseUrl.ok || !key) {
      return { kind: 'noKey' };
    }
    const client = new ArizeClient({
      baseUrl: profile.baseUrl.baseUrl,
      apiKey: key,
      timeoutMs: 5000,
      logger: new MemoryLogger(),
      retryPolicy: FAST_RETRIES,
    });
    return { kind: 'ready', client, spaceId: profile.spaceId, recordsPageSize: 100 };
  }

  it('sends each key only to its own server', async () => {
    const secrets = new Map<string, string>([[profileKeyId('US', us.url), US_KEY]]);
    let active = 'US';
    const model = new QueueTreeModel(async () => connect(secrets, active));

    await model.ensureQueues();
    assert.equal(stateOf(model), 'ready');
    assert.ok(model.queues.every((entry) => !entry.queue.name.startsWith('EU ')));

    active = 'EU';
    await model.refresh();
    assert.equal(stateOf(model), 'noKey', 'the US key is not used for the EU profile');
    assert.equal(model.queues.length, 0, 'no US queue stays on screen');
    assert.equal(eu.requests.length, 0, 'nothing reached the EU server without its key');

    secrets.set(profileKeyId('EU', eu.url), EU_KEY);
    await model.refresh();
    assert.equal(stateOf(model), 'ready');
    assert.ok(model.queues.length > 0 && model.queues.every((entry) => entry.queue.name.startsWith('EU ')));
    assert.ok(
      eu.requests.every((request) => request.status === 200),
      'the EU server accepted every request',
    );

    secrets.delete(profileKeyId('EU', eu.url));
    active = 'US';
    await model.refresh();
    assert.equal(stateOf(model), 'ready', 'clearing the EU key left the US key in place');
    assert.ok(
      us.requests.every((request) => request.status === 200),
      'the US server never saw a foreign key',
    );
  });

  it('drops a response of the previous profile', async () => {
    const secrets = new Map<string, string>([
      [profileKeyId('US', us.url), US_KEY],
      [profileKeyId('EU', eu.url), EU_KEY],
    ]);
    let active = 'US';
    const model = new QueueTreeModel(async () => connect(secrets, active));
    us.setKnobs({ latencyMs: 300 });

    const slowUs = model.ensureQueues();
    await new Promise((resolve) => setTimeout(resolve, 50));
    active = 'EU';
    await model.refresh();
    await slowUs;

    assert.equal(stateOf(model), 'ready');
    assert.ok(
      model.queues.every((entry) => entry.queue.name.startsWith('EU ')),
      'only EU queues are shown',
    );
  });
});
