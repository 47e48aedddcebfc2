// Reading and validation of assignment plan files: CSV, JSON or JSON Lines that
// map record ids to e-mails. Free of `vscode`, so the rules can be tested in
// plain Node. Problems are codes with values, and the extension words them.
import { MAX_ASSIGNEES } from '../constants';
import { emailKey, isValidEmail, parseEmailList } from '../assign/emails';
import { AssignMode } from './types';

export type PlanFormat = 'csv' | 'json' | 'jsonl';

/** One record of a plan. `line` is the 1-based line where its entry starts in the file. */
export interface PlanRow {
  line: number;
  recordId: string;
  mode: AssignMode;
  /** Valid e-mails without duplicates (compared without regard to case), each in its first spelling. */
  emails: string[];
  /** The queue named by the row, when the file has a `queue_id` column or field. */
  queueId?: string;
}

/**
 * Reason codes, with what `value` and `count` contain for each:
 * - `emptyFile`: the file has no plan rows (line 0).
 * - `missingColumn`: `value` names the CSV header column (`record_id`, `emails`) or JSON field (`emails`) that is missing.
 * - `malformedLine`: CSV or JSON syntax error. For a CSV row whose field count does not fit the header, `count` is its field count.
 *   For a header that repeats a column, `value` is that column.
 * - `missingRecordId`: the record id is missing or blank.
 * - `invalidEmail`: `value` is the entry that is not a valid e-mail. It is `''` when mode `add` or `remove` has no e-mails.
 * - `tooManyEmails`: `count` is the number of distinct e-mails, more than `MAX_ASSIGNEES`.
 * - `invalidMode`: `value` is the mode as written.
 * - `duplicateRecord`: `value` is the record id, reported on its second and later entries.
 * - `unknownRecord`: `value` is a record id that the queue does not contain.
 * - `wrongType`: `value` is the JSON field with the wrong type (`record_id`, `emails`, `mode`, `queue_id`).
 *   It is `entry` for an entry that is not an object, or in the object form not a list, text or object.
 *   It is `file` for a JSON file that is neither an object nor an array.
 */
export type PlanProblemCode =
  | 'emptyFile'
  | 'missingColumn'
  | 'malformedLine'
  | 'missingRecordId'
  | 'invalidEmail'
  | 'tooManyEmails'
  | 'invalidMode'
  | 'duplicateRecord'
  | 'unknownRecord'
  | 'wrongType';

/** One reason a plan cannot run. `line` is 1-based, or 0 for a problem with the whole file. */
export interface PlanProblem {
  line: number;
  code: PlanProblemCode;
  value?: string;
  count?: number;
}

/** Plan rows and every problem found. Send nothing while `problems` is not empty. */
export interface ParsedPlan {
  /**
   * Every entry with a record id that is not a repeat, including entries with other problems, so that
   * `findUnknownRecords` can check their ids too. Such rows keep only their valid e-mails, and mode `set`
   * when their mode is invalid.
   */
  rows: PlanRow[];
  /** Problems in the order of the file. */
  problems: PlanProblem[];
}

const MODES: ReadonlySet<string> = new Set<AssignMode>(['set', 'add', 'remove']);

const BYTE_ORDER_MARK = '\uFEFF';

/** Picks the format from the file name's extension, or undefined for any other extension. */
export function detectPlanFormat(fileName: string): PlanFormat | undefined {
  const match = /\.([^./\\]+)$/u.exec(fileName);
  const extension = match?.[1].toLowerCase();

  switch (extension) {
    case 'csv':
      return 'csv';
    case 'json':
      return 'json';
    case 'jsonl':
    case 'ndjson':
      return 'jsonl';
    default:
      return undefined;
  }
}

/** Parses and validates a whole plan file and reports all problems, not only the first. */
export function parsePlanFile(text: string, format: PlanFormat): ParsedPlan {
  const body = text.startsWith(BYTE_ORDER_MARK) ? text.slice(BYTE_ORDER_MARK.length) : text;
  const collector = new PlanCollector();

  if (body.trim() === '') {
    collector.report({ line: 0, code: 'emptyFile' });
    return collector.result();
  }

  switch (format) {
    case 'csv':
      readCsvPlan(body, collector);
      break;
    case 'json':
      readJsonPlan(body, collector);
      break;
    case 'jsonl':
      readJsonLinesPlan(body, collector);
      break;
  }

  if (collector.rows.length === 0 && collector.problems.length === 0) {
    collector.report({ line: 0, code: 'emptyFile' });
  }
  return collector.result();
}

/** Reports each row whose record id is not in `knownRecordIds`, such as a record that is not in the queue. */
export function findUnknownRecords(rows: readonly PlanRow[], knownRecordIds: ReadonlySet<string>): PlanProblem[] {
  return rows
    .filter((row) => !knownRecordIds.has(row.recordId))
    .map((row) => ({ line: row.line, code: 'unknownRecord' as const, value: row.recordId }));
}

// ---------------------------------------------------------------------------
// Validation shared by all formats

/** E-mails as a file gives them: one text to split, or a JSON list with one e-mail per item. */
type EmailSource = { kind: 'text'; text: string } | { kind: 'list'; items: string[] };

/** One entry after its types were checked. Undefined means absent. */
interface EntryFields {
  line: number;
  recordId?: string;
  /** True when the record id was present with the wrong type, which is already reported. */
  recordIdReported?: boolean;
  emails?: EmailSource;
  mode?: string;
  queueId?: string;
}

class PlanCollector {
  readonly rows: PlanRow[] = [];
  readonly problems: PlanProblem[] = [];
  /** Queue id and record id of every row so far, to find repeats. */
  private readonly seen = new Set<string>();

  report(problem: PlanProblem): void {
    this.problems.push(problem);
  }

  result(): ParsedPlan {
    return { rows: this.rows, problems: this.problems };
  }

  /** Validates one entry, reports its problems and adds it to the rows unless it lacks a record id or repeats one. */
  addEntry(entry: EntryFields): void {
    const { line } = entry;
    const recordId = entry.recordId?.trim() ?? '';
    const queueId = entry.queueId?.trim() || undefined;

    let repeated = false;
    if (recordId === '') {
      if (!entry.recordIdReported) {
        this.report({ line, code: 'missingRecordId' });
      }
    } else {
      repeated = this.checkRepeat(line, recordId, queueId);
    }

    const mode = this.readMode(line, entry.mode);
    const emails = this.readEmails(line, entry.emails, mode);

    if (recordId === '' || repeated) {
      return;
    }
    const row: PlanRow = { line, recordId, mode: mode ?? 'set', emails };
    if (queueId !== undefined) {
      row.queueId = queueId;
    }
    this.rows.push(row);
  }

  /** Returns true and reports when the same record in the same queue came earlier. */
  private checkRepeat(line: number, recordId: string, queueId: string | undefined): boolean {
    // JSON.stringify keeps the pair unambiguous whatever characters the ids contain.
    const key = JSON.stringify([queueId ?? '', recordId]);
    if (this.seen.has(key)) {
      this.report({ line, code: 'duplicateRecord', value: recordId });
      return true;
    }
    this.seen.add(key);
    return false;
  }

  /** Returns the mode, `set` when absent or blank, or undefined after reporting an invalid one. */
  private readMode(line: number, raw: string | undefined): AssignMode | undefined {
    const mode = (raw ?? '').trim().toLowerCase();
    if (mode === '') {
      return 'set';
    }
    if (!MODES.has(mode)) {
      this.report({ line, code: 'invalidMode', value: raw });
      return undefined;
    }
    return mode as AssignMode;
  }

  /** Returns the valid, distinct e-mails and reports invalid entries, an empty `add` or `remove`, and lists over the limit. */
  private readEmails(line: number, source: EmailSource | undefined, mode: AssignMode | undefined): string[] {
    if (source === undefined) {
      this.report({ line, code: 'missingColumn', value: 'emails' });
      return [];
    }

    const { emails, invalid } = source.kind === 'text' ? splitEmailText(source.text) : checkEmailItems(source.items);
    for (const entry of invalid) {
      this.report({ line, code: 'invalidEmail', value: entry });
    }

    // An empty list clears the record with `set`, but `add` or `remove` with no e-mails is a mistake.
    const nothingGiven = emails.length === 0 && invalid.length === 0;
    if (nothingGiven && (mode === 'add' || mode === 'remove')) {
      this.report({ line, code: 'invalidEmail', value: '' });
    }

    if (emails.length > MAX_ASSIGNEES) {
      this.report({ line, code: 'tooManyEmails', count: emails.length });
    }
    return emails;
  }
}

/** Splits a cell on `;`, `|`, `,` and whitespace, and drops repeated e-mails. */
function splitEmailText(text: string): { emails: string[]; invalid: string[] } {
  // parseEmailList separates on commas, semicolons and whitespace, and plan files also allow `|`.
  const parsed = parseEmailList(text.replace(/\|/gu, ';'));
  return { emails: parsed.emails, invalid: parsed.invalid };
}

/**
 * Checks a JSON list, where each item must be exactly one e-mail apart from surrounding spaces. Blank items are
 * skipped, as empty entries in text are, so an invalid entry is never `''`.
 */
function checkEmailItems(items: readonly string[]): { emails: string[]; invalid: string[] } {
  const seen = new Set<string>();
  const emails: string[] = [];
  const invalid: string[] = [];

  for (const item of items) {
    const email = item.trim();
    if (email === '') {
      continue;
    }
    if (!isValidEmail(email)) {
      invalid.push(item);
      continue;
    }

    const key = emailKey(email);
    if (!seen.has(key)) {
      seen.add(key);
      emails.push(email);
    }
  }
  return { emails, invalid };
}

// ---------------------------------------------------------------------------
// CSV

const REQUIRED_COLUMNS = ['record_id', 'emails'] as const;
const KNOWN_COLUMNS = ['record_id', 'emails', 'mode', 'queue_id'] as const;
type ColumnName = (typeof KNOWN_COLUMNS)[number];

/** One CSV record (RFC 4180), which may span several lines when a quoted field contains line breaks. */
interface CsvRecord {
  /** 1-based line where the record starts. */
  line: number;
  fields: string[];
  /** True for an unterminated quote or text between a closing quote and the next separator. */
  malformed: boolean;
}

function readCsvPlan(text: string, collector: PlanCollector): void {
  const records = parseCsv(text).filter((record) => !isBlankRecord(record));
  if (records.length === 0) {
    return;
  }

  const [headerRecord, ...dataRecords] = records;
  const header = readCsvHeader(headerRecord, collector);
  if (header === undefined) {
    return;
  }

  for (const record of dataRecords) {
    readCsvRecord(record, header, collector);
  }
}

interface CsvHeader {
  /** Number of fields in the header, unknown columns included. */
  width: number;
  /** Index of each known column that the header names. */
  columns: Map<ColumnName, number>;
}

/** Finds the known columns, or returns undefined after reporting a header that rows cannot be read with. */
function readCsvHeader(header: CsvRecord, collector: PlanCollector): CsvHeader | undefined {
  if (header.malformed) {
    collector.report({ line: header.line, code: 'malformedLine' });
    return undefined;
  }

  const columns = new Map<ColumnName, number>();
  let usable = true;
  header.fields.forEach((field, index) => {
    const name = field.trim().toLowerCase();
    if (!(KNOWN_COLUMNS as readonly string[]).includes(name)) {
      return;
    }
    if (columns.has(name as ColumnName)) {
      collector.report({ line: header.line, code: 'malformedLine', value: name });
      usable = false;
      return;
    }
    columns.set(name as ColumnName, index);
  });

  for (const name of REQUIRED_COLUMNS) {
    if (!columns.has(name)) {
      collector.report({ line: header.line, code: 'missingColumn', value: name });
      usable = false;
    }
  }
  return usable ? { width: header.fields.length, columns } : undefined;
}

function readCsvRecord(record: CsvRecord, header: CsvHeader, collector: PlanCollector): void {
  if (record.malformed) {
    collector.report({ line: record.line, code: 'malformedLine' });
    return;
  }
  if (!fitsHeader(record, header)) {
    collector.report({ line: record.line, code: 'malformedLine', count: record.fields.length });
    return;
  }

  const cell = (name: ColumnName): string | undefined => {
    const index = header.columns.get(name);
    return index === undefined ? undefined : record.fields[index];
  };
  collector.addEntry({
    line: record.line,
    recordId: cell('record_id'),
    emails: { kind: 'text', text: cell('emails') ?? '' },
    mode: cell('mode'),
    queueId: cell('queue_id'),
  });
}

/**
 * Returns whether the record's fields can be matched to the header. It may omit trailing optional cells and may
 * have extra blank cells. A non-blank extra cell usually means an unquoted comma in the e-mails, so it does not fit.
 */
function fitsHeader(record: CsvRecord, header: CsvHeader): boolean {
  const lastRequired = Math.max(...REQUIRED_COLUMNS.map((name) => header.columns.get(name) ?? 0));
  if (record.fields.length <= lastRequired) {
    return false;
  }
  return record.fields.slice(header.width).every((field) => field.trim() === '');
}

function isBlankRecord(record: CsvRecord): boolean {
  return !record.malformed && record.fields.every((field) => field.trim() === '');
}

/**
 * Splits CSV text into records. Accepts CRLF, LF or CR line breaks, spaces around a quoted field, and quotes
 * inside an unquoted field as plain text.
 */
function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const cursor = { index: 0, line: 1 };

  while (cursor.index < text.length) {
    records.push(parseCsvRecord(text, cursor));
  }
  return records;
}

/** Reads one record from `cursor` and leaves the cursor at the start of the next one. */
function parseCsvRecord(text: string, cursor: { index: number; line: number }): CsvRecord {
  const record: CsvRecord = { line: cursor.line, fields: [], malformed: false };

  for (;;) {
    const quoteStart = indexAfterSpaces(text, cursor.index);
    let field: string | undefined;
    if (text[quoteStart] === '"') {
      cursor.index = quoteStart;
      field = readQuotedField(text, cursor);
    } else {
      field = readPlainField(text, cursor);
    }
    record.fields.push(field ?? '');
    if (field === undefined) {
      record.malformed = true;
      skipToLineEnd(text, cursor);
    }

    const next = text[cursor.index];
    if (next === ',') {
      cursor.index += 1;
      continue;
    }
    consumeLineBreak(text, cursor);
    return record;
  }
}

function readPlainField(text: string, cursor: { index: number }): string {
  const start = cursor.index;
  while (cursor.index < text.length && !',\r\n'.includes(text[cursor.index])) {
    cursor.index += 1;
  }
  return text.slice(start, cursor.index);
}

/**
 * Reads a quoted field, or returns undefined when the quote is not closed or text follows the closing quote.
 * Spaces after the closing quote are ignored, as hand-written files often have them.
 */
function readQuotedField(text: string, cursor: { index: number; line: number }): string | undefined {
  let value = '';
  cursor.index += 1;

  for (;;) {
    const quote = text.indexOf('"', cursor.index);
    if (quote === -1) {
      cursor.index = text.length;
      return undefined;
    }

    const chunk = text.slice(cursor.index, quote);
    cursor.line += countLineBreaks(chunk);
    value += chunk;
    cursor.index = quote + 1;

    // A doubled quote is one quote character inside the field.
    if (text[cursor.index] === '"') {
      value += '"';
      cursor.index += 1;
      continue;
    }
    break;
  }

  cursor.index = indexAfterSpaces(text, cursor.index);
  const next = text[cursor.index];
  const fieldEnds = next === undefined || next === ',' || next === '\r' || next === '\n';
  return fieldEnds ? value : undefined;
}

/** Returns the index of the first character at or after `index` that is not a space or tab. */
function indexAfterSpaces(text: string, index: number): number {
  let position = index;
  while (text[position] === ' ' || text[position] === '\t') {
    position += 1;
  }
  return position;
}

function skipToLineEnd(text: string, cursor: { index: number }): void {
  while (cursor.index < text.length && text[cursor.index] !== '\r' && text[cursor.index] !== '\n') {
    cursor.index += 1;
  }
}

/** Consumes one CRLF, LF or CR at the cursor, if there is one. */
function consumeLineBreak(text: string, cursor: { index: number; line: number }): void {
  if (text[cursor.index] === '\r' && text[cursor.index + 1] === '\n') {
    cursor.index += 2;
  } else if (text[cursor.index] === '\r' || text[cursor.index] === '\n') {
    cursor.index += 1;
  } else {
    return;
  }
  cursor.line += 1;
}

/** Counts CRLF, LF and lone CR, as editors number lines. */
function countLineBreaks(text: string): number {
  return text.match(/\r\n|\r|\n/gu)?.length ?? 0;
}

// ---------------------------------------------------------------------------
// JSON and JSON Lines

function readJsonPlan(text: string, collector: PlanCollector): void {
  const document = parseJsonOrReport(text, 1, collector);
  if (document === undefined) {
    return;
  }

  if (document.kind === 'array') {
    for (const item of document.items) {
      readJsonEntry(item, collector);
    }
    return;
  }
  if (document.kind !== 'object') {
    collector.report({ line: document.line, code: 'wrongType', value: 'file' });
    return;
  }

  // A single entry object is read as a plan of one row, not as a record named "record_id".
  if (document.members.some((member) => member.key === 'record_id')) {
    readJsonEntry(document, collector);
    return;
  }
  for (const member of document.members) {
    readRecordMember(member, collector);
  }
}

function readJsonLinesPlan(text: string, collector: PlanCollector): void {
  const lines = text.split(/\r\n|\r|\n/u);

  lines.forEach((lineText, index) => {
    if (lineText.trim() === '') {
      return;
    }
    const value = parseJsonOrReport(lineText, index + 1, collector);
    if (value !== undefined) {
      readJsonEntry(value, collector);
    }
  });
}

function parseJsonOrReport(text: string, firstLine: number, collector: PlanCollector): JsonValue | undefined {
  try {
    return new JsonScanner(text, firstLine).parseDocument();
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      collector.report({ line: error.line, code: 'malformedLine' });
      return undefined;
    }
    throw error;
  }
}

/** Reads `{ "record_id": …, "emails": …, "mode"?: …, "queue_id"?: … }`. */
function readJsonEntry(value: JsonValue, collector: PlanCollector): void {
  if (value.kind !== 'object') {
    collector.report({ line: value.line, code: 'wrongType', value: 'entry' });
    return;
  }

  const line = value.line;
  const fields = lastMembers(value);
  const recordId = readOptionalString(fields.get('record_id'), 'record_id', line, collector);
  collector.addEntry({
    line,
    recordId: recordId ?? undefined,
    recordIdReported: recordId === null,
    emails: readEmailSource(fields.get('emails'), line, collector),
    mode: readOptionalString(fields.get('mode'), 'mode', line, collector) ?? undefined,
    queueId: readOptionalString(fields.get('queue_id'), 'queue_id', line, collector) ?? undefined,
  });
}

/** Reads `"<record id>": [e-mails] | "e-mails" | { "emails": …, "mode"?: …, "queue_id"?: … }` from the object form. */
function readRecordMember(member: JsonMember, collector: PlanCollector): void {
  const { key, line, value } = member;

  if (value.kind === 'array' || value.kind === 'string') {
    collector.addEntry({ line, recordId: key, emails: readEmailSource(value, line, collector) });
    return;
  }
  if (value.kind !== 'object') {
    collector.report({ line, code: 'wrongType', value: 'entry' });
    return;
  }

  const fields = lastMembers(value);
  collector.addEntry({
    line,
    recordId: key,
    emails: readEmailSource(fields.get('emails'), line, collector),
    mode: readOptionalString(fields.get('mode'), 'mode', line, collector) ?? undefined,
    queueId: readOptionalString(fields.get('queue_id'), 'queue_id', line, collector) ?? undefined,
  });
}

/** Returns the string, undefined when absent or null, or null after reporting a wrong type on the entry's line. */
function readOptionalString(
  value: JsonValue | undefined,
  field: string,
  entryLine: number,
  collector: PlanCollector,
): string | undefined | null {
  if (value === undefined || value.kind === 'null') {
    return undefined;
  }
  if (value.kind !== 'string') {
    collector.report({ line: entryLine, code: 'wrongType', value: field });
    return null;
  }
  return value.value;
}

/**
 * Returns the e-mails as text or as a list of strings, or undefined when absent. A value of the wrong type is
 * reported and read as an empty list, and so are the non-string items of a list.
 */
function readEmailSource(value: JsonValue | undefined, entryLine: number, collector: PlanCollector): EmailSource | undefined {
  if (value === undefined || value.kind === 'null') {
    return undefined;
  }
  if (value.kind === 'string') {
    return { kind: 'text', text: value.value };
  }
  if (value.kind !== 'array') {
    collector.report({ line: entryLine, code: 'wrongType', value: 'emails' });
    return { kind: 'list', items: [] };
  }

  const items: string[] = [];
  let wrongItems = false;
  for (const item of value.items) {
    if (item.kind === 'string') {
      items.push(item.value);
    } else {
      wrongItems = true;
    }
  }
  if (wrongItems) {
    collector.report({ line: entryLine, code: 'wrongType', value: 'emails' });
  }
  return { kind: 'list', items };
}

/** Maps each key to its value. Like JSON.parse, the last of repeated keys wins. */
function lastMembers(value: JsonObject): Map<string, JsonValue> {
  return new Map(value.members.map((member) => [member.key, member.value]));
}

// ---------------------------------------------------------------------------
// A JSON parser (RFC 8259) that keeps the line where each value and key starts.
// JSON.parse gives no positions, and it drops repeated keys, which are repeated
// records in the object form.

type JsonValue =
  | JsonObject
  | { kind: 'array'; line: number; items: JsonValue[] }
  | { kind: 'string'; line: number; value: string }
  | { kind: 'number'; line: number; value: number }
  | { kind: 'boolean'; line: number; value: boolean }
  | { kind: 'null'; line: number };

interface JsonObject {
  kind: 'object';
  line: number;
  members: JsonMember[];
}

interface JsonMember {
  key: string;
  /** Line where the key starts. */
  line: number;
  value: JsonValue;
}

class JsonSyntaxError extends Error {
  constructor(readonly line: number) {
    super(`Invalid JSON on line ${line}`);
  }
}

/** Plan files need a depth of 3. The limit keeps a deeply nested file from exhausting the call stack. */
const MAX_JSON_DEPTH = 64;

const NUMBER_PATTERN = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class JsonScanner {
  private index = 0;
  private line: number;

  constructor(
    private readonly text: string,
    firstLine: number,
  ) {
    this.line = firstLine;
  }

  /** Parses exactly one value with optional whitespace around it, or throws JsonSyntaxError. */
  parseDocument(): JsonValue {
    this.skipWhitespace();
    const value = this.parseValue(0);
    this.skipWhitespace();
    if (this.index < this.text.length) {
      this.fail();
    }
    return value;
  }

  private parseValue(depth: number): JsonValue {
    if (depth > MAX_JSON_DEPTH) {
      this.fail();
    }

    const line = this.line;
    const char = this.text[this.index];
    switch (char) {
      case '{':
        return this.parseObject(depth);
      case '[':
        return this.parseArray(depth);
      case '"':
        return { kind: 'string', line, value: this.parseString() };
      case 't':
        this.expectWord('true');
        return { kind: 'boolean', line, value: true };
      case 'f':
        this.expectWord('false');
        return { kind: 'boolean', line, value: false };
      case 'n':
        this.expectWord('null');
        return { kind: 'null', line };
      default:
        return { kind: 'number', line, value: this.parseNumber() };
    }
  }

  private parseObject(depth: number): JsonObject {
    const object: JsonObject = { kind: 'object', line: this.line, members: [] };
    this.index += 1;
    this.skipWhitespace();
    if (this.text[this.index] === '}') {
      this.index += 1;
      return object;
    }

    for (;;) {
      const line = this.line;
      if (this.text[this.index] !== '"') {
        this.fail();
      }
      const key = this.parseString();
      this.skipWhitespace();
      this.expectChar(':');
      this.skipWhitespace();
      object.members.push({ key, line, value: this.parseValue(depth + 1) });
      this.skipWhitespace();

      if (this.text[this.index] === '}') {
        this.index += 1;
        return object;
      }
      this.expectChar(',');
      this.skipWhitespace();
    }
  }

  private parseArray(depth: number): JsonValue {
    const line = this.line;
    const items: JsonValue[] = [];
    this.index += 1;
    this.skipWhitespace();
    if (this.text[this.index] === ']') {
      this.index += 1;
      return { kind: 'array', line, items };
    }

    for (;;) {
      items.push(this.parseValue(depth + 1));
      this.skipWhitespace();

      if (this.text[this.index] === ']') {
        this.index += 1;
        return { kind: 'array', line, items };
      }
      this.expectChar(',');
      this.skipWhitespace();
    }
  }

  /** Finds the closing quote, then lets JSON.parse decode the escapes of that one token. */
  private parseString(): string {
    const start = this.index;
    this.index += 1;

    for (;;) {
      const char = this.text[this.index];
      if (char === undefined || char < ' ') {
        this.fail();
      }
      if (char === '\\') {
        this.index += 2;
        continue;
      }
      this.index += 1;
      if (char === '"') {
        break;
      }
    }

    try {
      return JSON.parse(this.text.slice(start, this.index)) as string;
    } catch {
      return this.fail();
    }
  }

  private parseNumber(): number {
    NUMBER_PATTERN.lastIndex = this.index;
    const match = NUMBER_PATTERN.exec(this.text);
    if (match === null) {
      this.fail();
    }
    this.index += match[0].length;
    return Number(match[0]);
  }

  private expectWord(word: string): void {
    if (!this.text.startsWith(word, this.index)) {
      this.fail();
    }
    this.index += word.length;
  }

  private expectChar(char: string): void {
    if (this.text[this.index] !== char) {
      this.fail();
    }
    this.index += 1;
  }

  /** Skips JSON whitespace and counts CRLF, LF and lone CR as line breaks. */
  private skipWhitespace(): void {
    for (;;) {
      const char = this.text[this.index];
      if (char === ' ' || char === '\t') {
        this.index += 1;
      } else if (char === '\n' || (char === '\r' && this.text[this.index + 1] !== '\n')) {
        this.index += 1;
        this.line += 1;
      } else if (char === '\r') {
        this.index += 2;
        this.line += 1;
      } else {
        return;
      }
    }
  }

  private fail(): never {
    throw new JsonSyntaxError(this.line);
  }
}
