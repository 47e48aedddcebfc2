import * as assert from 'node:assert/strict';

import { isLoopbackHost, parseBaseUrl } from '../../src/api/baseUrl';

describe('base URL', () => {
  const accepted: Array<[string, string]> = [
    ['https://api.arize.com', 'https://api.arize.com'],
    ['https://api.arize.com/', 'https://api.arize.com'],
    ['  https://api.eu-west-1a.arize.com  ', 'https://api.eu-west-1a.arize.com'],
    ['https://api.arize.com/v2', 'https://api.arize.com'],
    ['https://api.arize.com/v2/', 'https://api.arize.com'],
    ['https://proxy.example.com/arize/', 'https://proxy.example.com/arize'],
    ['https://api.arize.com:8443', 'https://api.arize.com:8443'],
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
    ['http://localhost:8787/', 'http://localhost:8787'],
    ['http://[::1]:8787', 'http://[::1]:8787'],
    ['http://127.10.0.1', 'http://127.10.0.1'],
  ];

  for (const [input, expected] of accepted) {
    it(`accepts ${input.trim()}`, () => {
      const result = parseBaseUrl(input);
      assert.equal(result.ok, true);
      assert.equal(result.ok && result.baseUrl, expected);
    });
  }

  const rejected: Array<[string, string]> = [
    ['', 'empty'],
    ['api.arize.com', 'unparseable'],
    ['ftp://api.arize.com', 'unsupportedScheme'],
    ['http://api.arize.com', 'insecureHttp'],
    ['http://10.0.0.5:8787', 'insecureHttp'],
    ['http://127.0.0.1.example.com', 'insecureHttp'],
    ['https://user:secret@api.arize.com', 'credentials'],
    ['https://api.arize.com/?region=eu', 'queryOrFragment'],
    ['https://api.arize.com/#top', 'queryOrFragment'],
  ];

  for (const [input, problem] of rejected) {
    it(`rejects "${input}" as ${problem}`, () => {
      const result = parseBaseUrl(input);
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.problem, problem);
    });
  }

  it('reports host and port', () => {
    const result = parseBaseUrl('http://127.0.0.1:8787/');
    assert.equal(result.ok && result.host, '127.0.0.1:8787');
  });

  it('treats only loopback names as loopback', () => {
    assert.equal(isLoopbackHost('127.0.0.1'), true);
    assert.equal(isLoopbackHost('LOCALHOST'), true);
    assert.equal(isLoopbackHost('[::1]'), true);
    assert.equal(isLoopbackHost('128.0.0.1'), false);
    assert.equal(isLoopbackHost('localhost.example.com'), false);
  });
});
