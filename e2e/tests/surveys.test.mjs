// Pulse surveys in a real browser against a real `tend demo` server. The member sees the open
// wave of the Platform pulse waiting on the home page, sends it empty (422, the message) and with
// a comment too long (422, what was typed kept), then answers it; a second visit shows no form.
// The lead opens Surveys from the menu and sees how many answered but never who; runs a new
// survey (a close date before the opening comes back with its message beside the field and the
// values kept); closes the open wave early through its confirm page, and its results are hidden
// with the reason and no number. The lead reads wave 4's results (cards, chart, the change since
// the last result with its interval, "You said, we did"), records what the team will do and
// shares the results: the member, refused (403) before, can read them then, and still not an
// unshared wave. The admin reads the organisation's survey: the heatmap of teams with hidden
// cells, and the CSV. The lead writes an instrument and lists it; a broken import names its line.
//
// Each width has a server of its own: the flow answers and closes the one open wave, which only
// happens once per demo.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  LOGINS,
  VIEWPORTS,
  assertNoProblems,
  assertVisible,
  axeViolations,
  browserSession,
  describeViolations,
  pathOf,
  screenshot,
  signIn,
  textOf,
} from './support.mjs';

const PULSE = 'Safe, clear, motivated';
const FOUR_STAGES = 'Four stages of psychological safety';
const PULSE_ITEMS = [
  'On this team, I can speak up, even when I disagree or have made a mistake.',
  'I know what matters most in my work right now, and why it matters.',
  'I feel energised by the work I am doing.',
];
const BETTER = 'What is one thing that would make next week better for you?';
const ANYTHING_ELSE = 'Anything else you want to say? (optional)';
/** The action the demo recorded after wave 3, shown as "You said, we did" on wave 4. */
const DEMO_ACTION = 'Start every planning meeting with the one goal that matters most this fortnight';

const main = (page) => page.getByRole('navigation', { name: 'Main', exact: true });

/** Picks with the pointer the phone or the desktop has: a tap on a touch screen, else a click. */
async function press(locator, viewport, options = {}) {
  if (viewport.context.hasTouch) await locator.tap(options);
  else await locator.click(options);
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

/**
 * Presses `button` of a form that POSTs to `path` (a string or a RegExp of the path) and resolves
 * with the POST's answer once the browser has loaded what came after it: the page a redirect
 * names, else the POST's own answer.
 */
async function submit(page, button, viewport, path) {
  const [answer] = await Promise.all([
    page.waitForResponse((r) => {
      const url = new URL(r.url());
      return (
        r.request().method() === 'POST' &&
        (typeof path === 'string' ? url.pathname === path : path.test(url.pathname))
      );
    }),
    page.waitForEvent('load'),
    press(button, viewport),
  ]);
  return answer;
}

/** Fails if two elements of the page share an id: a label's `for` then names the wrong field. */
async function assertUniqueIds(page, what) {
  const repeated = await page.evaluate(() => {
    const seen = new Map();
    for (const el of document.querySelectorAll('[id]')) seen.set(el.id, (seen.get(el.id) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([id, n]) => `#${id} ×${n}`);
  });
  assert.deepEqual(repeated, [], `${what} uses ids more than once: ${repeated.join(', ')}`);
}

/** The row of the surveys list for `name` (and `wave N` when given). */
function surveyRow(page, name, wave) {
  let row = page
    .locator('main table tbody tr')
    .filter({ has: page.getByRole('link', { name, exact: true }) });
  if (wave !== undefined) row = row.filter({ has: page.locator('td small', { hasText: new RegExp(`^wave ${wave}$`) }) });
  return row;
}

/** The survey page's path (`/surveys/N`) of a row of the list, found through its link. */
async function surveyPath(page, name, wave) {
  const row = surveyRow(page, name, wave);
  assert.equal(await row.count(), 1, `one row for ${name}${wave ? ` wave ${wave}` : ''}`);
  const href = await row.getByRole('link', { name, exact: true }).getAttribute('href');
  assert.match(href, /^\/surveys\/\d+$/);
  return href;
}

/** Fails if axe found violations on any of the pages checked. */
function assertAxeClean(found) {
  const report = describeViolations(found);
  assert.equal(report, '', `axe found violations:\n${report}`);
}

/** A `datetime-local` value moved by `days` (the value is read as a wall clock, not converted). */
function shifted(value, days) {
  return new Date(Date.parse(`${value}Z`) + days * 86_400_000).toISOString().slice(0, 16);
}

for (const viewport of VIEWPORTS) {
  const at = `(${viewport.name})`;
  const shot = (page, name) => screenshot(page, `surveys-${name}-${viewport.name}`, { caret: 'initial' });

  describe(`Pulse surveys in a browser ${at}`, { timeout: 300_000 }, () => {
    const session = browserSession();
    session.hooks();
    const newPage = (options) => session.newPage(viewport, options);

    // Found through the pages in the first test and used by the later ones.
    const waves = {};
    const stamp = `${viewport.name} ${Date.now()}`;
    const comment = `Shorter stand-ups on Mondays, please (${stamp}).`;
    const action = `Keep Thursdays free of meetings for a month (${stamp}).`;

    test(`the member answers the open pulse; a mistake comes back with what was typed ${at}`, async () => {
      const axeFound = {};
      const sam = await newPage();
      const { page } = sam;
      await signIn(page, LOGINS.member.email);

      // Every wave's page, from the list (the member's list links the survey, not the results).
      await press(main(page).getByRole('link', { name: 'Surveys', exact: true }), viewport);
      await page.waitForURL('**/surveys');
      for (const wave of [3, 4, 5]) waves[wave] = await surveyPath(page, PULSE, wave);
      waves.fourStages = await surveyPath(page, FOUR_STAGES);
      assert.equal(await textOf(surveyRow(page, PULSE, 4).locator('td').last()), 'You answered');
      assert.equal(await textOf(surveyRow(page, PULSE, 5).locator('td').last()), '—');

      // Home says a survey waits, and leads to it.
      await press(main(page).getByRole('link', { name: 'Tend', exact: true }), viewport);
      await page.waitForURL((url) => url.pathname === '/');
      const notice = page.getByRole('region', { name: 'A survey is waiting for your answer' });
      await assertVisible(notice, 'the home page says a survey is waiting');
      assert.match(await textOf(notice), new RegExp(`${PULSE} · Platform · closes `));
      await Promise.all([
        page.waitForURL(`**${waves[5]}`),
        press(notice.getByRole('link', { name: PULSE, exact: true }), viewport),
      ]);
      await assertVisible(page.getByRole('heading', { level: 1, name: `${PULSE} wave 5` }));
      const form = page.locator('form.survey-form');
      await assertVisible(form, 'the answer form shows');
      await assertUniqueIds(page, 'the answer form');
      // Three items, each a group of five radio buttons named by its wording.
      assert.equal(await form.locator('fieldset').count(), PULSE_ITEMS.length);
      for (const item of PULSE_ITEMS) {
        const group = form.getByRole('group', { name: item, exact: true });
        await assertVisible(group, `the item "${item}" is a group`);
        assert.equal(await group.getByRole('radio').count(), 5, 'on a five-point scale');
        for (const end of ['Strongly disagree', 'Strongly agree']) {
          await assertVisible(group.getByText(end, { exact: true }), `the scale says "${end}"`);
        }
      }
      // Each scale's points sit on one line, at any width.
      for (const item of PULSE_ITEMS) {
        const tops = await form
          .getByRole('group', { name: item, exact: true })
          .getByRole('radio')
          .evaluateAll((radios) => radios.map((r) => Math.round(r.getBoundingClientRect().top)));
        assert.equal(new Set(tops).size, 1, `the points of "${item}" are on one line: ${tops}`);
      }
      // The participation count is the lead's to see, not the member's.
      assert.equal(await page.getByLabel('Participation').count(), 0);
      axeFound[`answer form (${viewport.name})`] = await axeViolations(page);

      // Nothing chosen, nothing written: 422 with the message.
      const send = () => form.getByRole('button', { name: 'Send my answers', exact: true });
      const empty = await submit(page, send(), viewport, `${waves[5]}/responses`);
      assert.equal(empty.status(), 422, 'an empty answer answers 422');
      await assertVisible(page.getByRole('alert').filter({ hasText: 'answer at least one item or leave a comment' }));
      await assertVisible(form, 'the form is there again');
      assert.equal(await form.getByRole('radio', { checked: true }).count(), 0);

      // One item chosen and a comment too long: 422, what was chosen and typed kept.
      const tooLong = `The planning meeting runs over every week. `.repeat(50).trim();
      const safe = form.getByRole('group', { name: PULSE_ITEMS[0], exact: true });
      await press(safe.getByRole('radio', { name: '2', exact: true }), viewport);
      await form.getByLabel(BETTER, { exact: true }).fill(tooLong);
      await form.getByLabel(ANYTHING_ELSE, { exact: true }).fill(comment);
      const refused = await submit(page, send(), viewport, `${waves[5]}/responses`);
      assert.equal(refused.status(), 422, 'a comment over 2000 characters answers 422');
      await assertVisible(page.getByRole('alert').first());
      assert.match(await textOf(form.locator('.field-error')), /^A comment is \d+ characters long; at most 2000 fit$/);
      assert.equal(await form.getByLabel(BETTER, { exact: true }).inputValue(), tooLong, 'the long comment is kept');
      assert.equal(await form.getByLabel(ANYTHING_ELSE, { exact: true }).inputValue(), comment, 'the other is kept');
      assert.equal(
        await form.getByRole('group', { name: PULSE_ITEMS[0], exact: true }).getByRole('radio', { name: '2', exact: true }).isChecked(),
        true,
        'the chosen point is kept',
      );
      assert.equal(await form.getByRole('radio', { checked: true }).count(), 1);
      axeFound[`answer form with a mistake (${viewport.name})`] = await axeViolations(page);

      // The answers: 4, 3, 5 and a comment.
      for (const [i, point] of ['4', '3', '5'].entries()) {
        const radio = form.getByRole('group', { name: PULSE_ITEMS[i], exact: true }).getByRole('radio', { name: point, exact: true });
        await press(radio, viewport);
        assert.equal(await radio.isChecked(), true, `${point} is chosen for item ${i + 1}`);
      }
      await form.getByLabel(BETTER, { exact: true }).fill('A written agenda before planning.');
      await assertNoSidewaysScroll(page, 'the answer form');
      await shot(page, 'member-answering');
      const sent = await submit(page, send(), viewport, `${waves[5]}/responses`);
      assert.equal(sent.status(), 303, 'answering answers 303');
      assert.equal(pathOf(page), waves[5]);
      const answered = page.getByRole('status').filter({ hasText: 'You have answered.' });
      await assertVisible(answered, 'the page says the member has answered');
      assert.equal(await page.locator('form.survey-form').count(), 0, 'and shows no form');
      await assertNoSidewaysScroll(page, 'the answered survey');
      await shot(page, 'member-answered');

      // A second visit: still answered, no form; home no longer says a survey waits.
      await page.goto(waves[5]);
      await assertVisible(page.getByRole('status').filter({ hasText: 'You have answered.' }));
      assert.equal(await page.locator('form.survey-form').count(), 0, 'no form on a second visit');
      assert.equal(await page.getByRole('radio').count(), 0);
      await page.goto('/');
      assert.equal(await page.getByRole('region', { name: 'A survey is waiting for your answer' }).count(), 0);

      // Results not shared with the team are not the member's to read.
      for (const wave of [3, 4]) {
        const refusedResults = await page.goto(`${waves[wave]}/results`);
        assert.equal(refusedResults.status(), 403, `wave ${wave}'s results are refused before sharing`);
        await assertVisible(page.getByRole('heading', { level: 1, name: 'Not allowed' }));
      }
      assertAxeClean(axeFound);
      assertNoProblems(sam);
    });

    test(`the lead sees counts, never names; runs a survey; closes the open wave early ${at}`, async () => {
      const axeFound = {};
      const lead = await newPage();
      const { page } = lead;
      await signIn(page, LOGINS.lead.email);

      // The names on the Platform team: none of them may show beside a survey.
      await page.goto('/teams');
      await Promise.all([
        page.waitForURL(/\/teams\/\d+$/),
        press(page.locator('main').getByRole('link', { name: 'Platform', exact: true }), viewport),
      ]);
      const names = (
        await page.getByRole('region', { name: /^Members \(\d+\)$/ }).locator('li.member > a[href^="/people/"]').allInnerTexts()
      ).map((n) => n.trim()).filter((n) => n && n !== LOGINS.lead.name);
      assert.ok(names.includes(LOGINS.member.name), `the team lists ${LOGINS.member.name}: ${names}`);
      const assertNoNames = async (what) => {
        const text = await textOf(page.locator('main'));
        for (const name of names) assert.ok(!text.includes(name), `${what} names ${name}`);
      };

      // Surveys from the menu: wave 5 counts the member's answer, without saying whose.
      await press(main(page).getByRole('link', { name: 'Surveys', exact: true }), viewport);
      await page.waitForURL('**/surveys');
      await assertVisible(page.getByRole('heading', { level: 1, name: 'Surveys' }));
      assert.equal(
        await main(page).getByRole('link', { name: 'Surveys', exact: true }).getAttribute('aria-current'),
        'page',
      );
      const row = surveyRow(page, PULSE, 5);
      assert.match(await textOf(row.locator('td').last()), /^1 of \d+$/, 'wave 5 shows 1 answered');
      const audience = Number(/of (\d+)/.exec(await textOf(row.locator('td').last()))[1]);
      assert.ok(audience >= 5, `wave 5 asks at least 5 people, not ${audience}`);
      assert.match(await textOf(surveyRow(page, PULSE, 4)), /Closed · results/);
      await assertNoNames('the surveys list');
      await assertNoSidewaysScroll(page, 'the surveys list');
      axeFound[`surveys list, lead (${viewport.name})`] = await axeViolations(page);
      await shot(page, 'lead-list');

      await Promise.all([page.waitForURL(`**${waves[5]}`), press(row.getByRole('link', { name: PULSE }), viewport)]);
      assert.equal(await textOf(page.getByLabel('Participation')), `1 of ${audience} answered`);
      assert.equal(await page.locator('form.survey-form').count(), 0, 'the lead is not asked');
      await assertNoNames('the survey page');
      axeFound[`survey page, lead (${viewport.name})`] = await axeViolations(page);

      // A new survey: the pulse, for Platform, closing before it opens first.
      await page.goto('/surveys');
      await Promise.all([
        page.waitForURL('**/surveys/new'),
        press(page.getByRole('button', { name: 'Run a survey', exact: true }), viewport),
      ]);
      await assertVisible(page.getByRole('heading', { level: 1, name: 'Run a survey' }));
      const what = page.getByLabel('What to ask', { exact: true });
      const who = page.getByLabel('Who to ask', { exact: true });
      await what.selectOption({ label: PULSE });
      await who.selectOption({ label: 'Platform' });
      const platformId = await who.inputValue();
      const opens = page.getByLabel('Opens', { exact: true });
      const closes = page.getByLabel('Closes', { exact: true });
      const now = await opens.inputValue();
      assert.match(now, /^\d{4}-\d\d-\d\dT\d\d:\d\d$/, `"Opens" starts at now: ${now}`);
      const opensAt = shifted(now, 2);
      const badClose = shifted(now, 1);
      await opens.fill(opensAt);
      await closes.fill(badClose);
      const bad = await submit(page, page.getByRole('button', { name: 'Run the survey', exact: true }), viewport, '/surveys');
      assert.equal(bad.status(), 422, 'closing before opening answers 422');
      assert.equal(pathOf(page), '/surveys');
      await assertVisible(page.getByRole('alert'));
      const closesAgain = page.getByLabel('Closes', { exact: true });
      assert.equal(await closesAgain.getAttribute('aria-invalid'), 'true', 'the close date is marked wrong');
      const message = page.locator('#closes_at-error');
      await assertVisible(message, 'a message says what is wrong');
      assert.equal(await textOf(message), 'Closes must be after the survey opens');
      assert.equal(await closesAgain.getAttribute('aria-describedby'), 'closes_at-error');
      const [fieldBox, messageBox] = [await closesAgain.boundingBox(), await message.boundingBox()];
      assert.ok(
        messageBox.y >= fieldBox.y + fieldBox.height - 1 && messageBox.y <= fieldBox.y + fieldBox.height + 40,
        'the message is right under the close date',
      );
      assert.equal(await closesAgain.inputValue(), badClose, 'the close date is kept');
      assert.equal(await page.getByLabel('Opens', { exact: true }).inputValue(), opensAt, 'the opening is kept');
      assert.equal(await page.getByLabel('What to ask', { exact: true }).inputValue(), 'safe-clear-motivated');
      assert.equal(await page.getByLabel('Who to ask', { exact: true }).inputValue(), platformId, 'the team is kept');
      await assertNoSidewaysScroll(page, 'the new survey form with a mistake');
      axeFound[`new survey with a mistake (${viewport.name})`] = await axeViolations(page);
      await closesAgain.scrollIntoViewIfNeeded();
      await shot(page, 'new-survey-error');

      // Fixed: it opens now and closes in three days.
      await page.getByLabel('Opens', { exact: true }).fill(now);
      await closesAgain.fill(shifted(now, 3));
      const created = await submit(page, page.getByRole('button', { name: 'Run the survey', exact: true }), viewport, '/surveys');
      assert.equal(created.status(), 303, 'running a survey answers 303');
      assert.match(pathOf(page), /^\/surveys\/\d+$/, 'and shows the new survey');
      const newSurvey = pathOf(page);
      assert.ok(!Object.values(waves).includes(newSurvey), 'a survey of its own');
      await assertVisible(page.getByRole('heading', { level: 1, name: PULSE, exact: true }));
      assert.match(await textOf(page.locator('hgroup p')), /^Platform · .* · Open$/);
      assert.match(await textOf(page.getByLabel('Participation')), /^0 of \d+ answered$/);
      await assertVisible(page.getByRole('button', { name: 'Close now…' }));

      // Wave 5 closes early, through its confirm page.
      await page.goto(waves[5]);
      await Promise.all([
        page.waitForURL(`**${waves[5]}/close`),
        press(page.getByRole('button', { name: 'Close now…', exact: true }), viewport),
      ]);
      await assertVisible(page.getByRole('heading', { level: 1, name: 'Close this survey?' }));
      assert.ok((await textOf(page.locator('main'))).includes(`1 of ${audience} answered.`));
      const closed = await submit(page, page.getByRole('button', { name: 'Close the survey', exact: true }), viewport, `${waves[5]}/close`);
      assert.equal(closed.status(), 303, 'closing answers 303');
      assert.equal(pathOf(page), `${waves[5]}/results`, 'and shows the results');
      await assertVisible(page.getByRole('heading', { level: 1, name: `Results: ${PULSE} wave 5` }));
      const reason = page.locator('main').getByRole('status').filter({ hasText: /\S/ });
      await assertVisible(reason, 'the reason the results are hidden');
      assert.match(await textOf(reason), /^Fewer than 5 people answered, so no result is shown/);
      const resultsText = await textOf(page.locator('main'));
      assert.doesNotMatch(resultsText, /\d\s*%/, 'no percentage is shown');
      assert.equal(await page.getByRole('columnheader', { name: 'Mean' }).count(), 0, 'no table of means');
      assert.equal(await page.locator('main table').count(), 0, 'no table at all');
      assert.equal(await page.locator('svg[role=img]').count(), 0, 'no chart');
      assert.equal(await page.getByRole('link', { name: 'Download CSV' }).count(), 0, 'nothing to download');
      axeFound[`hidden results (${viewport.name})`] = await axeViolations(page);
      await page.goto('/surveys');
      assert.match(await textOf(surveyRow(page, PULSE, 5)), /Closed/);
      assertAxeClean(axeFound);
      assertNoProblems(lead);
    });

    test(`the lead reads wave 4, says what the team will do, shares it; then the member reads it ${at}`, async () => {
      const axeFound = {};
      const lead = await newPage();
      const { page } = lead;
      await signIn(page, LOGINS.lead.email);
      await press(main(page).getByRole('link', { name: 'Surveys', exact: true }), viewport);
      await page.waitForURL('**/surveys');
      await Promise.all([
        page.waitForURL(`**${waves[4]}/results`),
        press(surveyRow(page, PULSE, 4).getByRole('link', { name: 'results', exact: true }), viewport),
      ]);
      await assertVisible(page.getByRole('heading', { level: 1, name: `Results: ${PULSE} wave 4` }));

      // The cards: one per dimension, each with its favourable share and mean.
      const cards = page.getByRole('region', { name: 'By dimension' }).locator('.stat-grid article');
      assert.equal(await cards.count(), 3);
      for (const [i, name] of ['Safe', 'Clear', 'Motivated'].entries()) {
        const card = cards.nth(i);
        assert.equal(await textOf(card.getByRole('heading', { level: 3 })), name);
        assert.match(await textOf(card.locator('.big-number')), /^\d{1,3} %$/);
        assert.match(await textOf(card), /Mean \d\.\d\d of 5, SD \d\.\d\d, n = \d+\./);
      }
      // The charts: favourable share by dimension, and the mean by wave.
      const bars = page.getByRole('img', { name: 'Favourable share by dimension' });
      await assertVisible(bars, 'the bar chart shows');
      assert.match(await bars.locator('desc').textContent(), /safe: \d+ %\. clear: \d+ %\. motivated: \d+ %\./);
      const trend = page.getByRole('img', { name: 'Mean by wave' });
      await assertVisible(trend, 'the trend chart shows');
      for (const chart of [bars, trend]) {
        const box = await chart.boundingBox();
        assert.ok(box.width > 0 && box.height > 0, 'the chart has a size');
        assert.ok(box.x >= 0 && box.x + box.width <= page.viewportSize().width + 0.5, 'the chart fits the screen across');
      }
      // The change since wave 3, each with its 95 % interval.
      const changes = page.getByRole('region', { name: 'Since the last result' });
      await assertVisible(changes);
      await assertVisible(changes.getByRole('columnheader', { name: 'Change (95 % interval)' }));
      const changeRows = changes.locator('tbody tr');
      assert.equal(await changeRows.count(), 3);
      for (let i = 0; i < 3; i += 1) {
        const cells = await changeRows.nth(i).locator('td').allInnerTexts();
        assert.match(cells[3].trim(), /^[+-]\d\.\d\d \([+-]\d\.\d\d to [+-]\d\.\d\d\)$/, `a change with its interval: ${cells}`);
      }
      // What the team said it would do after wave 3.
      const said = page.getByRole('region', { name: 'You said, we did' });
      await assertVisible(said);
      assert.ok((await textOf(said)).includes(`Action on Clear: ${DEMO_ACTION}`), 'the demo action shows');
      // The by-item table has its means.
      await assertVisible(page.getByRole('region', { name: 'By item' }).getByRole('columnheader', { name: 'Mean' }));
      await assertVisible(page.getByRole('link', { name: 'Download CSV' }));

      // What we will do: an experiment on clarity.
      const actions = page.getByRole('region', { name: 'What we will do' });
      await actions.getByLabel('Kind', { exact: true }).selectOption('experiment');
      await actions.getByLabel('About', { exact: true }).selectOption({ label: 'Clear' });
      await actions.getByLabel('What the team will do', { exact: true }).fill(action);
      const recorded = await submit(page, actions.getByRole('button', { name: 'Record it', exact: true }), viewport, `${waves[4]}/actions`);
      assert.equal(recorded.status(), 303, 'recording an action answers 303');
      assert.equal(pathOf(page), `${waves[4]}/results`);
      assert.equal(new URL(page.url()).hash, '#actions');
      const listed = page.getByRole('region', { name: 'What we will do' }).locator('li').filter({ hasText: action });
      await assertVisible(listed, 'the action is listed');
      assert.match(await textOf(listed), /^Experiment on Clear: /);
      await assertNoSidewaysScroll(page, "wave 4's results");
      axeFound[`wave 4 results (${viewport.name})`] = await axeViolations(page);
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot(page, 'wave4-results');

      // Shared with everyone asked.
      const shared = await submit(
        page,
        page.getByRole('button', { name: 'Share the results with everyone asked', exact: true }),
        viewport,
        `${waves[4]}/share`,
      );
      assert.equal(shared.status(), 303, 'sharing answers 303');
      await assertVisible(page.getByText('Shared with everyone asked.'));
      await assertVisible(page.getByRole('button', { name: 'Stop sharing with the team' }));

      // The member reads them now (with what the team will do), and still not wave 3's.
      const sam = await newPage();
      await signIn(sam.page, LOGINS.member.email);
      await sam.page.goto(waves[4]);
      await Promise.all([
        sam.page.waitForURL(`**${waves[4]}/results`),
        press(sam.page.getByRole('button', { name: 'See the results', exact: true }), viewport),
      ]);
      await assertVisible(sam.page.getByRole('heading', { level: 1, name: `Results: ${PULSE} wave 4` }));
      assert.equal(await sam.page.getByRole('region', { name: 'By dimension' }).locator('.stat-grid article').count(), 3);
      await assertVisible(sam.page.getByRole('region', { name: 'What we will do' }).locator('li').filter({ hasText: action }));
      assert.equal(await sam.page.getByRole('button', { name: 'Record it' }).count(), 0, 'the member records nothing');
      assert.equal(await sam.page.getByRole('button', { name: /sharing|Share/ }).count(), 0, 'nor shares');
      const stillRefused = await sam.page.goto(`${waves[3]}/results`);
      assert.equal(stillRefused.status(), 403, "wave 3's results stay the lead's");
      assertAxeClean(axeFound);
      assertNoProblems(lead, sam);
    });

    test(`the admin reads the organisation's survey: the heatmap, hidden cells, the CSV ${at}`, async () => {
      const axeFound = {};
      const admin = await newPage();
      const { page } = admin;
      await signIn(page, LOGINS.admin.email);
      await press(main(page).getByRole('link', { name: 'Surveys', exact: true }), viewport);
      await page.waitForURL('**/surveys');
      await Promise.all([
        page.waitForURL(`**${waves.fourStages}/results`),
        press(surveyRow(page, FOUR_STAGES).getByRole('link', { name: 'results', exact: true }), viewport),
      ]);
      await assertVisible(page.getByRole('heading', { level: 1, name: `Results: ${FOUR_STAGES}` }));
      const byTeam = page.getByRole('region', { name: 'By team' });
      const heatmap = byTeam.getByRole('table');
      await assertVisible(heatmap, 'the heatmap shows');
      const columns = (await heatmap.getByRole('columnheader').allInnerTexts()).map((c) => c.trim());
      assert.deepEqual(columns, ['Team', 'Inclusion', 'Learner', 'Contributor', 'Challenger']);
      const rows = heatmap.locator('tbody tr');
      assert.ok((await rows.count()) >= 2, 'several teams');
      const cells = (await heatmap.locator('tbody td').allInnerTexts()).map((c) => c.trim());
      assert.ok(cells.some((c) => c === 'hidden'), 'some cells are hidden');
      assert.ok(cells.some((c) => /^\d\.\d\d$/.test(c)), 'some cells show a mean');
      assert.ok(cells.every((c) => c === 'hidden' || /^\d\.\d\d$/.test(c)), `every cell a mean or hidden: ${cells}`);
      // A team shown with its number of answers is never one under k.
      for (const header of await heatmap.locator('tbody th').allInnerTexts()) {
        const n = /\((\d+)\)$/.exec(header.trim());
        if (n) assert.ok(Number(n[1]) >= 5, `${header} shows at least 5 answers`);
      }
      await assertNoSidewaysScroll(page, 'the results with the heatmap');

      // The CSV: linked, and it starts with its header.
      const csvLink = page.getByRole('link', { name: 'Download CSV', exact: true });
      await assertVisible(csvLink);
      const href = await csvLink.getAttribute('href');
      assert.equal(href, `${waves.fourStages}/results.csv`);
      const csv = await page.request.get(href);
      assert.equal(csv.status(), 200);
      assert.match(csv.headers()['content-type'], /^text\/csv/);
      assert.match(await csv.text(), /^level,id,label,/, 'the CSV starts with its header');
      axeFound[`heatmap (${viewport.name})`] = await axeViolations(page);
      await byTeam.scrollIntoViewIfNeeded();
      await shot(page, 'admin-heatmap');
      assertAxeClean(axeFound);
      assertNoProblems(admin);
    });

    test(`the lead writes an instrument; a broken import names its line ${at}`, async () => {
      const axeFound = {};
      const lead = await newPage();
      const { page } = lead;
      await signIn(page, LOGINS.lead.email);
      const name = `Learning pulse (${stamp})`;
      await press(main(page).getByRole('link', { name: 'Surveys', exact: true }), viewport);
      await page.waitForURL('**/surveys');
      await Promise.all([
        page.waitForURL('**/instruments'),
        press(page.locator('main').getByRole('link', { name: 'Instruments', exact: true }), viewport),
      ]);
      await assertVisible(page.getByRole('heading', { level: 1, name: 'Instruments' }));
      for (const builtin of [PULSE, FOUR_STAGES]) {
        await assertVisible(page.locator('article header').filter({ hasText: builtin }), `${builtin} is listed`);
      }
      await Promise.all([
        page.waitForURL('**/instruments/new'),
        press(page.getByRole('link', { name: 'Add or import one', exact: true }), viewport),
      ]);
      const write = page.getByRole('region', { name: 'Write one' });
      await write.getByLabel('Name', { exact: true }).fill(name);
      await write.getByLabel('Items', { exact: true }).fill(
        [
          'learning | I can ask questions without feeling foolish.',
          'learning | I hide my mistakes. | R',
        ].join('\n'),
      );
      const added = await submit(page, write.getByRole('button', { name: 'Add the instrument', exact: true }), viewport, '/instruments');
      assert.equal(added.status(), 303, 'adding an instrument answers 303');
      assert.equal(pathOf(page), '/instruments');
      const mine = page.locator('main article').filter({ has: page.getByText(name, { exact: true }) });
      await assertVisible(mine, 'the instrument is listed');
      await press(mine.locator('summary'), viewport);
      assert.equal(await textOf(mine.locator('summary')), '2 items');
      const items = (await mine.locator('ol li').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
      assert.deepEqual(items, [
        'I can ask questions without feeling foolish. learning · 1–5',
        'I hide my mistakes. learning · 1–5 · reverse-worded',
      ]);
      await assertVisible(mine.getByRole('link', { name: 'Run a survey with it' }));
      await assertNoSidewaysScroll(page, 'the instruments');
      axeFound[`instruments (${viewport.name})`] = await axeViolations(page);
      await shot(page, 'instruments');

      // A broken file: the message names the line.
      await page.goto('/instruments/new');
      const importing = page.getByRole('region', { name: 'Import a file' });
      const broken = 'name = "Broken"\n[[items]]\ntext = "Unclosed\ndimension = "x"\n';
      await importing.getByLabel('Instrument file', { exact: true }).fill(broken);
      const refused = await submit(page, importing.getByRole('button', { name: 'Import', exact: true }), viewport, '/instruments/import');
      assert.equal(refused.status(), 422, 'a broken file answers 422');
      const file = page.getByRole('region', { name: 'Import a file' }).getByLabel('Instrument file', { exact: true });
      assert.equal(await file.inputValue(), broken, 'the file is kept');
      assert.equal(await file.getAttribute('aria-invalid'), 'true');
      const error = page.locator('#toml-error');
      await assertVisible(error);
      assert.match(await textOf(error), /^line 3, column \d+: /, 'the message names the line');
      assert.ok((await file.getAttribute('aria-describedby')).split(' ').includes('toml-error'));
      axeFound[`instrument import error (${viewport.name})`] = await axeViolations(page);
      await assertNoSidewaysScroll(page, 'the instrument form with a mistake');
      await page.goto('/instruments');
      assert.equal(await page.getByText('Broken', { exact: true }).count(), 0, 'nothing was imported');

      assertAxeClean(axeFound);
      assertNoProblems(lead);
    });
  });
}
