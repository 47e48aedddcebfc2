import * as assert from 'node:assert/strict';

import { checkEmailList, isValidEmail, parseEmailList } from '../../src/assign/emails';

describe('e-mail validation', () => {
  const valid = [
    'ana@example.com',
    'Ana.Ruiz+review@Example.COM',
    "o'brien@example.co.uk",
    'user_1@sub.domain.example.org',
    'josé@example.com',
    'ana@exämple.de',
    'x@xn--bcher-kva.example',
    '李@例子.中国',
  ];
  const invalid = [
    'ana',
    'ana@',
    '@example.com',
    'ana@example',
    'ana@@example.com',
    'ana@example..com',
    '.ana@example.com',
    'ana.@example.com',
    'ana..ruiz@example.com',
    'ana@-example.com',
    'ana@example.c',
    'ana@exa mple.com',
    '"ana"@example.com',
    '<ana@example.com>',
    `${'a'.repeat(65)}@example.com`,
    `ana@${'b'.repeat(64)}.com`,
  ];

  for (const email of valid) {
    it(`accepts ${email}`, () => {
      assert.equal(isValidEmail(email), true);
    });
  }

  for (const email of invalid) {
    it(`rejects ${email.length > 40 ? `${email.slice(0, 20)}…` : email}`, () => {
      assert.equal(isValidEmail(email), false);
    });
  }
});

describe('e-mail list parsing', () => {
  it('splits on commas, semicolons, spaces and new lines', () => {
    const parsed = parseEmailList('a@example.com, b@example.com;c@example.com d@example.com\ne@example.com\r\n\tf@example.com');
    assert.deepEqual(parsed.emails, [
      'a@example.com',
      'b@example.com',
      'c@example.com',
      'd@example.com',
      'e@example.com',
      'f@example.com',
    ]);
    assert.deepEqual(parsed.invalid, []);
  });

  it('ignores empty entries between separators', () => {
    assert.deepEqual(parseEmailList(' ,; a@example.com ,,; ').emails, ['a@example.com']);
  });

  it('returns nothing for an empty or blank text', () => {
    assert.deepEqual(parseEmailList('').emails, []);
    assert.deepEqual(parseEmailList('  \n ,; ').emails, []);
  });

  it('removes duplicates without regard to case, keeping the first spelling', () => {
    const parsed = parseEmailList('Ana@Example.com, ben@example.com, ana@example.COM, BEN@example.com');
    assert.deepEqual(parsed.emails, ['Ana@Example.com', 'ben@example.com']);
    assert.deepEqual(parsed.duplicates, ['ana@example.COM', 'BEN@example.com']);
  });

  it('collects invalid entries in order', () => {
    const parsed = parseEmailList('a@example.com, nope, b@example.com, also@bad');
    assert.deepEqual(parsed.invalid, ['nope', 'also@bad']);
    assert.deepEqual(parsed.emails, ['a@example.com', 'b@example.com']);
  });
});

describe('e-mail list check', () => {
  const list = (count: number) => Array.from({ length: count }, (_, index) => `user${index}@example.com`).join(', ');

  it('accepts 100 e-mails', () => {
    const check = checkEmailList(list(100));
    assert.equal(check.problem, undefined);
    assert.equal(check.parsed.emails.length, 100);
  });

  it('rejects 101 e-mails with the count', () => {
    const check = checkEmailList(list(101));
    assert.deepEqual(check.problem, { kind: 'tooMany', count: 101, max: 100 });
  });

  it('counts 101 entries with one duplicate as 100', () => {
    const check = checkEmailList(`${list(100)}, USER7@example.com`);
    assert.equal(check.problem, undefined);
    assert.equal(check.parsed.emails.length, 100);
  });

  it('names the first invalid value and the number of invalid entries', () => {
    const check = checkEmailList('a@example.com, first-bad, second@bad');
    assert.deepEqual(check.problem, { kind: 'invalid', value: 'first-bad', invalidCount: 2 });
  });

  it('accepts an empty list, which clears the assignees', () => {
    const check = checkEmailList('');
    assert.equal(check.problem, undefined);
    assert.deepEqual(check.parsed.emails, []);
  });
});
