// The HTML of the record details webview. Record data is untrusted user
// content (span inputs, model outputs, dataset rows), so every value is
// HTML-escaped and shown as text: no link, image or markup from the record
// is ever rendered, and the page has no script. The content security policy
// allows only the nonce'd style element, so even a tag that slipped through
// could load or run nothing. Free of `vscode`; the panel supplies the
// localized strings, the nonce and the webview's CSP source.
import { Annotation, AnnotationQueueRecord, Evaluation } from '../api/types';
import { isCompleted, recordLabel, valueToText } from '../tree/recordPresentation';

/** Characters of a value shown before it is cut, about three lines of a narrow editor; the rest is behind "show all". */
export const DEFAULT_TRUNCATE_AT = 240;

/** Localized words of the page, in the order they appear. */
export interface RecordDetailsStrings {
  pageTitle: string;
  recordId: string;
  queue: string;
  sourceType: string;
  granularity: string;
  assignees: string;
  data: string;
  annotations: string;
  traceAnnotations: string;
  evaluations: string;
  field: string;
  value: string;
  name: string;
  label: string;
  score: string;
  text: string;
  explanation: string;
  annotator: string;
  updated: string;
  email: string;
  status: string;
  none: string;
  /** "Show all ({0} characters)", with `{0}` for the length. */
  showAll: string;
}

export interface RecordDetailsInput {
  record: AnnotationQueueRecord;
  queueName: string;
  strings: RecordDetailsStrings;
  /** A fresh random value per render, for the style element. */
  nonce: string;
  /** `webview.cspSource`. */
  cspSource: string;
  truncateAt?: number;
}

export function renderRecordDetailsHtml(input: RecordDetailsInput): string {
  const { record, strings } = input;
  const truncateAt = input.truncateAt ?? DEFAULT_TRUNCATE_AT;
  const value = (text: string) => valueBlock(text, truncateAt, strings.showAll);

  const sections = [
    `<h1>${escapeHtml(visible(recordLabel(record)))}</h1>`,
    table(
      [strings.field, strings.value],
      [
        [strings.recordId, value(record.id)],
        [strings.queue, value(input.queueName)],
        [strings.sourceType, value(String(record.source_type))],
        [strings.granularity, value(record.granularity ? String(record.granularity) : '—')],
      ],
      strings.none,
    ),
    section(strings.assignees, assigneesTable(record, strings)),
    section(strings.data, table([strings.field, strings.value], dataRows(record, value), strings.none)),
    section(strings.annotations, annotationsTable(record.annotations, strings, value)),
    section(strings.traceAnnotations, annotationsTable(record.trace_annotations, strings, value)),
    section(strings.evaluations, evaluationsTable(record.evaluations, strings, value)),
  ];

  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="UTF-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(input.nonce, input.cspSource))}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
    `<title>${escapeHtml(strings.pageTitle)}</title>`,
    `<style nonce="${escapeHtml(input.nonce)}">${STYLE}</style>`,
    '</head>',
    '<body>',
    ...sections,
    '</body>',
    '</html>',
  ].join('\n');
}

/** Blocks everything (scripts, frames, images, fonts, forms, fetches) except the one nonce'd style element. */
export function contentSecurityPolicy(nonce: string, cspSource: string): string {
  return ["default-src 'none'", `style-src ${cspSource} 'nonce-${nonce}'`, "base-uri 'none'", "form-action 'none'"].join('; ');
}

/** Escapes the five characters that HTML gives a meaning in text and in quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Bidirectional overrides and isolates, which would reorder the text around them on screen. */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point.
const C0_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/**
 * Makes invisible characters visible: C0 controls (such as the escape that
 * starts a terminal colour code) become their Unicode control pictures and
 * bidirectional controls become `[U+202E]`. Line breaks and tabs stay.
 */
export function visible(text: string): string {
  return text
    .replace(BIDI_CONTROLS, (char) => `[U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`)
    .replace(C0_CONTROLS, (char) => String.fromCharCode(char === '\u007f' ? 0x2421 : 0x2400 + char.charCodeAt(0)));
}

/** Renders a value as escaped text. Past `truncateAt` characters the rest sits in a closed `<details>`. */
function valueBlock(text: string, truncateAt: number, showAll: string): string {
  const shown = visible(text);
  if (shown.length <= truncateAt) {
    return `<div class="value">${escapeHtml(shown)}</div>`;
  }

  const summary = escapeHtml(showAll.replace('{0}', String(shown.length)));
  return [
    `<div class="value truncated">${escapeHtml(shown.slice(0, truncateAt))}…</div>`,
    `<details><summary>${summary}</summary><div class="value">${escapeHtml(shown)}</div></details>`,
  ].join('');
}

function dataRows(record: AnnotationQueueRecord, value: (text: string) => string): string[][] {
  return Object.entries(record.data).map(([field, fieldValue]) => [field, value(formatValue(fieldValue))]);
}

/** Strings as they are; objects and arrays as indented JSON, so nested data stays readable. */
function formatValue(fieldValue: unknown): string {
  if (fieldValue !== null && typeof fieldValue === 'object') {
    try {
      return JSON.stringify(fieldValue, null, 2);
    } catch {
      return valueToText(fieldValue);
    }
  }
  return valueToText(fieldValue);
}

function assigneesTable(record: AnnotationQueueRecord, strings: RecordDetailsStrings): string {
  const rows = record.assigned_users.map((assigned) => [
    assigned.user.email,
    escapeHtml(isCompleted(assigned) ? 'COMPLETED' : String(assigned.completion_status)),
  ]);
  return table([strings.email, strings.status], rows, strings.none);
}

function annotationsTable(
  annotations: readonly Annotation[],
  strings: RecordDetailsStrings,
  value: (text: string) => string,
): string {
  const rows = annotations.map((annotation) => [
    annotation.name,
    escapeHtml(annotation.label ?? ''),
    escapeHtml(annotation.score === undefined || annotation.score === null ? '' : String(annotation.score)),
    value(annotation.text ?? ''),
    escapeHtml(annotation.annotator?.email ?? ''),
    escapeHtml(annotation.updated_at ?? ''),
  ]);
  return table(
    [strings.name, strings.label, strings.score, strings.text, strings.annotator, strings.updated],
    rows,
    strings.none,
  );
}

function evaluationsTable(
  evaluations: readonly Evaluation[],
  strings: RecordDetailsStrings,
  value: (text: string) => string,
): string {
  const rows = evaluations.map((evaluation) => [
    evaluation.name,
    escapeHtml(evaluation.label ?? ''),
    escapeHtml(evaluation.score === undefined || evaluation.score === null ? '' : String(evaluation.score)),
    value(evaluation.explanation ?? ''),
  ]);
  return table([strings.name, strings.label, strings.score, strings.explanation], rows, strings.none);
}

function section(heading: string, body: string): string {
  return `<h2>${escapeHtml(heading)}</h2>\n${body}`;
}

/**
 * Renders a table. The first cell of each row is plain text and escaped here;
 * the caller escapes the other cells, which are HTML.
 */
function table(headers: readonly string[], rows: readonly string[][], none: string): string {
  if (rows.length === 0) {
    return `<p class="none">${escapeHtml(none)}</p>`;
  }

  const head = headers.map((header) => `<th>${escapeHtml(header)}</th>`).join('');
  const body = rows
    .map(
      ([first, ...rest]) =>
        `<tr><th scope="row">${escapeHtml(visible(first))}</th>${rest.map((cell) => `<td>${cell}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 16px 16px; }
h1 { font-size: 1.3em; overflow-wrap: anywhere; }
h2 { font-size: 1.1em; margin-top: 1.5em; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--vscode-panel-border, rgba(128, 128, 128, 0.35)); }
th[scope="row"] { font-weight: normal; font-family: var(--vscode-editor-font-family); white-space: nowrap; color: var(--vscode-descriptionForeground); }
.value { white-space: pre-wrap; overflow-wrap: anywhere; font-family: var(--vscode-editor-font-family); }
details summary { cursor: pointer; color: var(--vscode-textLink-foreground); margin-top: 4px; }
.none { color: var(--vscode-descriptionForeground); }
`;
