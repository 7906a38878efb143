// One-on-ones in a real browser against a real `tend demo` server: the report puts a talking
// point on the agenda before the meeting; the lead opens the meeting, sees it, adds a private
// note, a shared note and an action item for the report, marks items discussed and marks the
// meeting held; the report then sees the shared note and the action item, never the private
// note; the next meeting shows the action item carried over. At the desktop and phone widths,
// sharing one server: the first run starts the series, the second one goes on with it.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  LOGINS,
  VIEWPORTS,
  assertClosed,
  assertNoProblems,
  assertVisible,
  axeViolations,
  browserSession,
  describeViolations,
  eventually,
  pathOf,
  personPicker,
  screenshot,
  signIn,
  textOf,
} from './support.mjs';

const session = browserSession();
const newPage = (...args) => session.newPage(...args);

/** Every private note this file writes starts with this, so no run's private note may show. */
const PRIVATE_PREFIX = 'PRIVATE-MARKER';

/** Picks with the pointer the phone or the desktop has: a tap on a touch screen, else a click. */
async function press(locator, viewport, options = {}) {
  if (viewport.context.hasTouch) await locator.tap(options);
  else await locator.click(options);
}

/** A date `days` from today (UTC), as a date field takes it. */
function dateIn(days) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The row of "My one-on-ones" for the series with `name`. */
const seriesRow = (page, name) =>
  page.locator('li.series-row').filter({ has: page.getByRole('link', { name, exact: true }) });

const talkingPoint = (page, text) => page.locator('#agenda li.talking-point').filter({ hasText: text });
const actionItem = (page, text) => page.locator('#actions li.action-item').filter({ hasText: text });
const noteWith = (page, text) => page.locator('#notes article.note').filter({ hasText: text });

/** Marks the page so a later check can tell that it was not loaded again (htmx swapped a part). */
async function markDocument(page) {
  await page.evaluate(() => {
    window.__sameDocument = true;
  });
}

async function assertSameDocument(page, what) {
  assert.equal(
    await page.evaluate(() => window.__sameDocument === true),
    true,
    `${what} swapped the meeting's work area without a full page load`,
  );
}

/** Submits a form on the meeting page through htmx and waits for its answer. */
async function submitInPlace(page, button, viewport) {
  // The POST answers 303 back to the meeting; htmx follows it and swaps in what it gets.
  const [answer] = await Promise.all([
    page.waitForResponse((r) => {
      const post = r.request().redirectedFrom();
      return post?.method() === 'POST' && post.headers()['hx-request'] === 'true';
    }),
    press(button, viewport),
  ]);
  assert.equal(answer.status(), 200, `the in-place form's redirect answers 200: ${answer.url()}`);
  assert.equal((await answer.request().redirectedFrom().response()).status(), 303);
  await page.waitForLoadState();
}

/** Fails if the page scrolls sideways. */
async function assertNoSidewaysScroll(page, what) {
  const width = await page.evaluate(() => ({
    content: document.documentElement.scrollWidth,
    viewport: document.documentElement.clientWidth,
  }));
  assert.ok(
    width.content <= width.viewport,
    `${what} scrolls sideways: ${width.content}px of content in ${width.viewport}px`,
  );
}

/** Fails if the page's HTML (not only its visible text) holds any private note of this file. */
async function assertNoPrivateNote(page, what) {
  const html = await page.content();
  assert.ok(!html.includes(PRIVATE_PREFIX), `${what} (${pathOf(page)}) shows someone else's private note`);
  assert.equal(await page.locator('.private-note').count(), 0, `${what} marks no note as private`);
}

describe('One-on-ones in a browser', { timeout: 300_000 }, () => {
  session.hooks();

  for (const viewport of VIEWPORTS) {
    const at = `(${viewport.name})`;
    const shot = (page, name) => screenshot(page, `${name}-${viewport.name}`, { caret: 'initial' });

    test(`the report brings a point, the lead runs the meeting, private stays private ${at}`, async () => {
      const stamp = `${viewport.name} ${Date.now()}`;
      const pointText = `Where could I take on more of the architecture work? (${stamp})`;
      const privateText = `${PRIVATE_PREFIX} ${stamp}: seemed tired, ask again about the workload next week`;
      const sharedText = `Agreed: Sam leads the design review (${stamp})`;
      const actionText = `Draft the design review outline (${stamp})`;
      const due = dateIn(14);
      const axeFound = {};

      // ---- The report opens their one-on-ones; the lead starts the series if there is none. ----
      const report = await newPage(viewport);
      await signIn(report.page, LOGINS.member.email);
      await report.page.getByRole('navigation', { name: 'Main', exact: true })
        .getByRole('link', { name: 'One-on-ones', exact: true }).click();
      await report.page.waitForURL('**/one-on-ones');
      await assertVisible(report.page.getByRole('heading', { level: 1, name: 'My one-on-ones' }));

      const lead = await newPage(viewport);
      await signIn(lead.page, LOGINS.lead.email);
      await lead.page.goto('/one-on-ones');
      await assertVisible(lead.page.getByRole('heading', { level: 1, name: 'My one-on-ones' }));

      if ((await seriesRow(report.page, LOGINS.lead.name).count()) === 0) {
        assert.equal(await seriesRow(lead.page, LOGINS.member.name).count(), 0, 'neither side has the series');
        const picker = await personPicker(lead.page, 'With');
        assert.equal(await picker.input.getAttribute('name'), 'with');
        await picker.type('Sam');
        const sam = picker.option(LOGINS.member.name);
        await assertVisible(sam);
        await press(sam, viewport);
        assert.equal(await picker.input.inputValue(), LOGINS.member.email);
        await assertClosed(picker);
        await lead.page.getByLabel('How often', { exact: true }).selectOption('weekly');
        await lead.page.getByLabel('First meeting on', { exact: true }).fill(dateIn(7));
        await lead.page.getByLabel('At', { exact: true }).fill('10:00');
        await lead.page.getByLabel('Time zone', { exact: true }).fill('Europe/Lisbon');
        await Promise.all([
          lead.page.waitForURL(/\/one-on-ones\/\d+$/),
          press(lead.page.getByRole('button', { name: 'Start one-on-ones' }), viewport),
        ]);
        await assertVisible(
          lead.page.getByRole('heading', { level: 1, name: `One-on-one with ${LOGINS.member.name}` }),
        );
        await assertVisible(lead.page.getByRole('button', { name: 'Open the next meeting' }));
        await report.page.reload();
      }

      // The report opens the series and its next meeting.
      const row = seriesRow(report.page, LOGINS.lead.name);
      await assertVisible(row, 'the report sees the one-on-one with their lead');
      await row.getByRole('link', { name: LOGINS.lead.name, exact: true }).click();
      await report.page.waitForURL(/\/one-on-ones\/\d+$/);
      const seriesUrl = pathOf(report.page);
      await assertVisible(
        report.page.getByRole('heading', { level: 1, name: `One-on-one with ${LOGINS.lead.name}` }),
      );
      await Promise.all([
        report.page.waitForURL(/\/meetings\/\d+$/),
        press(report.page.getByRole('button', { name: 'Open the next meeting' }), viewport),
      ]);
      const meetingUrl = pathOf(report.page);
      await assertVisible(report.page.locator('.status-scheduled'));

      // ---- Before the meeting, the report puts a talking point on the agenda. ----
      await markDocument(report.page);
      await report.page.locator('#point-text').fill(pointText);
      await report.page.locator('#point-kind').selectOption('career');
      await submitInPlace(report.page, report.page.getByRole('button', { name: 'Add to the agenda' }), viewport);
      const reportsPoint = talkingPoint(report.page, pointText);
      await assertVisible(reportsPoint, 'the talking point shows on the agenda');
      assert.match(await textOf(reportsPoint), /added by you/);
      assert.match(await textOf(reportsPoint.locator('.kind')), /career/i);
      assert.equal(await report.page.locator('#point-text').inputValue(), '', 'the field is empty again');
      await assertSameDocument(report.page, 'adding a talking point');
      assert.equal(pathOf(report.page), meetingUrl);

      // ---- The lead opens the same meeting from their list and sees the report's point. ----
      await lead.page.goto('/one-on-ones');
      const leadsRow = seriesRow(lead.page, LOGINS.member.name);
      await assertVisible(leadsRow);
      await Promise.all([
        lead.page.waitForURL(/\/meetings\/\d+$/),
        leadsRow.locator(`a[href^="/meetings/"]`).click(),
      ]);
      assert.equal(pathOf(lead.page), meetingUrl, "the lead's next meeting is the report's");
      await assertVisible(
        lead.page.getByRole('heading', { level: 1, name: `One-on-one with ${LOGINS.member.name}` }),
      );
      const leadsView = talkingPoint(lead.page, pointText);
      await assertVisible(leadsView, "the lead sees the report's talking point");
      assert.match(await textOf(leadsView), new RegExp(`added by ${LOGINS.member.name}`));
      await markDocument(lead.page);

      // The lead pulls a coaching question from the bank into the agenda.
      const bank = lead.page.locator('details.question-bank');
      await press(bank.locator('summary'), viewport);
      const questionBox = lead.page.getByLabel('Question', { exact: true });
      await assertVisible(questionBox);
      const question = (await questionBox.locator('option').nth(1).textContent()).trim();
      await questionBox.selectOption({ index: 1 });
      await submitInPlace(lead.page, lead.page.getByRole('button', { name: 'Add the question' }), viewport);
      await assertVisible(talkingPoint(lead.page, question), 'the question is on the agenda');

      // A private note: marked private for its author.
      await lead.page.locator('#note-body').fill(privateText);
      const privateBox = lead.page.getByLabel('Private: only I will ever see this note');
      await privateBox.check();
      await submitInPlace(lead.page, lead.page.locator('form.add-note').getByRole('button', { name: 'Save note' }), viewport);
      const privateNote = noteWith(lead.page, privateText);
      await assertVisible(privateNote, 'the private note shows to its author');
      assert.match(await textOf(privateNote), /private: only you see this/);
      assert.match(await privateNote.getAttribute('class'), /\bprivate-note\b/);
      assert.equal(await privateBox.isChecked(), false, 'the next note starts shared');

      // A shared note, in Markdown.
      await lead.page.locator('#note-body').fill(`**${sharedText}**`);
      await submitInPlace(lead.page, lead.page.locator('form.add-note').getByRole('button', { name: 'Save note' }), viewport);
      const sharedNote = noteWith(lead.page, sharedText);
      await assertVisible(sharedNote);
      assert.match(await textOf(sharedNote), /shared/);
      assert.equal(await textOf(sharedNote.locator('.note-body strong')), sharedText, 'Markdown is rendered');

      // An action item for the report, with a due date.
      await lead.page.locator('#action-text').fill(actionText);
      await lead.page.locator('#action-owner').selectOption({ label: LOGINS.member.name });
      await lead.page.locator('#action-due').fill(due);
      await submitInPlace(lead.page, lead.page.getByRole('button', { name: 'Add action item' }), viewport);
      const item = actionItem(lead.page, actionText);
      await assertVisible(item);
      assert.match(await textOf(item), new RegExp(`${LOGINS.member.name} · due`));
      assert.equal(await lead.page.locator('#action-text').inputValue(), '');

      // Items discussed: the report's point and the question.
      for (const text of [pointText, question]) {
        await submitInPlace(
          lead.page,
          talkingPoint(lead.page, text).getByRole('button', { name: `Mark discussed: ${text}` }),
          viewport,
        );
        const button = talkingPoint(lead.page, text).getByRole('button', { name: `Mark discussed: ${text}` });
        await eventually(async () => assert.equal(await button.getAttribute('aria-pressed'), 'true'));
        assert.equal(await textOf(button), '✓ Discussed');
        assert.match(await talkingPoint(lead.page, text).getAttribute('class'), /\bdiscussed\b/);
      }
      await assertSameDocument(lead.page, 'notes, action items and "discussed"');
      assert.equal(pathOf(lead.page), meetingUrl);

      // The meeting page during the meeting: accessible, fits the screen.
      axeFound[`meeting, lead (${viewport.name})`] = await axeViolations(lead.page);
      await assertNoSidewaysScroll(lead.page, 'the meeting page');
      await shot(lead.page, 'one-on-one-meeting');

      // During the meeting the report sees the shared note and the action item, not the private note.
      await report.page.reload();
      await assertVisible(noteWith(report.page, sharedText));
      await assertVisible(actionItem(report.page, actionText));
      assert.match(await textOf(actionItem(report.page, actionText)), /You · due/);
      await assertNoPrivateNote(report.page, 'the meeting, for the report');
      axeFound[`meeting, report (${viewport.name})`] = await axeViolations(report.page);
      await assertNoSidewaysScroll(report.page, "the report's meeting page");
      await shot(report.page, 'one-on-one-meeting-report');

      // ---- The lead marks it held (a plain POST) and lands on the next meeting. ----
      await Promise.all([
        lead.page.waitForURL((url) => /^\/meetings\/\d+$/.test(url.pathname) && url.pathname !== meetingUrl),
        press(lead.page.getByRole('button', { name: 'Mark held' }), viewport),
      ]);
      const nextUrl = pathOf(lead.page);
      await assertVisible(lead.page.locator('.status-scheduled'));
      const carried = actionItem(lead.page, actionText);
      await assertVisible(carried, 'the open action item moved to the next meeting');
      assert.match(await textOf(carried), /carried over from/);
      assert.equal(
        await carried.getByRole('link').getAttribute('href'),
        meetingUrl,
        'it links to the meeting it came from',
      );
      assert.equal(await noteWith(lead.page, sharedText).count(), 0, 'notes stay with their meeting');

      // ---- Afterwards the report reads the held meeting: shared note and action item, no private note. ----
      await report.page.goto(meetingUrl);
      await assertVisible(report.page.locator('.status-completed'));
      await assertVisible(noteWith(report.page, sharedText));
      // (The open action item itself moved on to the next meeting: checked there below.)
      assert.equal(
        await talkingPoint(report.page, pointText).getByRole('button', { name: `Mark discussed: ${pointText}` })
          .getAttribute('aria-pressed'),
        'true',
        'the report sees their point was discussed',
      );
      assert.equal(await report.page.getByRole('button', { name: 'Mark held' }).count(), 0);
      await assertNoPrivateNote(report.page, 'the held meeting');
      await shot(report.page, 'one-on-one-held-report');

      await report.page.goto(seriesUrl);
      await assertVisible(report.page.locator(`.history a[href="${meetingUrl}"]`), 'the held meeting is in the history');
      await assertNoPrivateNote(report.page, 'the series page');

      await report.page.goto('/one-on-ones');
      await assertVisible(seriesRow(report.page, LOGINS.lead.name));
      await assertNoPrivateNote(report.page, 'My one-on-ones');
      axeFound[`list, report (${viewport.name})`] = await axeViolations(report.page);
      await assertNoSidewaysScroll(report.page, 'My one-on-ones');
      await shot(report.page, 'one-on-ones-list');

      // The report's next meeting (the one the list points to) shows the carried-over item.
      await Promise.all([
        report.page.waitForURL(/\/meetings\/\d+$/),
        seriesRow(report.page, LOGINS.lead.name).locator('a[href^="/meetings/"]').click(),
      ]);
      assert.equal(pathOf(report.page), nextUrl, 'the list points at the new next meeting');
      const reportsCarried = actionItem(report.page, actionText);
      await assertVisible(reportsCarried);
      assert.match(await textOf(reportsCarried), /You · due .* · carried over from/);
      await assertNoPrivateNote(report.page, 'the next meeting');
      await shot(report.page, 'one-on-one-next-meeting');

      // The lead's list too.
      await lead.page.goto('/one-on-ones');
      axeFound[`list, lead (${viewport.name})`] = await axeViolations(lead.page);
      await assertNoSidewaysScroll(lead.page, "the lead's list");
      await shot(lead.page, 'one-on-ones-list-lead');

      const axeReport = describeViolations(axeFound);
      assert.equal(axeReport, '', `axe found violations:\n${axeReport}`);
      assertNoProblems(report, lead);
    });
  }
});
