import * as assert from 'node:assert/strict';

import { detectPlanFormat, findUnknownRecords, parsePlanFile, PlanProblem } from '../../src/bulk/planFile';

/** `count` distinct e-mails: r0@example.com, r1@example.com, … */
function emailsOf(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `r${index}@example.com`);
}

describe('plan format detection', () => {
  const cases: Array<[string, string | undefined]> = [
    ['plan.csv', 'csv'],
    ['PLAN.CSV', 'csv'],
    ['/home/ana/plans/plan.json', 'json'],
    ['C:\\plans\\plan.jsonl', 'jsonl'],
    ['plan.ndjson', 'jsonl'],
    ['plan.txt', undefined],
    ['plan', undefined],
    ['plans.csv/plan', undefined],
  ];

  for (const [fileName, expected] of cases) {
    it(`detects ${fileName}`, () => {
      assert.equal(detectPlanFormat(fileName), expected);
    });
  }
});

describe('CSV plan files', () => {
  it('reads rows with default mode set', () => {
    const plan = parsePlanFile(
      'record_id,emails\nrec-1,ana@example.com;ben@example.com\nrec-2,cara@example.com|dan@example.com\n',
      'csv',
    );

    assert.deepEqual(plan.problems, []);
    assert.deepEqual(plan.rows, [
      { line: 2, recordId: 'rec-1', mode: 'set', emails: ['ana@example.com', 'ben@example.com'] },
      { line: 3, recordId: 'rec-2', mode: 'set', emails: ['cara@example.com', 'dan@example.com'] },
    ]);
  });

  it('reads optional columns in any order and any case', () => {
    const plan = parsePlanFile(
      'Queue_ID , MODE,Emails,Record_Id\nq-1,ADD,ana@example.com,rec-1\nq-2,,ben@example.com,rec-2\n',
      'csv',
    );

    assert.deepEqual(plan.problems, []);
    assert.deepEqual(plan.rows, [
      { line: 2, recordId: 'rec-1', mode: 'add', emails: ['ana@example.com'], queueId: 'q-1' },
      { line: 3, recordId: 'rec-2', mode: 'set', emails: ['ben@example.com'], queueId: 'q-2' },
    ]);
  });

  it('handles CRLF, a BOM and blank lines', () => {
    const text = '\uFEFFrecord_id,emails\r\n\r\nrec-1,ana@example.com\r\n   \r\n,\r\nrec-2,ben@example.com\r\n';
    const plan = parsePlanFile(text, 'csv');

    assert.deepEqual(plan.problems, []);
    assert.deepEqual(
      plan.rows.map((row) => [row.line, row.recordId]),
      [
        [3, 'rec-1'],
        [6, 'rec-2'],
      ],
    );
  });

  it('reads quoted cells with commas, doubled quotes and line breaks', () => {
    const text = [
      'record_id,emails,mode',
      '"rec ""one""","ana@example.com, ben@example.com ; cara@example.com",add',
      '"rec-2","dan@example.com',
      'eve@example.com",set',
      'rec-3,fay@example.com,remove',
    ].join('\r\n');
    const plan = parsePlanFile(text, 'csv');

    assert.deepEqual(plan.problems, []);
    assert.deepEqual(plan.rows, [
      { line: 2, recordId: 'rec "one"', mode: 'add', emails: ['ana@example.com', 'ben@example.com', 'cara@example.com'] },
      { line: 3, recordId: 'rec-2', mode: 'set', emails: ['dan@example.com', 'eve@example.com'] },
      { line: 5, recordId: 'rec-3', mode: 'remove', emails: ['fay@example.com'] },
    ]);
  });

  it('accepts spaces around quoted cells', () => {
    const plan = parsePlanFile('record_id, emails, mode\nrec-1, "ana@example.com, ben@example.com" , add\n', 'csv');

    assert.deepEqual(plan.problems, []);
    assert.deepEqual(plan.rows, [{ line: 2, recordId: 'rec-1', mode: 'add', emails: ['ana@example.com', 'ben@example.com'] }]);
  });

  it('merges repeated e-mails without regard to case', () => {
    const plan = parsePlanFile(
      'record_id,emails\nrec-1,Ana@Example.com;ana@example.com|ANA@EXAMPLE.COM;ben@example.com\n',
      'csv',
    );

    assert.deepEqual(plan.problems, []);
    assert.deepEqual(plan.rows[0].emails, ['Ana@Example.com', 'ben@example.com']);
  });

  it('accepts an empty e-mails cell for set only', () => {
    const plan = parsePlanFile('record_id,emails,mode\nrec-1,,set\nrec-2,,add\nrec-3,"",remove\nrec-4, ;| ,\n', 'csv');

    assert.deepEqual(plan.problems, [
      { line: 3, code: 'invalidEmail', value: '' },
      { line: 4, code: 'invalidEmail', value: '' },
    ]);
    assert.deepEqual(plan.rows[0], { line: 2, recordId: 'rec-1', mode: 'set', emails: [] });
    assert.deepEqual(plan.rows[3], { line: 5, recordId: 'rec-4', mode: 'set', emails: [] });
  });

  it('ignores unknown columns', () => {
    const plan = parsePlanFile('record_id,notes,emails\nrec-1,"first, check this",ana@example.com\n', 'csv');

    assert.deepEqual(plan.problems, []);
    assert.deepEqual(plan.rows[0].emails, ['ana@example.com']);
  });

  it('reports missing header columns', () => {
    const plan = parsePlanFile('rec-1,ana@example.com\nrec-2,ben@example.com\n', 'csv');

    assert.deepEqual(plan.problems, [
      { line: 1, code: 'missingColumn', value: 'record_id' },
      { line: 1, code: 'missingColumn', value: 'emails' },
    ]);
    assert.deepEqual(plan.rows, []);
  });

  it('reports a repeated header column', () => {
    const plan = parsePlanFile('\nrecord_id,emails,Emails\nrec-1,ana@example.com,ben@example.com\n', 'csv');

    assert.deepEqual(plan.problems, [{ line: 2, code: 'malformedLine', value: 'emails' }]);
  });

  it('reports rows that do not fit the header', () => {
    const text = [
      'record_id,emails,mode',
      'rec-1,ana@example.com,add,ben@example.com',
      'rec-2',
      'rec-3,cara@example.com',
      'rec-4,dan@example.com,add,,',
    ].join('\n');
    const plan = parsePlanFile(text, 'csv');

    assert.deepEqual(plan.problems, [
      { line: 2, code: 'malformedLine', count: 4 },
      { line: 3, code: 'malformedLine', count: 1 },
    ]);
    assert.deepEqual(
      plan.rows.map((row) => [row.recordId, row.mode]),
      [
        ['rec-3', 'set'],
        ['rec-4', 'add'],
      ],
    );
  });

  it('reports text after a closing quote and parses the next lines', () => {
    const plan = parsePlanFile('record_id,emails\n"rec-1"x,ana@example.com\nrec-2,ben@example.com\n', 'csv');

    assert.deepEqual(plan.problems, [{ line: 2, code: 'malformedLine' }]);
    assert.deepEqual(
      plan.rows.map((row) => row.recordId),
      ['rec-2'],
    );
  });

  it('reports an unterminated quote on its starting line', () => {
    const plan = parsePlanFile(
      'record_id,emails\nrec-1,ana@example.com\nrec-2,"ben@example.com\nrec-3,cara@example.com\n',
      'csv',
    );

    assert.deepEqual(plan.problems, [{ line: 3, code: 'malformedLine' }]);
    assert.deepEqual(
      plan.rows.map((row) => row.recordId),
      ['rec-1'],
    );
  });

  it('reports every problem of every row', () => {
    const text = [
      'record_id,emails,mode',
      ',ana@example.com,set',
      'rec-1,ana@example;ben@example.com|not an email,add',
      'rec-2,ben@example.com,replace',
      'rec-1,cara@example.com,set',
      'rec-3,bad@,Remove',
    ].join('\n');
    const plan = parsePlanFile(text, 'csv');

    assert.deepEqual(plan.problems, [
      { line: 2, code: 'missingRecordId' },
      { line: 3, code: 'invalidEmail', value: 'ana@example' },
      { line: 3, code: 'invalidEmail', value: 'not' },
      { line: 3, code: 'invalidEmail', value: 'an' },
      { line: 3, code: 'invalidEmail', value: 'email' },
      { line: 4, code: 'invalidMode', value: 'replace' },
      { line: 5, code: 'duplicateRecord', value: 'rec-1' },
      { line: 6, code: 'invalidEmail', value: 'bad@' },
    ]);
    assert.deepEqual(
      plan.rows.map((row) => [row.line, row.recordId, row.mode]),
      [
        [3, 'rec-1', 'add'],
        [4, 'rec-2', 'set'],
        [6, 'rec-3', 'remove'],
      ],
    );
  });

  it('treats the same record in two queues as two records', () => {
    const plan = parsePlanFile(
      'record_id,emails,queue_id\nrec-1,ana@example.com,q-1\nrec-1,ana@example.com,q-2\nrec-1,ben@example.com,q-1\n',
      'csv',
    );

    assert.deepEqual(plan.problems, [{ line: 4, code: 'duplicateRecord', value: 'rec-1' }]);
    assert.equal(plan.rows.length, 2);
  });

  it('accepts 100 e-mails and rejects 101', () => {
    const text = [
      'record_id,emails',
      `rec-100,"${emailsOf(100).join(';')}"`,
      `rec-101,"${emailsOf(101).join('|')}"`,
      `rec-dup,"${[...emailsOf(100), ...emailsOf(100).map((email) => email.toUpperCase())].join(';')}"`,
    ].join('\n');
    const plan = parsePlanFile(text, 'csv');

    assert.deepEqual(plan.problems, [{ line: 3, code: 'tooManyEmails', count: 101 }]);
    assert.equal(plan.rows[0].emails.length, 100);
    assert.equal(plan.rows[2].emails.length, 100);
  });

  it('reports a file with only a header as empty', () => {
    const plan = parsePlanFile('record_id,emails\r\n\r\n', 'csv');

    assert.deepEqual(plan.problems, [{ line: 0, code: 'emptyFile' }]);
  });
});

describe('JSON plan files', () => {
  it('reads the object form with line numbers', () => {
    const text = `{
  "rec-1": ["ana@example.com", "ben@example.com"],
  "rec-2": "cara@example.com;dan@example.com",

  "rec-3": {
    "emails": ["eve@example.com"],
    "mode": "Add",
    "queue_id": "q-1"
  },
  "rec-4": { "emails": [], "mode": "set" }
}`;
    const plan = parsePlanFile(text, 'json');

    assert.deepEqual(plan.problems, []);
    assert.deepEqual(plan.rows, [
      { line: 2, recordId: 'rec-1', mode: 'set', emails: ['ana@example.com', 'ben@example.com'] },
      { line: 3, recordId: 'rec-2', mode: 'set', emails: ['cara@example.com', 'dan@example.com'] },
      { line: 5, recordId: 'rec-3', mode: 'add', emails: ['eve@example.com'], queueId: 'q-1' },
      { line: 10, recordId: 'rec-4', mode: 'set', emails: [] },
    ]);
  });

  it('reads the array form with line numbers', () => {
    const text = [
      '[',
      '  { "record_id": "rec-1", "emails": ["ana@example.com"] },',
      '  {',
      '    "record_id": "rec-2",',
      '    "emails": "ben@example.com | cara@example.com",',
      '    "mode": "remove",',
      '    "queue_id": "q-1",',
      '    "note": "ignored"',
      '  }, { "record_id": "rec-3", "emails": [" dan@example.com "], "mode": null }',
      ']',
    ].join('\r\n');
    const plan = parsePlanFile(`\uFEFF${text}`, 'json');

    assert.deepEqual(plan.problems, []);
    assert.deepEqual(plan.rows, [
      { line: 2, recordId: 'rec-1', mode: 'set', emails: ['ana@example.com'] },
      { line: 3, recordId: 'rec-2', mode: 'remove', emails: ['ben@example.com', 'cara@example.com'], queueId: 'q-1' },
      { line: 9, recordId: 'rec-3', mode: 'set', emails: ['dan@example.com'] },
    ]);
  });

  it('reads a single entry object', () => {
    const plan = parsePlanFile('{ "record_id": "rec-1", "emails": ["ana@example.com"], "mode": "add" }', 'json');

    assert.deepEqual(plan.problems, []);
    assert.deepEqual(plan.rows, [{ line: 1, recordId: 'rec-1', mode: 'add', emails: ['ana@example.com'] }]);
  });

  it('reports repeated keys as duplicate records', () => {
    const plan = parsePlanFile('{\n  "rec-1": ["ana@example.com"],\n  "rec-2": [],\n  "rec-1": ["ben@example.com"]\n}', 'json');

    assert.deepEqual(plan.problems, [{ line: 4, code: 'duplicateRecord', value: 'rec-1' }]);
    assert.deepEqual(plan.rows[0].emails, ['ana@example.com']);
  });

  it('reports wrong types on the entry line', () => {
    const text = [
      '[',
      '  "rec-1",',
      '  { "record_id": 7, "emails": ["ana@example.com"] },',
      '  { "record_id": "rec-2", "emails": 5 },',
      '  { "record_id": "rec-3", "emails": ["ben@example.com", 3] },',
      '  { "record_id": "rec-4", "emails": [], "mode": true },',
      '  { "record_id": "rec-5", "emails": [], "queue_id": 12 }',
      ']',
    ].join('\n');
    const plan = parsePlanFile(text, 'json');

    assert.deepEqual(plan.problems, [
      { line: 2, code: 'wrongType', value: 'entry' },
      { line: 3, code: 'wrongType', value: 'record_id' },
      { line: 4, code: 'wrongType', value: 'emails' },
      { line: 5, code: 'wrongType', value: 'emails' },
      { line: 6, code: 'wrongType', value: 'mode' },
      { line: 7, code: 'wrongType', value: 'queue_id' },
    ]);
    assert.deepEqual(plan.rows[1].emails, ['ben@example.com']);
  });

  it('reports wrong types in the object form', () => {
    const plan = parsePlanFile('{\n  "rec-1": 5,\n  "rec-2": { "emails": {} },\n  "rec-3": { "mode": "add" }\n}', 'json');

    assert.deepEqual(plan.problems, [
      { line: 2, code: 'wrongType', value: 'entry' },
      { line: 3, code: 'wrongType', value: 'emails' },
      { line: 4, code: 'missingColumn', value: 'emails' },
    ]);
  });

  it('reports a file that is neither object nor array', () => {
    const plan = parsePlanFile('\n"rec-1"\n', 'json');

    assert.deepEqual(plan.problems, [{ line: 2, code: 'wrongType', value: 'file' }]);
  });

  it('reports missing and blank record ids, bad e-mails and modes', () => {
    const text = [
      '[',
      '  { "emails": ["ana@example.com"] },',
      '  { "record_id": "  ", "emails": ["ana@example.com"] },',
      '  { "record_id": "rec-1", "emails": ["ana@example.com", "ana@", ""] },',
      '  { "record_id": "rec-2", "emails": [" "], "mode": "add" },',
      '  { "record_id": "rec-3", "emails": "ben@example.com", "mode": "move" },',
      '  { "record_id": "rec-4" }',
      ']',
    ].join('\n');
    const plan = parsePlanFile(text, 'json');

    assert.deepEqual(plan.problems, [
      { line: 2, code: 'missingRecordId' },
      { line: 3, code: 'missingRecordId' },
      { line: 4, code: 'invalidEmail', value: 'ana@' },
      { line: 5, code: 'invalidEmail', value: '' },
      { line: 6, code: 'invalidMode', value: 'move' },
      { line: 7, code: 'missingColumn', value: 'emails' },
    ]);
  });

  it('accepts 100 e-mails and rejects 101', () => {
    const plan = parsePlanFile(JSON.stringify({ 'rec-100': emailsOf(100), 'rec-101': emailsOf(101) }, null, 2), 'json');

    assert.deepEqual(plan.problems, [{ line: 104, code: 'tooManyEmails', count: 101 }]);
  });

  it('reports a syntax error on its line', () => {
    const plan = parsePlanFile('{\n  "rec-1": ["ana@example.com"],\n  "rec-2": ["ben@example.com"]\n  "rec-3": []\n}', 'json');

    assert.deepEqual(plan.problems, [{ line: 4, code: 'malformedLine' }]);
    assert.deepEqual(plan.rows, []);
  });

  it('reports syntax errors inside strings and values', () => {
    const cases: Array<[string, number]> = [
      ['{\n"rec-1": ["ana@example.com\n"]}', 2],
      ['{\n"rec-1": ["\\x"]\n}', 2],
      ['[\n{ "record_id": tru }\n]', 2],
      ['[\n1,\n]', 3],
      ['[]\n[]', 2],
      ['{\n"rec-1": [01]}', 2],
    ];
    for (const [text, line] of cases) {
      assert.deepEqual(parsePlanFile(text, 'json').problems, [{ line, code: 'malformedLine' }], text);
    }
  });

  it('reports deep nesting as malformed', () => {
    const plan = parsePlanFile(`${'['.repeat(10_000)}${']'.repeat(10_000)}`, 'json');

    assert.deepEqual(plan.problems, [{ line: 1, code: 'malformedLine' }]);
  });

  it('reports empty files, arrays and objects', () => {
    for (const text of ['', ' \r\n ', '\uFEFF', '[]', '{ }']) {
      assert.deepEqual(parsePlanFile(text, 'json').problems, [{ line: 0, code: 'emptyFile' }], JSON.stringify(text));
    }
  });
});

describe('JSON Lines plan files', () => {
  it('reads one entry per line and skips blank lines', () => {
    const text = [
      '{"record_id":"rec-1","emails":["ana@example.com"]}',
      '',
      '{"record_id":"rec-2","emails":"ben@example.com;cara@example.com","mode":"ADD","queue_id":"q-1"}',
      '   ',
      '{"record_id":"rec-3","emails":[],"mode":"set"}',
      '',
    ].join('\r\n');
    const plan = parsePlanFile(`\uFEFF${text}`, 'jsonl');

    assert.deepEqual(plan.problems, []);
    assert.deepEqual(plan.rows, [
      { line: 1, recordId: 'rec-1', mode: 'set', emails: ['ana@example.com'] },
      { line: 3, recordId: 'rec-2', mode: 'add', emails: ['ben@example.com', 'cara@example.com'], queueId: 'q-1' },
      { line: 5, recordId: 'rec-3', mode: 'set', emails: [] },
    ]);
  });

  it('reports bad lines and parses the rest', () => {
    const text = [
      '{"record_id":"rec-1","emails":["ana@example.com"]}',
      '{"record_id":"rec-2","emails":["ben@example.com"]',
      '["rec-3"]',
      '{"record_id":"rec-4","emails":["cara@"]}',
      'not json',
      '{"record_id":"rec-1","emails":[]}',
      '{"record_id":"rec-5","emails":["dan@example.com"]}',
    ].join('\n');
    const plan = parsePlanFile(text, 'jsonl');

    assert.deepEqual(plan.problems, [
      { line: 2, code: 'malformedLine' },
      { line: 3, code: 'wrongType', value: 'entry' },
      { line: 4, code: 'invalidEmail', value: 'cara@' },
      { line: 5, code: 'malformedLine' },
      { line: 6, code: 'duplicateRecord', value: 'rec-1' },
    ]);
    assert.deepEqual(
      plan.rows.map((row) => [row.line, row.recordId]),
      [
        [1, 'rec-1'],
        [4, 'rec-4'],
        [7, 'rec-5'],
      ],
    );
  });

  it('accepts 100 e-mails and rejects 101', () => {
    const text = [
      JSON.stringify({ record_id: 'rec-100', emails: emailsOf(100) }),
      JSON.stringify({ record_id: 'rec-101', emails: emailsOf(101), mode: 'add' }),
    ].join('\n');
    const plan = parsePlanFile(text, 'jsonl');

    assert.deepEqual(plan.problems, [{ line: 2, code: 'tooManyEmails', count: 101 }]);
  });

  it('reports a file of blank lines as empty', () => {
    assert.deepEqual(parsePlanFile('\n\n', 'jsonl').problems, [{ line: 0, code: 'emptyFile' }]);
  });
});

describe('unknown plan records', () => {
  it('reports each row not in the queue', () => {
    const plan = parsePlanFile('record_id,emails\nrec-1,ana@example.com\nrec-9,ben@example.com\nrec-2,\nrec-8,cara@\n', 'csv');
    const unknown = findUnknownRecords(plan.rows, new Set(['rec-1', 'rec-2']));

    const expected: PlanProblem[] = [
      { line: 3, code: 'unknownRecord', value: 'rec-9' },
      { line: 5, code: 'unknownRecord', value: 'rec-8' },
    ];
    assert.deepEqual(unknown, expected);
  });

  it('reports nothing when all records are known', () => {
    const plan = parsePlanFile('{"rec-1": [], "rec-2": []}', 'json');

    assert.deepEqual(findUnknownRecords(plan.rows, new Set(['rec-1', 'rec-2', 'rec-3'])), []);
  });
});
