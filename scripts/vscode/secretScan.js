'use strict';
// Searches everything a real VS Code test run produced for the API key it
// used: the code-server folders (user data with logs/**, the extension's log
// and global storage, User/settings.json, extensions, workspace), test-output/
// and the runner's own stdout and stderr. A hit means the key leaked into a
// log line, a setting, an error message, a journal entry or a URL.
//
// The key is searched as UTF-8 and as UTF-16LE bytes, because some of VS
// Code's stores (SQLite, LevelDB) may keep strings in UTF-16. It is not
// searched in other encodings such as base64 or percent-encoding.
const fs = require('fs');
const path = require('path');

/** Bytes read per step, so large files are scanned in bounded memory. */
const CHUNK_BYTES = 1024 * 1024;

/** Occurrences listed per file; the rest are only counted. */
const MAX_REPORTED_PER_FILE = 5;

/** Time for the extension host's file loggers to write buffered lines before a scan, in milliseconds. */
const DEFAULT_SETTLE_MS = 1000;

/**
 * Starts keeping a copy of everything this process writes to stdout and
 * stderr, so that a scan can include the runner's own output. Returns a
 * function that returns the text kept so far.
 */
function captureOutput() {
  const parts = [];
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = (chunk, ...rest) => {
      parts.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return write(chunk, ...rest);
    };
  }
  return () => parts.join('');
}

/** Returns the 1-based line of each occurrence of `needle` in `buffer`. */
function findLines(buffer, needle, linesBefore) {
  const lines = [];
  let newlines = linesBefore;
  let counted = 0;

  for (let at = buffer.indexOf(needle); at >= 0; at = buffer.indexOf(needle, at + 1)) {
    newlines += countNewlines(buffer, counted, at);
    counted = at;
    lines.push(newlines + 1);
  }
  return lines;
}

function countNewlines(buffer, start, end) {
  let count = 0;
  for (let at = buffer.indexOf(10, start); at >= 0 && at < end; at = buffer.indexOf(10, at + 1)) {
    count++;
  }
  return count;
}

/**
 * Returns the lines of `file` that contain `needle`. Reads the file in chunks
 * that overlap by needle.length - 1 bytes, so an occurrence across a chunk
 * border is found once. Lines count 0x0A bytes, so in a binary file they only
 * help to locate the hit.
 */
function scanFile(file, needle) {
  const lines = [];
  const fd = fs.openSync(file, 'r');
  const overlap = needle.length - 1;
  const buffer = Buffer.alloc(CHUNK_BYTES + overlap);

  try {
    let carried = 0;
    let linesBefore = 0;
    for (;;) {
      const read = fs.readSync(fd, buffer, carried, CHUNK_BYTES, null);
      if (read === 0) {
        break;
      }
      const filled = carried + read;
      const window = buffer.subarray(0, filled);
      lines.push(...findLines(window, needle, linesBefore));

      carried = Math.min(overlap, filled);
      linesBefore += countNewlines(window, 0, filled - carried);
      buffer.copy(buffer, 0, filled - carried, filled);
    }
  } finally {
    fs.closeSync(fd);
  }
  return lines;
}

/** Returns the regular files under `root`, without following symbolic links. A missing root has none. */
function listFiles(root) {
  const files = [];
  let entries;
  try {
    const stats = fs.lstatSync(root);
    if (stats.isFile()) {
      return [root];
    }
    if (!stats.isDirectory()) {
      return [];
    }
    entries = fs.readdirSync(root, { withFileTypes: true });
  } catch (error) {
    if (error.code === 'ENOENT') {
      return [];
    }
    throw error;
  }

  for (const entry of entries) {
    const fullPath = path.join(root, entry.name);
    if (entry.isDirectory()) {
      files.push(...listFiles(fullPath));
    } else if (entry.isFile()) {
      files.push(fullPath);
    }
  }
  return files;
}

/** Returns the byte forms of the secret that the scan looks for. */
function needlesFor(secret) {
  return [
    { encoding: 'UTF-8', bytes: Buffer.from(secret, 'utf8') },
    { encoding: 'UTF-16LE', bytes: Buffer.from(secret, 'utf16le') },
  ];
}

/**
 * Searches the files under `roots` and the named `texts` for `secret`.
 * A file that vanishes during the scan (a lock file, a rotated log) is skipped.
 * Returns { scannedFiles, scannedTexts, findings: [{ source, line, encoding }] }.
 */
function scanForSecret(secret, { roots = [], texts = {} } = {}) {
  if (typeof secret !== 'string' || secret.length < 8) {
    throw new TypeError('scanForSecret needs the secret as a string of at least 8 characters, so that hits are meaningful.');
  }

  const needles = needlesFor(secret);
  const findings = [];
  const files = [...new Set(roots.flatMap((root) => listFiles(path.resolve(root))))];

  for (const file of files) {
    for (const { encoding, bytes } of needles) {
      let lines;
      try {
        lines = scanFile(file, bytes);
      } catch (error) {
        if (error.code === 'ENOENT') {
          continue;
        }
        throw error;
      }
      lines.forEach((line) => findings.push({ source: file, line, encoding }));
    }
  }

  for (const [name, text] of Object.entries(texts)) {
    const buffer = Buffer.from(text, 'utf8');
    findLines(buffer, needles[0].bytes, 0).forEach((line) => findings.push({ source: name, line, encoding: 'UTF-8' }));
  }

  return { scannedFiles: files.length, scannedTexts: Object.keys(texts).length, findings };
}

/** Formats findings as `source:line (encoding)` lines, at most MAX_REPORTED_PER_FILE per source. */
function describeFindings(findings) {
  const bySource = new Map();
  for (const finding of findings) {
    const list = bySource.get(finding.source) || [];
    list.push(finding);
    bySource.set(finding.source, list);
  }

  const lines = [];
  for (const [source, list] of bySource) {
    list.slice(0, MAX_REPORTED_PER_FILE).forEach((finding) => lines.push(`${source}:${finding.line} (${finding.encoding})`));
    if (list.length > MAX_REPORTED_PER_FILE) {
      lines.push(`${source}: ${list.length - MAX_REPORTED_PER_FILE} more`);
    }
  }
  return lines;
}

/**
 * Waits `settleMs`, scans, and prints one result line (and each finding).
 * Returns true when the secret was found nowhere. Never prints the secret.
 */
async function checkNoSecretLeak({ secret, roots, texts, settleMs = DEFAULT_SETTLE_MS, log = console.log }) {
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  const result = scanForSecret(secret, { roots, texts });

  if (result.findings.length === 0) {
    log(`ok   the API key appears in none of ${result.scannedFiles} files and ${result.scannedTexts} captured outputs`);
    return true;
  }
  log(`FAIL the API key appears ${result.findings.length} time(s) in what the run produced:`);
  describeFindings(result.findings).forEach((line) => log(`       ${line}`));
  return false;
}

module.exports = { captureOutput, checkNoSecretLeak, describeFindings, scanForSecret };
