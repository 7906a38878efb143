// Alignment and growth in a real browser against a real `tend demo` server: the lead opens
// Alignment from the menu and adds a Platform objective with its why; on Sam's growth page adds a
// goal that serves it and checks in on it; Alignment shows the goal under the objective. The lead
// records a stretch opportunity for Sam; a goal without a title comes back (422) with the message
// beside the field and what was typed kept; the team's fairness report counts Sam, draws the
// chart and the Gini number, also for visibility moments only. Sam sees his growth page with the
// goal and the opportunity and writes how it went; the fairness report is not his to see (404).
// At the desktop and phone widths, sharing one server.

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
  pathOf,
  personPicker,
  screenshot,
  signIn,
  textOf,
} from './support.mjs';

const session = browserSession();
const newPage = (...args) => session.newPage(...args);

const main = (page) => page.getByRole('navigation', { name: 'Main', exact: true });

/** Picks with the pointer the phone or the desktop has: a tap on a touch screen, else a click. */
async function press(locator, viewport, options = {}) {
  if (viewport.context.hasTouch) await locator.tap(options);
  else await locator.click(options);
}

/** A date `days` from today (UTC), as a date field takes it. */
function dateIn(days) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whole days between two dates written as a date field takes them. */
function daysBetween(a, b) {
  return Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
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
  // The next `load` is the new document's: the one on screen has loaded already.
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
  assert.deepEqual(
    repeated,
    [],
    `${what} uses ids more than once, so labels and messages point at the wrong fields: ${repeated.join(', ')}`,
  );
}

/** Fails unless `locator` is on screen as the page stands, without scrolling. */
async function assertOnScreen(locator, message) {
  const box = await locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, height: window.innerHeight, scrolled: window.scrollY };
  });
  assert.ok(
    box.top >= 0 && box.bottom <= box.height,
    `${message} (it is at ${Math.round(box.top)}–${Math.round(box.bottom)}px, the screen shows 0–${box.height}px, scrolled by ${box.scrolled}px)`,
  );
}

/** The value of the `<option>` of `select` whose text starts with `text`. */
async function optionValue(select, text) {
  const values = await select.locator('option').evaluateAll(
    (options, wanted) => options.filter((o) => o.textContent.trim().startsWith(wanted)).map((o) => o.value),
    text,
  );
  assert.equal(values.length, 1, `exactly one choice starts with "${text}"`);
  return values[0];
}

/** The team page's member list (the section labelled "Members (N)"). */
const membersSection = (page) => page.getByRole('region', { name: /^Members \(\d+\)$/ });

/** The growth page's forms. */
const goalForm = (page) => page.locator('form[action$="/goals#goals"]');
const opportunityForm = (page) => page.locator('form[action$="/opportunities#opportunities"]');

/** The growth page's opportunity whose text holds `title`. */
const opportunityWith = (page, title) => page.locator('article.opportunity').filter({ hasText: title });

/** The fairness table's row of the person `name`, and its count. */
const fairnessRow = (page, name) =>
  page.locator('table tbody tr').filter({ has: page.getByRole('link', { name, exact: true }) });
async function countOf(page, name) {
  const row = fairnessRow(page, name);
  await assertVisible(row, `${name} is listed in the fairness report`);
  return Number(await textOf(row.locator('td').first()));
}

describe('Alignment and growth in a browser', { timeout: 300_000 }, () => {
  session.hooks();

  for (const viewport of VIEWPORTS) {
    const at = `(${viewport.name})`;
    const shot = (page, name) => screenshot(page, `align-${name}-${viewport.name}`, { caret: 'initial' });

    test(`the lead aligns a goal for Sam, records his stretch, checks fairness; Sam reflects ${at}`, async () => {
      const stamp = `${viewport.name} ${Date.now()}`;
      const objectiveTitle = `Ship on any Tuesday (${stamp})`;
      const objectiveWhy = `So every team can release without fear and customers get fixes the same day (${stamp}).`;
      const goalTitle = `Automate the release checklist (${stamp})`;
      const goalWhy = `Releases stop depending on one person's memory (${stamp}).`;
      const checkInNote = `Half the checklist runs in CI now (${stamp})`;
      const opportunityTitle = `Presented the release plan to leadership (${stamp})`;
      const outcome = `Leadership agreed to fund the pipeline work (${stamp})`;
      const learned = `Start with the customer's problem, not the tooling (${stamp})`;
      const keptWhy = `This why must survive a failed submit (${stamp})`;
      const axeFound = {};

      // ---- 1. The lead opens Alignment from the menu and adds a Platform objective. ----
      const lead = await newPage(viewport);
      await signIn(lead.page, LOGINS.lead.email);
      await press(main(lead.page).getByRole('link', { name: 'Alignment', exact: true }), viewport);
      await lead.page.waitForURL('**/alignment');
      await assertVisible(lead.page.getByRole('heading', { level: 1, name: 'Alignment' }));
      assert.equal(
        await main(lead.page).getByRole('link', { name: 'Alignment', exact: true }).getAttribute('aria-current'),
        'page',
        'the menu marks Alignment as the current page',
      );

      await Promise.all([
        lead.page.waitForURL('**/objectives/new'),
        press(lead.page.getByRole('button', { name: 'New objective', exact: true }), viewport),
      ]);
      await assertVisible(lead.page.getByRole('heading', { level: 1, name: 'New objective' }));
      await lead.page.getByLabel('Title', { exact: true }).fill(objectiveTitle);
      await lead.page.getByLabel('Why it matters', { exact: true }).fill(objectiveWhy);
      await lead.page.getByLabel('For', { exact: true }).selectOption({ label: 'Platform' });
      assert.equal(await lead.page.getByLabel('Supports', { exact: true }).inputValue(), '', 'nothing above it');

      const owner = await personPicker(lead.page, 'Owner');
      await owner.type('Jordan');
      const jordan = owner.option(LOGINS.lead.name);
      await assertVisible(jordan, `the suggestions offer ${LOGINS.lead.name}`);
      await press(jordan, viewport);
      assert.equal(await owner.input.inputValue(), LOGINS.lead.email, 'picking fills in the email');
      await assertClosed(owner);

      // A period around today in every time zone.
      const startsOn = dateIn(-30);
      const endsOn = dateIn(60);
      await lead.page.getByLabel('Starts on', { exact: true }).fill(startsOn);
      await lead.page.getByLabel('Ends on', { exact: true }).fill(endsOn);
      const created = await submit(
        lead.page,
        lead.page.getByRole('button', { name: 'Add objective', exact: true }),
        viewport,
        '/objectives',
      );
      assert.equal(created.status(), 303, 'adding an objective answers 303');
      assert.match(pathOf(lead.page), /^\/objectives\/\d+$/, 'and shows the new objective');
      const objectiveUrl = pathOf(lead.page);
      await assertVisible(lead.page.getByRole('heading', { level: 1, name: objectiveTitle, exact: true }));
      assert.equal(await textOf(lead.page.locator('p.why')), `Why: ${objectiveWhy}`);
      const objectiveLine = await textOf(lead.page.locator('hgroup p'));
      assert.match(objectiveLine, /^Platform objective/, 'it is a Platform objective');
      assert.ok(objectiveLine.includes(`${startsOn} – ${endsOn}`), `the period shows: ${objectiveLine}`);
      assert.ok(objectiveLine.includes(`owned by ${LOGINS.lead.name}`), `the owner shows: ${objectiveLine}`);
      await assertNoSidewaysScroll(lead.page, 'the objective page');
      await shot(lead.page, 'objective');

      // ---- 2. From the Platform team, to Sam's page, to his growth page; a goal for the objective. ----
      await press(main(lead.page).getByRole('link', { name: 'Teams', exact: true }), viewport);
      await lead.page.waitForURL('**/teams');
      await Promise.all([
        lead.page.waitForURL(/\/teams\/\d+$/),
        press(lead.page.locator('main').getByRole('link', { name: 'Platform', exact: true }), viewport),
      ]);
      const teamUrl = pathOf(lead.page);
      await assertVisible(lead.page.getByRole('heading', { level: 1, name: 'Platform' }));
      // The team page lists the objective running now.
      await assertVisible(
        lead.page.getByRole('region', { name: 'Objectives now' }).getByRole('link', { name: objectiveTitle, exact: true }),
        'the team page lists the new objective',
      );
      await Promise.all([
        lead.page.waitForURL(/\/people\/\d+$/),
        press(membersSection(lead.page).getByRole('link', { name: LOGINS.member.name, exact: true }), viewport),
      ]);
      const samsId = /^\/people\/(\d+)$/.exec(pathOf(lead.page))[1];
      const growthUrl = `/people/${samsId}/growth`;
      await Promise.all([
        lead.page.waitForURL(`**${growthUrl}`),
        press(lead.page.getByRole('link', { name: 'Goals, growth plan, ownership and opportunities' }), viewport),
      ]);
      await assertVisible(lead.page.getByRole('heading', { level: 1, name: `${LOGINS.member.name}'s growth` }));

      await press(lead.page.getByRole('button', { name: 'Add a goal', exact: true }), viewport);
      const goal = goalForm(lead.page);
      await assertVisible(goal, 'opening "Add a goal" shows its form');
      await goal.getByLabel('Goal', { exact: true }).fill(goalTitle);
      await goal.getByLabel('Why it matters', { exact: true }).fill(goalWhy);
      const serves = goal.getByLabel('Serves', { exact: true });
      const objectiveId = objectiveUrl.split('/').pop();
      assert.equal(await optionValue(serves, objectiveTitle), objectiveId, 'the new objective is a choice');
      await serves.selectOption(objectiveId);
      const added = await submit(
        lead.page,
        goal.getByRole('button', { name: 'Add goal', exact: true }),
        viewport,
        `/people/${samsId}/goals`,
      );
      assert.equal(added.status(), 303, 'adding a goal answers 303');
      assert.equal(pathOf(lead.page), growthUrl, 'and goes back to the growth page');
      assert.equal(new URL(lead.page.url()).hash, '#goals', 'at the goals');
      const goalLink = lead.page.locator('#goals').getByRole('link', { name: goalTitle, exact: true });
      await assertVisible(goalLink, 'the goal is listed');

      // The goal's page: a check-in at 40 % with a note.
      await Promise.all([lead.page.waitForURL(/\/goals\/\d+$/), press(goalLink, viewport)]);
      const goalUrl = pathOf(lead.page);
      await assertVisible(lead.page.getByRole('heading', { level: 1, name: goalTitle, exact: true }));
      await assertVisible(
        lead.page.locator('hgroup').getByRole('link', { name: objectiveTitle, exact: true }),
        'the goal page says which objective it serves',
      );
      assert.equal(await textOf(lead.page.locator('p.why')), `Why: ${goalWhy}`);
      await assertUniqueIds(lead.page, 'the goal page');
      await lead.page.getByLabel('New progress (%)', { exact: true }).fill('40');
      await lead.page.getByLabel('What moved, in a line', { exact: true }).fill(checkInNote);
      const checkedIn = await submit(
        lead.page,
        lead.page.getByRole('button', { name: 'Check in', exact: true }),
        viewport,
        `${goalUrl}/check-ins`,
      );
      assert.equal(checkedIn.status(), 303, 'checking in answers 303');
      assert.equal(pathOf(lead.page), goalUrl, 'and shows the goal again');
      const progressBar = lead.page.getByRole('progressbar', { name: 'Progress', exact: true });
      assert.equal(await progressBar.getAttribute('value'), '40', 'the progress bar stands at 40');
      assert.match(
        await textOf(lead.page.locator('p').filter({ has: progressBar })),
        /\b40 % done$/,
        'the goal shows 40 %',
      );
      const checkIn = lead.page.locator('ol.events li').filter({ hasText: checkInNote });
      await assertVisible(checkIn, 'the check-in is listed with its note');
      assert.match(await textOf(checkIn), new RegExp(`40 %: ${checkInNote.replace(/[()]/g, '\\$&')}$`));
      await assertNoSidewaysScroll(lead.page, 'the goal page');
      await shot(lead.page, 'goal');

      // Alignment shows the goal, with its progress, under the objective.
      await press(main(lead.page).getByRole('link', { name: 'Alignment', exact: true }), viewport);
      await lead.page.waitForURL('**/alignment');
      const objectiveRow = lead.page
        .locator('ul.alignment-tree > li.objective')
        .filter({ has: lead.page.getByRole('link', { name: objectiveTitle, exact: true }) });
      await assertVisible(objectiveRow, 'the objective is in the tree');
      assert.match(await textOf(objectiveRow.locator('header small')), /^Platform · /);
      const goalRow = objectiveRow.locator('ul.goals > li').filter({ hasText: goalTitle });
      await assertVisible(goalRow, 'the goal is under its objective');
      assert.match(await textOf(goalRow), new RegExp(`— ${LOGINS.member.name} .*40 %`));
      assert.equal(await goalRow.getByRole('progressbar').getAttribute('value'), '40');
      axeFound[`alignment (${viewport.name})`] = await axeViolations(lead.page);
      await assertNoSidewaysScroll(lead.page, 'the alignment page');
      await shot(lead.page, 'alignment');

      // ---- 3. On Sam's growth page, the lead records a stretch opportunity. ----
      await lead.page.goto(growthUrl);
      await press(lead.page.getByRole('button', { name: 'Record an opportunity', exact: true }), viewport);
      const opportunity = opportunityForm(lead.page);
      await assertVisible(opportunity, 'opening "Record an opportunity" shows its form');
      await assertUniqueIds(lead.page, "Sam's growth page");
      await opportunity.getByLabel('What', { exact: true }).fill(opportunityTitle);
      await opportunity.getByLabel('Kind', { exact: true }).selectOption('present_to_leadership');
      const stretch = opportunity.getByRole('radio', { name: /^Stretch:/ });
      assert.equal(await stretch.getAttribute('value'), 'stretch');
      await press(stretch, viewport);
      assert.equal(await stretch.isChecked(), true, 'the stretch is chosen');
      // "When" starts at the lead's today, which may be a day off UTC's.
      const when = opportunity.getByLabel('When', { exact: true });
      const today = await when.inputValue();
      assert.ok(Math.abs(daysBetween(dateIn(0), today)) <= 1, `"When" starts at today, not ${today}`);
      await when.fill(today);
      const recorded = await submit(
        lead.page,
        opportunity.getByRole('button', { name: 'Record opportunity', exact: true }),
        viewport,
        `/people/${samsId}/opportunities`,
      );
      assert.equal(recorded.status(), 303, 'recording an opportunity answers 303');
      assert.equal(pathOf(lead.page), growthUrl);
      assert.equal(new URL(lead.page.url()).hash, '#opportunities', 'at the opportunities');
      const listed = opportunityWith(lead.page, opportunityTitle);
      await assertVisible(listed, 'the opportunity is listed');
      const header = await textOf(listed.locator('header'));
      for (const part of [
        'Present to leadership',
        'visibility',
        today,
        'Stretch: within reach with support',
        `given by ${LOGINS.lead.name}`,
      ]) {
        assert.ok(header.includes(part), `the opportunity says "${part}": ${header}`);
      }
      axeFound[`growth (${viewport.name})`] = await axeViolations(lead.page);
      await assertNoSidewaysScroll(lead.page, 'the growth page');
      await lead.page.evaluate(() => window.scrollTo(0, 0));
      await shot(lead.page, 'growth');

      // ---- 4. A goal without a title comes back with the message and what was typed. ----
      const goalsBefore = await lead.page.locator('#goals ul.goal-list > li').count();
      await press(lead.page.getByRole('button', { name: 'Add a goal', exact: true }), viewport);
      await goal.getByLabel('Goal', { exact: true }).fill('');
      await goal.getByLabel('Why it matters', { exact: true }).fill(keptWhy);
      await goal.getByLabel('Serves', { exact: true }).selectOption(objectiveId);
      await goal.getByLabel('Progress so far (%)', { exact: true }).fill('10');
      const refused = await submit(
        lead.page,
        goal.getByRole('button', { name: 'Add goal', exact: true }),
        viewport,
        `/people/${samsId}/goals`,
      );
      assert.equal(refused.status(), 422, 'a goal without a title answers 422');
      // The growth page is long: the answer must open at the form that failed, not at the top.
      await assertOnScreen(
        goal.locator('small.field-error').first(),
        'the 422 page shows the mistake without scrolling',
      );
      assert.equal(pathOf(lead.page), `/people/${samsId}/goals`);
      await assertVisible(lead.page.getByRole('heading', { level: 1, name: `${LOGINS.member.name}'s growth` }));
      await assertVisible(goal, 'the goal form is open again');
      const titleBox = goal.getByLabel('Goal', { exact: true });
      assert.equal(await titleBox.getAttribute('aria-invalid'), 'true', 'the title is marked wrong');
      const describedBy = (await titleBox.getAttribute('aria-describedby')) ?? '';
      const message = goal.locator('small.field-error');
      await assertVisible(message, 'a message says what is wrong');
      const messageId = await message.first().getAttribute('id');
      assert.ok(describedBy.split(' ').includes(messageId), 'the title field points to its message');
      assert.match(await textOf(message.first()), /^Goal /, 'the message names the field');
      // The message sits right under the field.
      const [fieldBox, messageBox] = [await titleBox.boundingBox(), await message.first().boundingBox()];
      assert.ok(
        messageBox.y >= fieldBox.y + fieldBox.height - 1 && messageBox.y <= fieldBox.y + fieldBox.height + 40,
        'the message is next to the title field',
      );
      await assertVisible(goal.getByRole('alert').or(lead.page.locator('#goals').getByRole('alert')));
      assert.equal(await goal.getByLabel('Why it matters', { exact: true }).inputValue(), keptWhy, 'the why is kept');
      assert.equal(await goal.getByLabel('Serves', { exact: true }).inputValue(), objectiveId, 'the objective is kept');
      assert.equal(await goal.getByLabel('Progress so far (%)', { exact: true }).inputValue(), '10', 'the progress is kept');
      assert.equal(await lead.page.locator('#goals ul.goal-list > li').count(), goalsBefore, 'no goal was added');
      axeFound[`growth with a mistake (${viewport.name})`] = await axeViolations(lead.page);
      await assertNoSidewaysScroll(lead.page, 'the growth page with a mistake');
      await goal.scrollIntoViewIfNeeded();
      await shot(lead.page, 'goal-mistake');

      // ---- 5. The Platform team's fairness report counts Sam. ----
      await lead.page.goto(teamUrl);
      await Promise.all([
        lead.page.waitForURL(`**${teamUrl}/fairness`),
        press(lead.page.getByRole('link', { name: 'Who gets the chances to grow', exact: true }), viewport),
      ]);
      await assertVisible(
        lead.page.getByRole('heading', { level: 1, name: 'Who gets the chances to grow in Platform' }),
      );
      assert.ok((await countOf(lead.page, LOGINS.member.name)) >= 1, 'Sam has at least one opportunity');
      assert.equal(await fairnessRow(lead.page, LOGINS.lead.name).count(), 0, 'the lead is left out');
      const chart = lead.page.locator('svg[role=img]');
      await assertVisible(chart, 'the chart shows');
      const chartBox = await chart.boundingBox();
      assert.ok(chartBox.width > 0 && chartBox.height > 0, 'the chart has a size');
      assert.ok(
        chartBox.x >= 0 && chartBox.x + chartBox.width <= lead.page.viewportSize().width + 0.5,
        'the chart fits the screen across',
      );
      assert.match(await chart.locator('desc').textContent(), new RegExp(`${LOGINS.member.name}: [1-9]\\d*\\.`), 'the chart describes Sam\'s bar');
      assert.match(await textOf(lead.page.locator('.big-number')), /^\d\.\d{3}$/, 'the Gini number shows');
      await assertNoSidewaysScroll(lead.page, 'the fairness page');
      axeFound[`fairness (${viewport.name})`] = await axeViolations(lead.page);

      const visibilityOnly = lead.page.getByLabel('Visibility moments only', { exact: true });
      await press(visibilityOnly, viewport);
      assert.equal(await visibilityOnly.isChecked(), true);
      await Promise.all([
        lead.page.waitForURL((url) => url.searchParams.get('visibility_only') === 'true'),
        press(lead.page.getByRole('button', { name: 'Show', exact: true }), viewport),
      ]);
      assert.equal(pathOf(lead.page), `${teamUrl}/fairness`);
      assert.equal(await lead.page.getByLabel('Visibility moments only', { exact: true }).isChecked(), true, 'the box stays ticked');
      assert.match(await textOf(lead.page.locator('hgroup p')), /^Visibility moments/);
      assert.ok((await countOf(lead.page, LOGINS.member.name)) >= 1, 'presenting to leadership is a visibility moment');
      await assertVisible(lead.page.locator('svg[role=img]'));
      assert.match(await textOf(lead.page.locator('.big-number')), /^\d\.\d{3}$/);
      axeFound[`fairness, visibility only (${viewport.name})`] = await axeViolations(lead.page);
      await shot(lead.page, 'fairness');

      // ---- 6. Sam sees his growth page, writes how it went; fairness is not his to see. ----
      const sam = await newPage(viewport);
      await signIn(sam.page, LOGINS.member.email);
      await Promise.all([
        sam.page.waitForURL(`**/people/${samsId}`),
        press(main(sam.page).getByRole('link', { name: LOGINS.member.name, exact: true }), viewport),
      ]);
      await Promise.all([
        sam.page.waitForURL(`**${growthUrl}`),
        press(sam.page.getByRole('link', { name: 'Goals, growth plan, ownership and opportunities' }), viewport),
      ]);
      await assertVisible(sam.page.getByRole('heading', { level: 1, name: 'Your growth' }));
      await assertVisible(
        sam.page.locator('#goals').getByRole('link', { name: goalTitle, exact: true }),
        'Sam sees the goal',
      );
      const samsOpportunity = opportunityWith(sam.page, opportunityTitle);
      await assertVisible(samsOpportunity, 'Sam sees the opportunity');
      await samsOpportunity.getByLabel('How it went', { exact: true }).fill(outcome);
      await samsOpportunity.getByLabel('What was learned', { exact: true }).fill(learned);
      const saved = await submit(
        sam.page,
        samsOpportunity.getByRole('button', { name: 'Save how it went', exact: true }),
        viewport,
        /^\/opportunities\/\d+$/,
      );
      assert.equal(saved.status(), 303, 'saving how it went answers 303');
      assert.equal(pathOf(sam.page), growthUrl);
      const afterSave = opportunityWith(sam.page, opportunityTitle);
      assert.equal(await afterSave.getByLabel('How it went', { exact: true }).inputValue(), outcome, 'how it went is saved');
      assert.equal(await afterSave.getByLabel('What was learned', { exact: true }).inputValue(), learned, 'what was learned is saved');
      axeFound[`growth, own (${viewport.name})`] = await axeViolations(sam.page);
      await assertNoSidewaysScroll(sam.page, "Sam's growth page");
      await shot(sam.page, 'growth-own');

      // The lead reads what Sam wrote.
      await lead.page.goto(growthUrl);
      const leadsCopy = opportunityWith(lead.page, opportunityTitle);
      assert.equal(await leadsCopy.getByLabel('How it went', { exact: true }).inputValue(), outcome, 'the lead sees how it went');
      assert.equal(await leadsCopy.getByLabel('What was learned', { exact: true }).inputValue(), learned);

      // Sam's team page offers no fairness report, and its address is not found for him.
      await sam.page.goto(teamUrl);
      assert.equal(await sam.page.getByRole('link', { name: 'Who gets the chances to grow' }).count(), 0);
      const refusedToSam = await sam.page.goto(`${teamUrl}/fairness`);
      assert.equal(refusedToSam.status(), 404, "the fairness report is not Sam's to see");
      await assertVisible(sam.page.getByRole('heading', { level: 1, name: 'Not found' }));

      const axeReport = describeViolations(axeFound);
      assert.equal(axeReport, '', `axe found violations:\n${axeReport}`);
      assertNoProblems(lead, sam);
    });
  }
});
