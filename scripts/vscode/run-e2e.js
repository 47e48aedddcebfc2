'use strict';
// Browser end-to-end test: the packaged extension in a real VS Code workbench
// (code-server) driven through headless Chromium as a user would, against the
// local Arize-compatible server. It sets the key through the palette, expands
// a queue, assigns two e-mails to a record from its context menu, and checks
// the server's state and the tree. It then opens the details of a record with
// hostile data and filters the tree to pending records. Afterwards it searches what the run
// produced for the API key (see secretScan.js), which counts as one more check.
//
//   node scripts/vscode/run-e2e.js [--vsix FILE] [--screenshots DIR]
//
// Defaults: dist/arize-annotation-queues.vsix (`npm run package`) and
// test-output/. The last line printed is `N passed, N failed`.
const fs = require('fs');
const path = require('path');
const { launchChromium, runPaletteCommand, startCodeServer, waitFor, workbenchUrl } = require('./lib');
const { captureOutput, checkNoSecretLeak } = require('./secretScan');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const BIG_QUEUE_NAME = 'Escalated conversations – weekly review';
const REVIEWERS = ['grace.kim@example.com', 'hiro.tanaka@example.com'];
const BULK_REVIEWERS = ['emil.novak@example.com', 'ines.moreau@example.com'];
const ACTIVITY_BAR_ITEM = '.activitybar .action-item a[aria-label^="Arize Annotation Queues"]';
const started = Date.now();
const capturedOutput = captureOutput();

function option(name, fallback) {
  const index = process.argv.indexOf(name);
  return index > 0 && process.argv[index + 1] ? path.resolve(process.argv[index + 1]) : fallback;
}

function step(message) {
  console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
}

async function main() {
  const vsix = option('--vsix', path.join(REPO_ROOT, 'dist', 'arize-annotation-queues.vsix'));
  const screenshots = option('--screenshots', path.join(REPO_ROOT, 'test-output'));
  if (!fs.existsSync(vsix)) {
    throw new Error(`${vsix} does not exist. Run \`npm run package\` first.`);
  }
  fs.mkdirSync(screenshots, { recursive: true });

  const { startArizeServer, SANDBOX_API_KEY } = require(path.join(REPO_ROOT, 'out', 'src', 'server', 'server.js'));
  const server = await startArizeServer({ port: 0 });
  const codeServer = await startCodeServer({
    vsixPaths: [vsix],
    settings: { 'arizeQueues.apiBaseUrl': server.url },
  });
  const browser = await launchChromium();
  step(`code-server ${codeServer.url}, local Arize server ${server.url}`);

  const checks = [];
  const check = (passed, what) => {
    checks.push(passed);
    step(`${passed ? 'ok  ' : 'FAIL'} ${what}`);
  };
  const foreignOrigins = new Set();
  browser.context.on('request', (request) => {
    const url = new URL(request.url());
    if (/^https?:$/.test(url.protocol) && !['127.0.0.1', 'localhost'].includes(url.hostname)) {
      foreignOrigins.add(url.origin);
    }
  });

  const { page } = browser;
  try {
    await runScenario(page, server, codeServer, SANDBOX_API_KEY, check, screenshots);
    check(foreignOrigins.size === 0, `browser requests to non-loopback origins: ${[...foreignOrigins].join(', ') || 'none'}`);
  } catch (error) {
    checks.push(false);
    step(`FAIL ${String(error && error.message).split('\n')[0]}`);
    await page.screenshot({ path: path.join(screenshots, 'e2e-failure.png') }).catch(() => {});
  } finally {
    await browser.close();
    const noLeak = await checkNoSecretLeak({
      secret: SANDBOX_API_KEY,
      roots: [codeServer.tempDir, screenshots],
      texts: { 'stdout and stderr of run-e2e': capturedOutput() },
      log: step,
    });
    checks.push(noLeak);
    await codeServer.stop({ keep: checks.includes(false) || !!process.env.KEEP_E2E_TMP });
    await server.close();
  }

  const failed = checks.filter((passed) => !passed).length;
  console.log(`${checks.length - failed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

async function runScenario(page, server, codeServer, apiKey, check, screenshots) {
  await page.goto(workbenchUrl(codeServer));
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  step('workbench rendered');

  // The view container, with the welcome content for a missing key.
  await page.locator(ACTIVITY_BAR_ITEM).first().waitFor({ timeout: 60000 });
  await page.locator(ACTIVITY_BAR_ITEM).first().click();
  const welcomeButton = page.getByRole('button', { name: 'Set API Key' });
  await welcomeButton.waitFor({ timeout: 30000 });
  check(await welcomeButton.isVisible(), 'welcome view offers "Set API Key" while no key is stored');
  check(server.requests.length === 0, 'no API request before a key exists');

  // Set the key through the palette: a password box, checked with the server, then stored.
  await runPaletteCommand(page, 'Arize: Set API Key');
  const keyInput = page.locator('.quick-input-widget input[type="password"]');
  await keyInput.waitFor({ timeout: 15000 });
  await keyInput.fill(apiKey);
  await page.keyboard.press('Enter');
  await page
    .locator('.notifications-toasts', { hasText: `API key stored for 127.0.0.1:${server.port}` })
    .waitFor({ timeout: 30000 });
  check(true, 'key checked with the server and stored');

  // The tree lists the queues; expanding the big one loads its first page of records.
  const queueRow = page.getByRole('treeitem', { name: BIG_QUEUE_NAME });
  await queueRow.waitFor({ timeout: 30000 });
  const queueNames = server.store.queues.map((queue) => queue.name);
  for (const name of queueNames) {
    await page.getByRole('treeitem', { name }).waitFor({ timeout: 10000 });
  }
  check(true, `tree shows all ${queueNames.length} queues`);

  await queueRow.click();
  // Queues sit below their space rows, so records are on the third level.
  const recordRows = page.locator('.monaco-list-row[aria-level="3"]');
  await recordRows.first().waitFor({ timeout: 30000 });
  check((await recordRows.count()) > 3, 'expanding the queue shows its records');

  // Record 1: "Assign by Typing E-mails…" from its context menu, with validation while typing.
  const bigQueue = server.store.queues.find((queue) => queue.name === BIG_QUEUE_NAME);
  const records = server.store.recordsOf(bigQueue.id);
  const emailsOf = (recordId) =>
    server.store.findRecord(bigQueue.id, recordId).assigned_users.map((assigned) => assigned.user.email);
  const firstRecord = records[0];
  await openContextMenu(page, recordRows.nth(0), 'Assign by Typing E-mails…');

  const emailInput = page.locator('.quick-input-widget input');
  await emailInput.waitFor({ state: 'visible', timeout: 15000 });
  const prefilled = await emailInput.inputValue();
  const current = emailsOf(firstRecord.id).join(', ');
  check(prefilled === current, `e-mail box is prefilled with the current assignees ("${prefilled}")`);

  await emailInput.fill('not-an-email');
  const validation = page.locator('.quick-input-widget', { hasText: '"not-an-email" is not a valid e-mail address' });
  await validation.waitFor({ timeout: 10000 });
  check(true, 'invalid e-mail is named while typing');

  await emailInput.fill(REVIEWERS.join(', '));
  await page.keyboard.press('Enter');
  await answerFinishedReviewersDialog(page);

  const assigned = await waitFor(
    () => (emailsOf(firstRecord.id).join(',') === REVIEWERS.join(',') ? emailsOf(firstRecord.id) : undefined),
    { timeoutMs: 30000, description: 'the assignment on the server' },
  );
  check(true, `server now assigns ${assigned.join(', ')}`);

  await page
    .locator('.notifications-toasts', { hasText: `is now assigned to ${REVIEWERS.join(', ')}` })
    .waitFor({ timeout: 15000 });
  check(true, 'notification lists the new assignees');

  const updatedRow = page.getByRole('treeitem', { name: `${REVIEWERS[0]} (pending), ${REVIEWERS[1]} (pending)` });
  await updatedRow.first().waitFor({ timeout: 15000 });
  check(true, 'record row shows the new assignees as pending');
  await page.screenshot({ path: path.join(screenshots, 'e2e-assigned.png') });

  // Record 2: the reviewer picker, with a listed reviewer checked and a new e-mail typed in.
  const secondRecord = records[1];
  const secondBefore = emailsOf(secondRecord.id);
  await openContextMenu(page, recordRows.nth(1), 'Assign Users to Record…');
  await checkInPicker(page, 'kavya.reddy@example.com');
  await checkInPicker(page, 'newcomer.reviewer@example.com', { typed: true });
  await page.screenshot({ path: path.join(screenshots, 'e2e-picker.png') });
  await page.keyboard.press('Enter');
  await answerFinishedReviewersDialog(page);
  await page
    .locator('.notifications-toasts', { hasText: 'failed' })
    .or(page.locator('.notifications-toasts', { hasText: 'is now assigned to' }))
    .first()
    .waitFor({ timeout: 15000 });
  const afterPicker = emailsOf(secondRecord.id);
  check(
    afterPicker.length === secondBefore.length && afterPicker.every((email, index) => email === secondBefore[index]),
    'a reviewer unknown to the account is rejected by the server and nothing changes',
  );
  await page.locator('.notifications-toasts', { hasText: 'newcomer.reviewer@example.com' }).first().waitFor({ timeout: 15000 });
  check(true, 'the failure names the rejected e-mail');
  await page.keyboard.press('Escape');

  await openContextMenu(page, recordRows.nth(1), 'Assign Users to Record…');
  await checkInPicker(page, 'kavya.reddy@example.com');
  await page.keyboard.press('Enter');
  await answerFinishedReviewersDialog(page);
  const picked = await waitFor(
    () => (emailsOf(secondRecord.id).includes('kavya.reddy@example.com') ? emailsOf(secondRecord.id) : undefined),
    {
      timeoutMs: 30000,
      description: 'the picker assignment on the server',
    },
  );
  check(
    secondBefore.every((email) => picked.includes(email)) &&
      picked.length === new Set([...secondBefore, 'kavya.reddy@example.com']).size,
    `picker kept the current assignees and added kavya.reddy (${picked.join(', ')})`,
  );

  // Records 3 to 5: one bulk set on a multi-selection, with preview and report.
  const bulkRecords = records.slice(2, 5);
  const bulkBefore = new Map(bulkRecords.map((record) => [record.id, emailsOf(record.id)]));
  await recordRows.nth(2).click();
  await recordRows.nth(3).click({ modifiers: ['Control'] });
  await recordRows.nth(4).click({ modifiers: ['Control'] });
  await openContextMenu(page, recordRows.nth(4), 'Assign by Typing E-mails…');
  await emailInput.waitFor({ state: 'visible', timeout: 15000 });
  await emailInput.fill(BULK_REVIEWERS.join('; '));
  await page.keyboard.press('Enter');
  await answerFinishedReviewersDialog(page);

  await page.locator('.monaco-editor', { hasText: 'Preview: Assign Users' }).first().waitFor({ timeout: 15000 });
  await page.screenshot({ path: path.join(screenshots, 'e2e-preview.png') });
  check(
    bulkRecords.every((record) => emailsOf(record.id).join() === bulkBefore.get(record.id).join()),
    'nothing is sent before "Apply"',
  );
  await clickDialogButton(page, 'Apply');

  await waitFor(() => bulkRecords.every((record) => emailsOf(record.id).join(',') === BULK_REVIEWERS.join(',')), {
    timeoutMs: 30000,
    description: 'the bulk assignment on the server',
  });
  check(true, 'bulk set assigned all three selected records on the server');
  await page.locator('.monaco-editor', { hasText: 'Report: Assign Users' }).first().waitFor({ timeout: 15000 });
  await page.locator('.notifications-toasts', { hasText: '3 applied' }).first().waitFor({ timeout: 15000 });
  check(true, 'report lists the three records as applied');
  await page.screenshot({ path: path.join(screenshots, 'e2e-report.png') });

  // Undo the bulk change from the palette.
  await runPaletteCommand(page, 'Arize: Undo Last Assignment Change');
  await clickDialogButton(page, 'Apply');
  await waitFor(() => bulkRecords.every((record) => emailsOf(record.id).join(',') === bulkBefore.get(record.id).join(',')), {
    timeoutMs: 30000,
    description: 'the undo on the server',
  });
  check(true, 'undo restored the three records on the server');

  await checkRecordDetails(page, server, recordRows, records, check, screenshots);
  await checkPendingFilter(page, server, bigQueue, check, screenshots);
}

/** Clicks the seeded hostile record and checks that its details show the markup as text. */
async function checkRecordDetails(page, server, recordRows, records, check, screenshots) {
  const hostileId = server.store.data.hostileRecordIds[0];
  check(records[2].id === hostileId, 'the third record is the seeded hostile record');
  await waitForQuietServer(server);
  await recordRows.nth(2).click();

  const details = page.frameLocator('iframe.webview').frameLocator('#active-frame');
  const heading = details.locator('h1');
  await heading.waitFor({ timeout: 30000 });
  const headingText = (await heading.textContent()) || '';
  check(
    headingText.startsWith('<img src=x onerror=alert(1)>ChatCompletion: Ignore'),
    `the details heading shows the tag as text ("${headingText}")`,
  );

  const body = (await details.locator('body').textContent()) || '';
  check(body.includes('<script>alert("xss")</script>'), 'the script tag of the input is shown as text');
  check(body.includes('[Open settings](command:workbench.action.openSettings)'), 'the command link is shown as text');
  const elements = await details.locator('script, img, iframe, a').count();
  check(elements === 0, `the details page has no script, image, frame or link element (${elements})`);

  const summary = details.locator('details summary').first();
  await summary.click();
  check((await details.locator('details[open]').count()) > 0, '"Show all" opens the full value');
  await page.screenshot({ path: path.join(screenshots, 'e2e-details.png') });
}

/** Filters the tree to pending records from the palette and checks the rows and the reads. */
async function checkPendingFilter(page, server, bigQueue, check, screenshots) {
  server.requests.length = 0;
  await runPaletteCommand(page, 'Arize: Filter Records…');
  const filterInput = page.locator('.quick-input-widget input');
  await filterInput.waitFor({ state: 'visible', timeout: 15000 });
  await filterInput.fill('Pending');
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: 'someone has not finished' })
    .first()
    .waitFor({ timeout: 10000 });
  await page.keyboard.press('Enter');

  // With one view in its container, VS Code shows the view's description in the container's title bar.
  await page.waitForFunction(
    (text) => globalThis.document.querySelector('.part.sidebar')?.textContent?.includes(text),
    'Filter: pending',
    { timeout: 30000 },
  );
  check(true, 'the view description names the filter');

  const queueRow = page.getByRole('treeitem', { name: BIG_QUEUE_NAME });
  await page.locator('.monaco-list-row[aria-level="2"]', { hasText: 'matching' }).first().waitFor({ timeout: 30000 });
  check((await queueRow.first().textContent()).includes('matching'), 'the queue row counts the matching records');

  const rows = page.locator('.monaco-list-row[aria-level="3"]');
  await rows.first().waitFor({ timeout: 30000 });
  const labels = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('aria-label') || ''));
  check(
    labels.length > 3 && labels.every((label) => label.includes(', pending,')),
    `every shown record is pending (${labels.length} rows)`,
  );

  const bigPath = `/v2/annotation-queues/${encodeURIComponent(bigQueue.id)}/records`;
  const limits = server.requests.filter((request) => request.path === bigPath).map((request) => request.query.limit);
  check(limits.length === 3 && limits.every((limit) => limit === '500'), `the queue was read 500 a page (${limits.join(', ')})`);
  await page.screenshot({ path: path.join(screenshots, 'e2e-filter.png') });
}

/**
 * Waits until the local server has had no request for 700 ms (at most 10 s),
 * so that the tree has finished re-rendering after the last change: a click
 * on a row that is being replaced can be lost.
 */
async function waitForQuietServer(server) {
  const deadline = Date.now() + 10000;
  let count = server.requests.length;
  let quietSince = Date.now();
  while (Date.now() < deadline && Date.now() - quietSince < 700) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (server.requests.length !== count) {
      count = server.requests.length;
      quietSince = Date.now();
    }
  }
}

/** Right-clicks a row and chooses a context menu entry. */
async function openContextMenu(page, row, entry) {
  await row.click({ button: 'right' });
  const menuItem = page.getByRole('menuitem', { name: entry });
  await menuItem.waitFor({ timeout: 10000 });
  await page.waitForTimeout(300); // a click right after the menu opens is swallowed
  await menuItem.click();
}

/** Filters the open reviewer picker by an e-mail and checks its row; `typed` picks the "new" entry. */
async function checkInPicker(page, email, { typed = false } = {}) {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15000 });
  await input.fill(email);
  const row = page
    .locator('.quick-input-list .monaco-list-row', { hasText: typed ? 'new' : email })
    .filter({ hasText: email })
    .first();
  await row.waitFor({ timeout: 15000 });
  await row.locator('input[type="checkbox"], .monaco-checkbox, .quick-input-list-checkbox').first().click();
  await input.fill('');
}

/** Clicks a button of the modal dialog that VS Code shows for a modal message. */
async function clickDialogButton(page, name) {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 15000 });
  await dialog.getByRole('button', { name, exact: true }).click();
}

/** Continues past the warning about reviewers who already completed a record, when it appears. */
async function answerFinishedReviewersDialog(page) {
  const dialog = page.locator('.monaco-dialog-box', { hasText: 'already completed' });
  if (
    await dialog.waitFor({ timeout: 1500 }).then(
      () => true,
      () => false,
    )
  ) {
    await dialog.getByRole('button', { name: 'Continue', exact: true }).click();
  }
}

main().catch((error) => {
  console.error(error);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
