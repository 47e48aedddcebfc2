// The local journal of assignment changes, one JSON file per Arize base URL in
// the extension's global storage. It keeps the lists before and after each
// change for undo and for the history export. It contains no API key.
import { createHash, randomUUID } from 'crypto';
import * as fs from 'fs/promises';
import * as path from 'path';

import { JournalEntry } from './types';

const DEFAULT_MAX_ENTRIES = 200;

/** Version of the file layout, stored in the file. A file with another version is moved aside like a corrupt one. */
const FILE_VERSION = 1;

interface JournalFile {
  version: number;
  baseUrl: string;
  entries: JournalEntry[];
}

export interface AssignmentJournalOptions {
  /** Maximum number of entries kept, with the oldest dropped first. Default 200. */
  maxEntries?: number;
  /** Callback after a file that could not be read was moved to `backupPath`, so the extension can show the user where it went. */
  onCorruptFile?: (backupPath: string, reason: string) => void;
}

/**
 * Pending work per journal file. Commands create a journal object per operation, so the queue is shared by
 * all objects of this process that use the same file.
 */
const fileQueues = new Map<string, Promise<unknown>>();

export class AssignmentJournal {
  private readonly file: string;
  private readonly maxEntries: number;

  /** `baseUrl` should be normalized by the caller, because each spelling gets its own file. */
  constructor(
    private readonly directory: string,
    private readonly baseUrl: string,
    private readonly options: AssignmentJournalOptions = {},
  ) {
    const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new RangeError(`maxEntries must be a positive integer, got ${maxEntries}`);
    }
    this.maxEntries = maxEntries;
    this.file = path.join(directory, journalFileName(baseUrl));
  }

  get filePath(): string {
    return this.file;
  }

  /** Stores a new entry with a random id and this journal's base URL, and drops the oldest beyond the maximum. */
  append(entry: Omit<JournalEntry, 'id' | 'baseUrl'>): Promise<JournalEntry> {
    return this.exclusive(async () => {
      const stored = copyEntry({ ...entry, id: randomUUID(), baseUrl: this.baseUrl });
      const entries = [...(await this.read()), stored].slice(-this.maxEntries);

      await this.write(entries);
      return copyEntry(stored);
    });
  }

  /** Returns all entries, oldest first. */
  list(): Promise<JournalEntry[]> {
    return this.exclusive(() => this.read());
  }

  /** Returns the newest entry that changed records and was not undone, or undefined. */
  async lastUndoable(): Promise<JournalEntry | undefined> {
    const entries = await this.list();
    return entries.reverse().find((entry) => entry.changes.length > 0 && entry.undone !== true);
  }

  /** Marks an entry as undone. Does nothing when no entry has this id, for example after the maximum dropped it. */
  markUndone(id: string): Promise<void> {
    return this.exclusive(async () => {
      const entries = await this.read();
      const entry = entries.find((candidate) => candidate.id === id);
      if (entry === undefined || entry.undone === true) {
        return;
      }

      entry.undone = true;
      await this.write(entries);
    });
  }

  /**
   * Runs `task` after every earlier task on the same file in this process, so a read-modify-write never loses
   * another's entry.
   */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    // NOTE: two VS Code windows share global storage but not this queue, so appends in both at the same moment can still lose one entry.
    const previous = fileQueues.get(this.file) ?? Promise.resolve();
    const result = previous.then(task, task);

    // The queue continues after a failed task, and the caller still sees the failure.
    const settled = result.catch(() => undefined);
    fileQueues.set(this.file, settled);
    void settled.then(() => {
      if (fileQueues.get(this.file) === settled) {
        fileQueues.delete(this.file);
      }
    });
    return result;
  }

  /** Reads the entries. A missing or blank file is empty, and a file that cannot be parsed is moved aside. */
  private async read(): Promise<JournalEntry[]> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if (isErrorCode(error, 'ENOENT')) {
        return [];
      }
      throw error;
    }
    if (text.trim() === '') {
      return [];
    }

    const parsed = parseJournalFile(text);
    if (typeof parsed === 'string') {
      await this.moveAside(parsed);
      return [];
    }
    return parsed.entries;
  }

  /** Keeps an unreadable file as `<name>.corrupt-<time>` so the next write does not overwrite the user's history. */
  private async moveAside(reason: string): Promise<void> {
    const stamp = new Date().toISOString().replace(/[:.]/gu, '-');
    const backupPath = `${this.file}.corrupt-${stamp}`;

    await fs.rename(this.file, backupPath);
    this.options.onCorruptFile?.(backupPath, reason);
  }

  /** Writes a temporary file in the same folder and renames it over the journal, so readers never see half a file. */
  private async write(entries: readonly JournalEntry[]): Promise<void> {
    await fs.mkdir(this.directory, { recursive: true });

    const content: JournalFile = { version: FILE_VERSION, baseUrl: this.baseUrl, entries: [...entries] };
    const temporary = `${this.file}.${randomUUID()}.tmp`;
    try {
      const handle = await fs.open(temporary, 'wx');
      try {
        await handle.writeFile(`${JSON.stringify(content, null, 1)}\n`, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await renameWithRetry(temporary, this.file);
    } catch (error) {
      await fs.rm(temporary, { force: true });
      throw error;
    }
  }
}

/** Returns `assignment-journal-<first 16 hex digits of the SHA-256 of the base URL>.json`. */
export function journalFileName(baseUrl: string): string {
  const digest = createHash('sha256').update(baseUrl, 'utf8').digest('hex');
  return `assignment-journal-${digest.slice(0, 16)}.json`;
}

/** Formats entries as a pretty-printed JSON array, oldest first as given. */
export function journalToJson(entries: readonly JournalEntry[]): string {
  return `${JSON.stringify(entries, null, 2)}\n`;
}

const CSV_COLUMNS = ['time', 'operation', 'entry_id', 'queue_id', 'record_id', 'label', 'before', 'after', 'undone'];

/**
 * Formats entries as CSV (RFC 4180) with a header row and CRLF line ends. It writes one row per changed record,
 * and one row with empty record columns for an entry without changes. E-mails are joined with `;`.
 */
export function journalToCsv(entries: readonly JournalEntry[]): string {
  const rows: string[][] = [CSV_COLUMNS];

  for (const entry of entries) {
    const common = [entry.time, entry.operation, entry.id];
    const undone = entry.undone === true ? 'true' : 'false';
    if (entry.changes.length === 0) {
      rows.push([...common, '', '', '', '', '', undone]);
      continue;
    }
    for (const change of entry.changes) {
      rows.push([
        ...common,
        change.queueId,
        change.recordId,
        change.label ?? '',
        change.before.join(';'),
        change.after.join(';'),
        undone,
      ]);
    }
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/**
 * Quotes a cell when needed. A cell that starts with `=`, `+`, `-`, `@`, tab or CR gets a leading `'`, because
 * spreadsheet apps would run it as a formula and labels come from record data.
 */
function csvCell(value: string): string {
  const guarded = /^[=+\-@\t\r]/u.test(value) ? `'${value}` : value;
  return /[",\r\n]/u.test(guarded) ? `"${guarded.replace(/"/gu, '""')}"` : guarded;
}

/** Returns the file's content, or a reason why it is not a journal file. */
function parseJournalFile(text: string): JournalFile | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `invalid JSON: ${error instanceof Error ? error.message : String(error)}`;
  }

  if (!isRecord(value) || value.version !== FILE_VERSION || !Array.isArray(value.entries)) {
    return `not a version ${FILE_VERSION} journal file`;
  }
  const badIndex = value.entries.findIndex((entry) => !isJournalEntry(entry));
  if (badIndex !== -1) {
    return `entry ${badIndex} is not a valid journal entry`;
  }
  return value as unknown as JournalFile;
}

function isJournalEntry(value: unknown): value is JournalEntry {
  if (!isRecord(value)) {
    return false;
  }
  const fieldsValid =
    typeof value.id === 'string' &&
    typeof value.time === 'string' &&
    typeof value.operation === 'string' &&
    typeof value.baseUrl === 'string' &&
    typeof value.notApplied === 'number' &&
    (value.undone === undefined || typeof value.undone === 'boolean');
  return fieldsValid && Array.isArray(value.changes) && value.changes.every(isJournalChange);
}

function isJournalChange(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.queueId === 'string' &&
    typeof value.recordId === 'string' &&
    (value.label === undefined || typeof value.label === 'string') &&
    isStringArray(value.before) &&
    isStringArray(value.after)
  );
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Copies an entry deeply, so callers cannot change what the journal holds, and drops an undefined label. */
function copyEntry(entry: JournalEntry): JournalEntry {
  const copy: JournalEntry = {
    id: entry.id,
    time: entry.time,
    operation: entry.operation,
    baseUrl: entry.baseUrl,
    changes: entry.changes.map((change) => {
      const changeCopy: JournalEntry['changes'][number] = {
        queueId: change.queueId,
        recordId: change.recordId,
        before: [...change.before],
        after: [...change.after],
      };
      if (change.label !== undefined) {
        changeCopy.label = change.label;
      }
      return changeCopy;
    }),
    notApplied: entry.notApplied,
  };
  if (entry.undone !== undefined) {
    copy.undone = entry.undone;
  }
  return copy;
}

const RENAME_ATTEMPTS = 5;
const RENAME_RETRY_DELAY_MS = 50;

/**
 * Renames over the target. On Windows the rename fails with EPERM, EACCES or EBUSY while another program,
 * such as a virus scanner, has the target open, so it is tried a few times.
 */
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await fs.rename(from, to);
      return;
    } catch (error) {
      const transient = isErrorCode(error, 'EPERM') || isErrorCode(error, 'EACCES') || isErrorCode(error, 'EBUSY');
      if (!transient || attempt >= RENAME_ATTEMPTS) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, RENAME_RETRY_DELAY_MS * attempt));
    }
  }
}

function isErrorCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === code;
}
