import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

import { AssignmentJournal, journalFileName, journalToCsv, journalToJson } from '../../src/bulk/journal';
import { JournalEntry } from '../../src/bulk/types';

const BASE_URL = 'https://api.arize.com';

type NewEntry = Omit<JournalEntry, 'id' | 'baseUrl'>;

function sampleEntry(operation: string, recordIds: string[] = ['rec-1']): NewEntry {
  return {
    time: '2024-05-01T10:00:00.000Z',
    operation,
    changes: recordIds.map((recordId) => ({
      queueId: 'q-1',
      recordId,
      label: `Record ${recordId}`,
      before: ['ana@example.com'],
      after: ['ana@example.com', 'ben@example.com'],
    })),
    notApplied: 0,
  };
}

describe('assignment journal', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await fs.mkdtemp(path.join(os.tmpdir(), 'arize-journal-'));
  });

  afterEach(async () => {
    await fs.rm(directory, { recursive: true, force: true });
  });

  it('reads a missing file as empty', async () => {
    const journal = new AssignmentJournal(path.join(directory, 'not-created'), BASE_URL);

    assert.deepEqual(await journal.list(), []);
    assert.equal(await journal.lastUndoable(), undefined);
  });

  it('names one file per base URL', () => {
    const first = new AssignmentJournal(directory, BASE_URL);
    const second = new AssignmentJournal(directory, 'https://arize.example.com');

    assert.match(path.basename(first.filePath), /^assignment-journal-[0-9a-f]{16}\.json$/);
    assert.notEqual(first.filePath, second.filePath);
    assert.equal(first.filePath, path.join(directory, journalFileName(BASE_URL)));
  });

  it('appends entries and lists them oldest first', async () => {
    const journal = new AssignmentJournal(path.join(directory, 'nested', 'storage'), BASE_URL);

    const first = await journal.append(sampleEntry('Add Reviewers'));
    const second = await journal.append({ ...sampleEntry('Clear Assignment'), notApplied: 2 });

    assert.match(first.id, /^[0-9a-f-]{36}$/);
    assert.notEqual(first.id, second.id);
    assert.equal(first.baseUrl, BASE_URL);
    assert.deepEqual(await journal.list(), [first, second]);
    assert.equal((await journal.list())[1].notApplied, 2);
  });

  it('keeps entries separate per base URL', async () => {
    const first = new AssignmentJournal(directory, BASE_URL);
    const second = new AssignmentJournal(directory, 'https://arize.example.com');

    await first.append(sampleEntry('Add Reviewers'));

    assert.equal((await first.list()).length, 1);
    assert.deepEqual(await second.list(), []);
  });

  it('stores no fields beyond the entry', async () => {
    const journal = new AssignmentJournal(directory, BASE_URL);
    const input = { ...sampleEntry('Add Reviewers'), apiKey: 'secret' } as NewEntry;

    await journal.append(input);

    const text = await fs.readFile(journal.filePath, 'utf8');
    assert.equal(text.includes('secret'), false);
    assert.equal(text.includes('apiKey'), false);
  });

  it('copies entries so callers cannot change them', async () => {
    const journal = new AssignmentJournal(directory, BASE_URL);
    const input = sampleEntry('Add Reviewers');

    const stored = await journal.append(input);
    input.changes[0].after.push('mallory@example.com');
    stored.changes[0].after.push('mallory@example.com');

    assert.deepEqual((await journal.list())[0].changes[0].after, ['ana@example.com', 'ben@example.com']);
  });

  it('drops the oldest entries beyond the maximum', async () => {
    const journal = new AssignmentJournal(directory, BASE_URL, { maxEntries: 3 });

    for (let index = 1; index <= 5; index += 1) {
      await journal.append(sampleEntry(`Operation ${index}`));
    }

    const operations = (await journal.list()).map((entry) => entry.operation);
    assert.deepEqual(operations, ['Operation 3', 'Operation 4', 'Operation 5']);
  });

  it('rejects a maximum below one', () => {
    assert.throws(() => new AssignmentJournal(directory, BASE_URL, { maxEntries: 0 }), RangeError);
    assert.throws(() => new AssignmentJournal(directory, BASE_URL, { maxEntries: 1.5 }), RangeError);
  });

  it('finds the newest undoable entry and marks it undone', async () => {
    const journal = new AssignmentJournal(directory, BASE_URL);
    const first = await journal.append(sampleEntry('Add Reviewers'));
    const second = await journal.append(sampleEntry('Remove Reviewers'));
    await journal.append({ ...sampleEntry('Distribute Records', []), notApplied: 4 });

    assert.equal((await journal.lastUndoable())?.id, second.id);

    await journal.markUndone(second.id);
    assert.equal((await journal.lastUndoable())?.id, first.id);
    assert.equal((await journal.list())[1].undone, true);

    await journal.markUndone(first.id);
    assert.equal(await journal.lastUndoable(), undefined);
  });

  it('ignores marking an unknown id', async () => {
    const journal = new AssignmentJournal(directory, BASE_URL);
    const entry = await journal.append(sampleEntry('Add Reviewers'));

    await journal.markUndone('no-such-id');

    assert.deepEqual(await journal.list(), [entry]);
  });

  it('loses no entry under concurrent appends', async () => {
    const appends = Array.from({ length: 40 }, (_, index) =>
      // A new object per call, as the commands create one per operation.
      new AssignmentJournal(directory, BASE_URL).append(sampleEntry(`Operation ${index}`)),
    );
    const results = await Promise.all(appends);

    const listed = await new AssignmentJournal(directory, BASE_URL).list();
    assert.equal(listed.length, 40);
    assert.deepEqual(
      listed.map((entry) => entry.id),
      results.map((entry) => entry.id),
    );
  });

  it('marks undone while appending without losing either', async () => {
    const journal = new AssignmentJournal(directory, BASE_URL);
    const first = await journal.append(sampleEntry('Add Reviewers'));

    await Promise.all([journal.markUndone(first.id), journal.append(sampleEntry('Undo'))]);

    const listed = await journal.list();
    assert.equal(listed.length, 2);
    assert.equal(listed[0].undone, true);
  });

  it('leaves no temporary files behind', async () => {
    const journal = new AssignmentJournal(directory, BASE_URL);
    await Promise.all([journal.append(sampleEntry('One')), journal.append(sampleEntry('Two'))]);

    assert.deepEqual(await fs.readdir(directory), [path.basename(journal.filePath)]);
  });

  it('moves a corrupt file aside and starts empty', async () => {
    const reports: string[] = [];
    const journal = new AssignmentJournal(directory, BASE_URL, { onCorruptFile: (backupPath) => reports.push(backupPath) });
    await fs.writeFile(journal.filePath, '{"version": 1, "entries": [', 'utf8');

    assert.deepEqual(await journal.list(), []);

    const files = await fs.readdir(directory);
    const backups = files.filter((name) => name.startsWith(`${path.basename(journal.filePath)}.corrupt-`));
    assert.equal(backups.length, 1);
    assert.equal(files.includes(path.basename(journal.filePath)), false);
    assert.equal(await fs.readFile(path.join(directory, backups[0]), 'utf8'), '{"version": 1, "entries": [');
    assert.deepEqual(reports, [path.join(directory, backups[0])]);

    const entry = await journal.append(sampleEntry('Add Reviewers'));
    assert.deepEqual(await journal.list(), [entry]);
  });

  it('moves a file with invalid entries aside', async () => {
    const journal = new AssignmentJournal(directory, BASE_URL);
    const content = { version: 1, baseUrl: BASE_URL, entries: [{ id: 'x', time: 'now', operation: 'Add', changes: 'all' }] };
    await fs.writeFile(journal.filePath, JSON.stringify(content), 'utf8');

    assert.deepEqual(await journal.list(), []);

    const files = await fs.readdir(directory);
    assert.equal(files.filter((name) => name.includes('.corrupt-')).length, 1);
  });

  it('reads a blank file as empty without moving it', async () => {
    const journal = new AssignmentJournal(directory, BASE_URL);
    await fs.writeFile(journal.filePath, '\n', 'utf8');

    assert.deepEqual(await journal.list(), []);
    assert.deepEqual(await fs.readdir(directory), [path.basename(journal.filePath)]);
  });
});

describe('journal export', () => {
  const entries: JournalEntry[] = [
    {
      id: 'entry-1',
      time: '2024-05-01T10:00:00.000Z',
      operation: 'Add Reviewers',
      baseUrl: BASE_URL,
      changes: [
        { queueId: 'q-1', recordId: 'rec-1', label: 'Plain label', before: [], after: ['ana@example.com', 'ben@example.com'] },
        { queueId: 'q-1', recordId: 'rec-2', label: 'Says "hi", twice\nand more', before: ['ana@example.com'], after: [] },
      ],
      notApplied: 1,
      undone: true,
    },
    {
      id: 'entry-2',
      time: '2024-05-02T10:00:00.000Z',
      operation: 'Distribute Records',
      baseUrl: BASE_URL,
      changes: [],
      notApplied: 3,
    },
    {
      id: 'entry-3',
      time: '2024-05-03T10:00:00.000Z',
      operation: 'Undo',
      baseUrl: BASE_URL,
      changes: [
        { queueId: 'q-2', recordId: '-rec-3', label: '=HYPERLINK("http://example.com")', before: ['+x@example.com'], after: [] },
        { queueId: 'q-2', recordId: 'rec-4', label: '@SUM(A1)', before: [], after: [] },
        { queueId: 'q-2', recordId: 'rec-5', label: '\tTabbed', before: [], after: [] },
        { queueId: 'q-2', recordId: 'rec-6', label: '\rReturn', before: [], after: [] },
        { queueId: 'q-2', recordId: 'rec-7', before: [], after: [] },
      ],
      notApplied: 0,
    },
  ];

  it('writes one CSV row per changed record', () => {
    const lines = journalToCsv(entries).split('\r\n');

    assert.equal(lines[0], 'time,operation,entry_id,queue_id,record_id,label,before,after,undone');
    assert.equal(
      lines[1],
      '2024-05-01T10:00:00.000Z,Add Reviewers,entry-1,q-1,rec-1,Plain label,,ana@example.com;ben@example.com,true',
    );
    assert.equal(
      lines[2],
      '2024-05-01T10:00:00.000Z,Add Reviewers,entry-1,q-1,rec-2,"Says ""hi"", twice\nand more",ana@example.com,,true',
    );
  });

  it('writes a CSV row for an entry without changes', () => {
    const lines = journalToCsv(entries).split('\r\n');

    assert.equal(lines[3], '2024-05-02T10:00:00.000Z,Distribute Records,entry-2,,,,,,false');
  });

  it('guards CSV cells against formulas', () => {
    const lines = journalToCsv(entries).split('\r\n');

    assert.equal(
      lines[4],
      `2024-05-03T10:00:00.000Z,Undo,entry-3,q-2,'-rec-3,"'=HYPERLINK(""http://example.com"")",'+x@example.com,,false`,
    );
    assert.equal(lines[5], `2024-05-03T10:00:00.000Z,Undo,entry-3,q-2,rec-4,'@SUM(A1),,,false`);
    assert.equal(lines[6], `2024-05-03T10:00:00.000Z,Undo,entry-3,q-2,rec-5,'\tTabbed,,,false`);
    assert.equal(lines[7], `2024-05-03T10:00:00.000Z,Undo,entry-3,q-2,rec-6,"'\rReturn",,,false`);
    assert.equal(lines[8], '2024-05-03T10:00:00.000Z,Undo,entry-3,q-2,rec-7,,,,false');
    assert.equal(lines[9], '');
    assert.equal(lines.length, 10);
  });

  it('writes only a header for no entries', () => {
    assert.equal(journalToCsv([]), 'time,operation,entry_id,queue_id,record_id,label,before,after,undone\r\n');
  });

  it('writes JSON that parses back to the entries', () => {
    const json = journalToJson(entries);

    assert.deepEqual(JSON.parse(json), entries);
    assert.ok(json.endsWith('\n'));
  });
});
