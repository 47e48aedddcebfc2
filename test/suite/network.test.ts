// Network behaviour in a real extension host: which requests activation and key
// storage send, and whether API requests follow VS Code's `http.proxy` setting.
// Runs against the local server that the runner names in ARIZE_SANDBOX_URL.
//
// VS Code's proxy agent (@vscode/proxy-agent 0.45.0 in VS Code 1.139, 0.19.1
// in VS Code 1.90) always connects directly to `localhost`, `127.0.0.1`, `::1`
// and `::ffff:127.0.0.1`, regardless of the proxy settings. The rest of 127.0.0.0/8 is loopback on Linux
// too but gets no such exception, so the proxy test addresses the local server
// as 127.0.0.2 through a TCP relay, and every byte still stays on this machine.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as vscode from 'vscode';

import { CommandIds, EXTENSION_ID } from '../../src/constants';
import type { ExtensionApi } from '../../src/extension';

const sandboxUrl = process.env.ARIZE_SANDBOX_URL ?? '';
const sandboxKey = process.env.ARIZE_SANDBOX_KEY ?? '';

/** Loopback address that VS Code's proxy agent does not exempt from proxying. */
const PROXIED_LOOPBACK_HOST = '127.0.0.2';

/** Time given to requests that activation or a key change might start, in milliseconds. */
const SETTLE_MS = 750;

interface SandboxRequest {
  method: string;
  path: string;
}

async function sandboxRequests(): Promise<SandboxRequest[]> {
  const response = await fetch(`${sandboxUrl}/__sandbox/requests`);
  assert.equal(response.status, 200, 'GET /__sandbox/requests');
  return ((await response.json()) as { requests: SandboxRequest[] }).requests;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** What the extension sent from activation until the first key was stored, recorded before any other test runs. */
interface StartupObservation {
  wasActiveBefore: boolean;
  treeVisibleAtActivation: boolean;
  requestsAtActivation: SandboxRequest[];
  keyStored: boolean;
  modelStateAfterKey: string;
  requestsForKey: SandboxRequest[];
}

let startup: StartupObservation | undefined;

// A root-level hook runs before the tests of every file, so it finds the
// extension before another test activates it. It only records, and the tests
// below assert. It leaves no key stored, as in the fresh window it started with.
before(async function () {
  this.timeout(30_000);
  assert.ok(sandboxUrl, 'ARIZE_SANDBOX_URL is set by the test runner');
  const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);

  const wasActiveBefore = extension.isActive;
  const beforeActivation = (await sandboxRequests()).length;
  const api = await extension.activate();
  await sleep(SETTLE_MS);
  const afterActivation = await sandboxRequests();

  const stored = await vscode.commands.executeCommand<boolean>(CommandIds.setApiKey, sandboxKey);
  await sleep(SETTLE_MS);
  const afterKey = await sandboxRequests();

  startup = {
    wasActiveBefore,
    treeVisibleAtActivation: api.treeView.visible,
    requestsAtActivation: afterActivation.slice(beforeActivation),
    keyStored: stored === true,
    modelStateAfterKey: api.model.state.kind,
    requestsForKey: afterKey.slice(afterActivation.length),
  };

  await vscode.commands.executeCommand(CommandIds.clearApiKey);
});

describe('network use', () => {
  describe('at start-up', () => {
    it('activation sends no request while hidden', () => {
      assert.ok(startup, 'the root hook recorded the start-up');
      assert.equal(startup.wasActiveBefore, false, 'the extension was not active before the hook activated it');
      assert.equal(startup.treeVisibleAtActivation, false, 'the queues view was hidden at activation');
      assert.deepEqual(startup.requestsAtActivation, []);
    });

    it('storing a key sends only the key check', () => {
      assert.ok(startup, 'the root hook recorded the start-up');
      assert.equal(startup.keyStored, true);
      assert.deepEqual(
        startup.requestsForKey.map((request) => `${request.method} ${request.path}`),
        ['GET /v2/annotation-queues'],
      );
      assert.equal(startup.modelStateAfterKey, 'idle', 'the hidden tree loads nothing');
    });
  });

  describe('through http.proxy', () => {
    let api: ExtensionApi;
    let origin: LoopbackRelay;
    let proxy: RecordingProxy;
    let proxiedBaseUrl: string;
    let savedBaseUrl: string | undefined;
    let savedProxy: string | undefined;

    before(async function () {
      const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
      assert.ok(extension, `${EXTENSION_ID} is installed`);
      api = await extension.activate();

      try {
        origin = await startLoopbackRelay(PROXIED_LOOPBACK_HOST, new URL(sandboxUrl));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EADDRNOTAVAIL') {
          // macOS routes only 127.0.0.1 unless another address is aliased on lo0.
          this.skip();
        }
        throw error;
      }
      proxy = await startRecordingProxy();
      proxiedBaseUrl = `http://${PROXIED_LOOPBACK_HOST}:${origin.port}`;

      savedBaseUrl = vscode.workspace.getConfiguration('arizeQueues').inspect<string>('apiBaseUrl')?.globalValue;
      savedProxy = vscode.workspace.getConfiguration('http').inspect<string>('proxy')?.globalValue;
      await setGlobal('http', 'proxy', proxy.url);
      await setGlobal('arizeQueues', 'apiBaseUrl', proxiedBaseUrl);
    });

    after(async () => {
      if (!proxy) {
        return;
      }
      // The key belongs to the proxied base URL, so it is cleared before the URL is restored.
      await vscode.commands.executeCommand(CommandIds.clearApiKey);
      await setGlobal('arizeQueues', 'apiBaseUrl', savedBaseUrl);
      await setGlobal('http', 'proxy', savedProxy);
      await proxy.close();
      await origin.close();
    });

    it('sends the key check and queue list through the proxy', async () => {
      const stored = await vscode.commands.executeCommand<boolean>(CommandIds.setApiKey, sandboxKey);
      assert.equal(stored, true, 'the key check succeeded through the proxy');
      await vscode.commands.executeCommand(CommandIds.refresh);
      assert.equal(api.model.state.kind, 'ready');

      const targets = proxy.requests.map((request) => `${request.method} ${request.target}`);
      const listQueues = targets.filter((target) => target.startsWith(`GET ${proxiedBaseUrl}/v2/annotation-queues`));
      assert.ok(listQueues.length >= 2, `the proxy saw the key check and the refresh; it saw: ${targets.join(', ')}`);
      assert.ok(
        proxy.requests.every((request) => request.hadAuthorization),
        'the proxy forwarded the Authorization header',
      );
      assert.deepEqual(directConnections(origin, proxy), [], 'no connection reached the server around the proxy');
    });

    it('connects directly once http.proxy is empty', async () => {
      await setGlobal('http', 'proxy', undefined);
      const proxiedBefore = proxy.requests.length;
      const directBefore = directConnections(origin, proxy).length;

      await vscode.commands.executeCommand(CommandIds.refresh);
      assert.equal(api.model.state.kind, 'ready');

      assert.equal(proxy.requests.length, proxiedBefore, 'the proxy saw no new request');
      assert.ok(directConnections(origin, proxy).length > directBefore, 'the refresh connected to the server directly');
    });
  });
});

async function setGlobal(section: string, key: string, value: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Global);
}

/** Connections that reached the relay from somewhere other than the proxy's upstream sockets. */
function directConnections(origin: LoopbackRelay, proxy: RecordingProxy): number[] {
  return origin.clientPorts.filter((port) => !proxy.upstreamPorts.includes(port));
}

interface LoopbackRelay {
  port: number;
  /** Source ports of the accepted connections, in arrival order. */
  clientPorts: number[];
  close(): Promise<void>;
}

/** Listens on `host` (a loopback address) and pipes every connection to `target`. */
function startLoopbackRelay(host: string, target: URL): Promise<LoopbackRelay> {
  const clientPorts: number[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    clientPorts.push(client.remotePort ?? 0);
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        port,
        clientPorts,
        close: () =>
          new Promise((done) => {
            sockets.forEach((socket) => socket.destroy());
            server.close(() => done());
          }),
      });
    });
  });
}

interface ProxiedRequest {
  method: string;
  /** The request target as the client sent it: the absolute URL for a forwarding proxy. */
  target: string;
  hadAuthorization: boolean;
}

interface RecordingProxy {
  url: string;
  requests: ProxiedRequest[];
  /** Local ports of the connections that the proxy opened to origin servers. */
  upstreamPorts: number[];
  close(): Promise<void>;
}

/** Upper bound on a request head, in bytes; a longer one is cut off. */
const MAX_HEAD_BYTES = 64 * 1024;

/**
 * Starts a plain-HTTP forwarding proxy on 127.0.0.1 that records each request.
 * It works on raw sockets because the extension host patches `http.request`
 * to follow `http.proxy`, which would send the proxy's own upstream requests
 * back into itself. It forwards only to http://127.x.x.x origins, one request
 * per connection, and rejects CONNECT tunnels, which this test does not expect.
 */
function startRecordingProxy(): Promise<RecordingProxy> {
  const requests: ProxiedRequest[] = [];
  const upstreamPorts: number[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    readHead(client, (head, rest) => {
      const parsed = parseProxyRequest(head);
      requests.push(parsed.record);
      if (parsed.kind === 'reject') {
        client.end(`HTTP/1.1 ${parsed.problem}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
        return;
      }
      const upstream = net.connect(Number(parsed.origin.port || 80), parsed.origin.hostname, () => {
        upstreamPorts.push(upstream.localPort ?? 0);
        upstream.write(parsed.forwardedHead);
        upstream.write(rest);
        client.pipe(upstream).pipe(client);
      });
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'));
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        upstreamPorts,
        close: () =>
          new Promise((done) => {
            sockets.forEach((socket) => socket.destroy());
            server.close(() => done());
          }),
      });
    });
  });
}

/** Collects bytes up to the blank line that ends the request head, then pauses the socket. */
function readHead(socket: net.Socket, onHead: (head: string, rest: Buffer) => void): void {
  let buffered = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    const end = buffered.indexOf('\r\n\r\n');
    if (end < 0) {
      if (buffered.length > MAX_HEAD_BYTES) {
        socket.destroy();
      }
      return;
    }
    socket.off('data', onData);
    socket.pause();
    onHead(buffered.subarray(0, end).toString('latin1'), buffered.subarray(end + 4));
  };
  socket.on('data', onData);
}

type ParsedProxyRequest =
  | { kind: 'reject'; record: ProxiedRequest; problem: string }
  | { kind: 'forward'; record: ProxiedRequest; origin: URL; forwardedHead: string };

/**
 * Reads an absolute-form request head and rewrites it to origin form for the
 * upstream server, with `Connection: close` so that every request opens a new
 * proxy connection and gets recorded.
 */
function parseProxyRequest(head: string): ParsedProxyRequest {
  const [requestLine, ...headerLines] = head.split('\r\n');
  const [method = '', target = '', version = 'HTTP/1.1'] = requestLine.split(' ');
  const record = { method, target, hadAuthorization: headerLines.some((line) => /^authorization\s*:/i.test(line)) };

  if (method === 'CONNECT') {
    return { kind: 'reject', record, problem: '405 Method Not Allowed' };
  }
  let origin: URL;
  try {
    origin = new URL(target);
  } catch {
    return { kind: 'reject', record, problem: '400 Bad Request' };
  }
  if (origin.protocol !== 'http:' || !/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(origin.hostname)) {
    return { kind: 'reject', record, problem: '403 Forbidden' };
  }

  const kept = headerLines.filter((line) => !/^(connection|proxy-connection|keep-alive)\s*:/i.test(line));
  const forwardedHead = `${method} ${origin.pathname}${origin.search} ${version}\r\n${[...kept, 'Connection: close'].join('\r\n')}\r\n\r\n`;
  return { kind: 'forward', record, origin, forwardedHead };
}
