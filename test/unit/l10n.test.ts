import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const root = path.resolve(__dirname, '../../..');
const sourceRoot = path.join(root, 'src');

/** Properties and setters whose text a user reads: quick picks, input boxes, messages, tree items. */
const USER_FACING_PROPERTIES = new Set([
  'title',
  'prompt',
  'placeHolder',
  'placeholder',
  'detail',
  'label',
  'description',
  'message',
  'tooltip',
]);
const MESSAGE_FUNCTIONS = new Set(['showInformationMessage', 'showWarningMessage', 'showErrorMessage']);
/** The extension's own wrapper, `notify.info(…)` and so on, which records and then shows. */
const NOTIFY_FUNCTIONS = new Set(['info', 'warn', 'error']);

function isMessageCall(node: ts.CallExpression): boolean {
  const callee = node.expression;
  if (!ts.isPropertyAccessExpression(callee)) {
    return false;
  }
  const viaNotify =
    ts.isIdentifier(callee.expression) && callee.expression.text === 'notify' && NOTIFY_FUNCTIONS.has(callee.name.text);
  return viaNotify || MESSAGE_FUNCTIONS.has(callee.name.text);
}

function sourceFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const fullPath = path.join(directory, entry.name);
    return entry.isDirectory() ? sourceFiles(fullPath) : entry.name.endsWith('.ts') ? [fullPath] : [];
  });
}

/** Files that talk to the user through the VS Code API; modules without `vscode` return data, not text. */
function vscodeFiles(): ts.SourceFile[] {
  return sourceFiles(sourceRoot)
    .map((file) => ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true))
    .filter((source) =>
      source.statements.some(
        (statement) => ts.isImportDeclaration(statement) && (statement.moduleSpecifier as ts.StringLiteral).text === 'vscode',
      ),
    );
}

/** Returns whether a literal contains words for a reader, outside `${…}` placeholders. Acronyms such as CSV are names, not words. */
function hasWords(node: ts.Node): boolean {
  let text = '';
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    text = node.text;
  } else if (ts.isTemplateExpression(node)) {
    text = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' ');
  } else {
    return false;
  }
  // `$(add)` is an icon reference and a URL is an address, neither is text to translate.
  return /[a-z]{2,}/.test(text.replace(/\$\([\w-]+\)/g, '').replace(/https?:\/\/\S+/g, ''));
}

function location(node: ts.Node): string {
  const source = node.getSourceFile();
  const { line } = source.getLineAndCharacterOfPosition(node.getStart());
  return `${path.relative(root, source.fileName)}:${line + 1}: ${node.getText().slice(0, 80)}`;
}

function findUnlocalized(source: ts.SourceFile): string[] {
  const problems: string[] = [];

  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && isMessageCall(node)) {
      node.arguments.filter(hasWords).forEach((argument) => problems.push(location(argument)));
    }
    if (
      ts.isPropertyAssignment(node) &&
      ts.isIdentifier(node.name) &&
      USER_FACING_PROPERTIES.has(node.name.text) &&
      hasWords(node.initializer)
    ) {
      problems.push(location(node));
    }
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      USER_FACING_PROPERTIES.has(node.left.name.text) &&
      hasWords(node.right)
    ) {
      problems.push(location(node));
    }
    if (
      ts.isNewExpression(node) &&
      node.expression.getText().endsWith('TreeItem') &&
      node.arguments?.[0] &&
      hasWords(node.arguments[0])
    ) {
      problems.push(location(node));
    }
    ts.forEachChild(node, visit);
  };

  visit(source);
  return problems;
}

/** Collects the first argument of every `vscode.l10n.t('…')` call. */
function localizedStrings(source: ts.SourceFile): string[] {
  const strings: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && node.expression.getText() === 'vscode.l10n.t') {
      const first = node.arguments[0];
      if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) {
        strings.push(first.text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return strings;
}

describe('localization', () => {
  const files = vscodeFiles();

  it('finds the files that use the VS Code API', () => {
    assert.ok(files.length > 10, `${files.length} files`);
  });

  it('sends every user-facing string through vscode.l10n.t', () => {
    const problems = files.flatMap(findUnlocalized);
    assert.deepEqual(problems, [], `wrap these in vscode.l10n.t:\n${problems.join('\n')}`);
  });

  it('has every localized string in the l10n bundle', () => {
    const bundle = JSON.parse(fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, unknown>;
    const missing = [...new Set(files.flatMap(localizedStrings))].filter((text) => !(text in bundle));
    assert.deepEqual(missing, [], 'run `npm run l10n` to regenerate l10n/bundle.l10n.json');
  });

  it('detects a literal message in a sample', () => {
    const sample = ts.createSourceFile(
      'sample.ts',
      "import * as vscode from 'vscode';\nvoid vscode.window.showErrorMessage('Something failed');\nvoid notify.warn('Also failed');\nconst item = { label: vscode.l10n.t('Fine') };\n",
      ts.ScriptTarget.ES2022,
      true,
    );
    assert.equal(findUnlocalized(sample).length, 2);
  });

  it('takes every package.json text from package.nls.json', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const texts: string[] = [manifest.displayName, manifest.description];
    const collect = (value: unknown, key: string) => {
      if (
        typeof value === 'string' &&
        ['title', 'name', 'description', 'markdownDescription', 'contents', 'category', 'contextualTitle'].includes(key)
      ) {
        texts.push(value);
      } else if (value && typeof value === 'object') {
        for (const [childKey, child] of Object.entries(value)) {
          collect(child, Array.isArray(value) ? key : childKey);
        }
      }
    };
    collect(manifest.contributes, 'contributes');

    const literal = texts.filter((text) => !/^%[\w.]+%$/.test(text));
    assert.deepEqual(literal, [], 'move these to package.nls.json');
  });
});
