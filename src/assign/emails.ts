// Parsing and validation of the e-mail lists that users type or paste. Kept free
// of `vscode` so the rules can be tested in plain Node.
import { MAX_ASSIGNEES } from '../constants';

/** Commas, semicolons and any whitespace, new lines included, separate e-mails. */
const SEPARATORS = /[,;\s]+/u;

const MAX_EMAIL_LENGTH = 254;
const MAX_LOCAL_PART_LENGTH = 64;
const MAX_LABEL_LENGTH = 63;

/** Characters of an unquoted local part (RFC 5322 atext), letters and digits of any script included (RFC 6531). */
const LOCAL_PART = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;
const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?$/u;
const TOP_LEVEL_DOMAIN = /^(?:\p{L}{2,}|xn--[a-z0-9-]+)$/iu;

/** Returns whether `value` is an address a person can have: local part, `@`, and a domain with a top-level label. */
export function isValidEmail(value: string): boolean {
  if (value.length > MAX_EMAIL_LENGTH) {
    return false;
  }

  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) {
    return false;
  }

  const localPart = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (localPart.length > MAX_LOCAL_PART_LENGTH || !LOCAL_PART.test(localPart)) {
    return false;
  }

  const labels = domain.split('.');
  if (labels.length < 2) {
    return false;
  }
  const labelsValid = labels.every((label) => label.length <= MAX_LABEL_LENGTH && DOMAIN_LABEL.test(label));
  return labelsValid && TOP_LEVEL_DOMAIN.test(labels[labels.length - 1]);
}

/** Compares e-mails without regard to case, as Arize's user look-ups do. */
export function emailKey(email: string): string {
  return email.toLocaleLowerCase('en-US');
}

export interface ParsedEmailList {
  /** Valid e-mails with duplicates removed, in the order typed, each in its first spelling. */
  emails: string[];
  /** Entries that are not valid e-mails, in the order typed. */
  invalid: string[];
  /** Entries dropped because an earlier entry is the same e-mail. */
  duplicates: string[];
}

export function parseEmailList(text: string): ParsedEmailList {
  const seen = new Set<string>();
  const result: ParsedEmailList = { emails: [], invalid: [], duplicates: [] };

  for (const entry of text.split(SEPARATORS)) {
    if (!entry) {
      continue;
    }
    if (!isValidEmail(entry)) {
      result.invalid.push(entry);
      continue;
    }

    const key = emailKey(entry);
    if (seen.has(key)) {
      result.duplicates.push(entry);
      continue;
    }
    seen.add(key);
    result.emails.push(entry);
  }
  return result;
}

export type EmailListProblem =
  { kind: 'invalid'; value: string; invalidCount: number } | { kind: 'tooMany'; count: number; max: number };

export interface EmailListCheck {
  parsed: ParsedEmailList;
  /** The first reason the list cannot be sent, or undefined when it can. */
  problem?: EmailListProblem;
}

/** Checks a typed list: every entry valid, and at most 100 after duplicates are removed. */
export function checkEmailList(text: string): EmailListCheck {
  const parsed = parseEmailList(text);

  if (parsed.invalid.length > 0) {
    return { parsed, problem: { kind: 'invalid', value: parsed.invalid[0], invalidCount: parsed.invalid.length } };
  }
  if (parsed.emails.length > MAX_ASSIGNEES) {
    return { parsed, problem: { kind: 'tooMany', count: parsed.emails.length, max: MAX_ASSIGNEES } };
  }
  return { parsed };
}
