// Rough edges a new user found (issue "Holes and rough edges found as a new user"), as a person
// sees them in a real browser: the time zone chosen from a list with the browser's own zone
// suggested and the local time shown; a directory that says who leads, who reports to whom and
// in which teams, pages back as well as forward, and fits a phone; teams in natural order.
// One server for the file; a fresh browser context (own cookies) for each test.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  LOGINS,
  VIEWPORTS,
  assertVisible,
  eventually,
  screenshot,
  signIn,
  textOf,
  assertNoProblems,
  browserSession,
} from './support.mjs';

const session = browserSession();
const newPage = (...args) => session.newPage(...args);

const main = (page) => page.getByRole('navigation', { name: 'Main', exact: true });
const results = (page) => page.locator('#people-results');
/** The directory row of the person named `name`. */
const rowOf = (page, name) =>
  results(page)
    .locator('tbody tr')
    .filter({ has: page.locator('td.person-name').getByRole('link', { name, exact: true }) });
/** The names the directory lists, in order. */
const namesListed = (page) => results(page).locator('tbody tr td:first-child > a').allInnerTexts();

/** The wall-clock time in `zone` as the page shows it (24-hour HH:MM), now. */
function clockIn(zone) {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date());
}

describe('Rough edges a new user found', { timeout: 300_000 }, () => {
  session.hooks();

  for (const viewport of VIEWPORTS) {
    const at = `(${viewport.name})`;
    const shot = (page, name) => screenshot(page, `${name}-${viewport.name}`);

    test(`the time zone comes from a list, the browser's suggested, and the local time shows ${at}`, async () => {
      // This browser says it is in Kolkata.
      const zone = 'Asia/Kolkata';
      const tab = await newPage(viewport, { timezoneId: zone });
      const { page } = tab;
      await signIn(page, LOGINS.member.email);
      await main(page).getByRole('link', { name: LOGINS.member.name, exact: true }).click();
      await page.waitForURL(/\/people\/\d+$/);
      const profileUrl = page.url();

      // The field is a list of the IANA zones, grouped by area. Say nothing first.
      await page.getByRole('button', { name: 'Edit profile' }).click();
      const timeZone = page.getByRole('combobox', { name: 'Time zone', exact: true });
      await assertVisible(timeZone);
      assert.equal(await timeZone.evaluate((el) => el.tagName), 'SELECT');
      const options = await timeZone.evaluate((el) => [...el.options].map((o) => o.value));
      assert.ok(options.length > 400, `the whole list (${options.length} zones)`);
      for (const name of ['Europe/Lisbon', 'America/Los_Angeles', 'Asia/Kolkata', 'UTC']) {
        assert.ok(options.includes(name), `${name} is offered`);
      }
      assert.ok(!options.includes('Lisbon') && !options.includes('Pacific Time'));
      assert.equal(
        await timeZone.locator('optgroup[label="Europe"] option[value="Europe/Lisbon"]').count(),
        1,
        'Lisbon is under Europe',
      );
      await timeZone.selectOption('');
      await page.getByRole('button', { name: 'Save profile' }).click();
      await assertVisible(page.getByRole('heading', { name: 'Profile', exact: true }));
      await page.reload();
      assert.equal(await page.locator('.local-time').count(), 0, 'no zone, no local time');

      // Opened again with no zone said, the browser's own is chosen for them.
      await page.getByRole('button', { name: 'Edit profile' }).click();
      await assertVisible(timeZone);
      await eventually(async () => assert.equal(await timeZone.inputValue(), zone));
      assert.match(await textOf(timeZone.locator('option:checked')), /^Kolkata \(Asia\)$/);
      await shot(page, 'profile-time-zone');
      await page.getByRole('button', { name: 'Save profile' }).click();
      await assertVisible(page.getByRole('heading', { name: 'Profile', exact: true }));

      // Their page shows the time where they are, worked out on the server.
      await page.goto(profileUrl);
      const before = clockIn(zone);
      const local = await textOf(page.locator('.local-time'));
      const after = clockIn(zone);
      assert.ok(
        local === `Local time: ${before} (${zone})` || local === `Local time: ${after} (${zone})`,
        `the local time in Kolkata: "${local}", expected ${before}`,
      );
      await shot(page, 'person-local-time');

      // Their manager sees it too; a peer does not (the zone is part of the profile).
      const lead = await newPage(viewport);
      await signIn(lead.page, LOGINS.lead.email);
      await lead.page.goto(profileUrl);
      await assertVisible(lead.page.locator('.local-time'));
      assert.match(await textOf(lead.page.locator('.local-time')), /^Local time: \d\d:\d\d \(Asia\/Kolkata\)$/);

      // Another zone, chosen by a person with the pointer or keyboard.
      await page.getByRole('button', { name: 'Edit profile' }).click();
      await timeZone.selectOption('Europe/Lisbon');
      await page.getByRole('button', { name: 'Save profile' }).click();
      await assertVisible(page.getByRole('heading', { name: 'Profile', exact: true }));
      await page.reload();
      assert.match(await textOf(page.locator('.local-time')), /^Local time: \d\d:\d\d \(Europe\/Lisbon\)$/);

      assertNoProblems(tab, lead);
    });

    test(`the directory says who leads, who they report to and their teams ${at}`, async () => {
      const tab = await newPage(viewport);
      const { page } = tab;
      await signIn(page, LOGINS.member.email);
      // Jordan leads people: a badge says how many.
      await page.goto('/people?q=Jordan');
      const jordan = rowOf(page, LOGINS.lead.name);
      await assertVisible(jordan);
      assert.match(await textOf(jordan.locator('.leads-badge')), /^Leads \d+$/);
      // Sam leads nobody, reports to Jordan and is in Jordan's team.
      await page.goto('/people?q=Sam');
      const sam = rowOf(page, LOGINS.member.name);
      await assertVisible(sam);
      assert.equal(await sam.locator('.leads-badge').count(), 0);
      const manager = sam.locator('td[data-label="Manager"]');
      await assertVisible(manager.getByRole('link', { name: LOGINS.lead.name, exact: true }));
      await assertVisible(sam.locator('td[data-label="Teams"]').getByRole('link', { name: 'Platform', exact: true }));
      if (viewport.name === 'phone') {
        // A card stacks its fields: the manager sits under the email, not beside it.
        const email = await sam.locator('td[data-label="Email"]').boundingBox();
        const managerBox = await manager.boundingBox();
        assert.ok(managerBox.y >= email.y + email.height - 1, 'the fields are stacked');
      }
      await shot(page, 'people-row');

      // The whole first page.
      await main(page).getByRole('link', { name: 'People', exact: true }).click();
      await page.waitForURL('**/people');
      await assertVisible(results(page).locator('.leads-badge'));

      // On a phone the list is a stack of cards: nothing wider than the screen, no sideways
      // scrolling inside the list either, each field with its label.
      const width = viewport.context.viewport.width;
      const facts = await page.evaluate(() => {
        const table = document.querySelector('#people-results table');
        const scroller = table.parentElement;
        return {
          page: document.documentElement.scrollWidth,
          viewport: document.documentElement.clientWidth,
          table: table.getBoundingClientRect().width,
          scrolls: scroller.scrollWidth > scroller.clientWidth + 1,
          rowDisplay: getComputedStyle(table.querySelector('tbody tr')).display,
          widest: Math.max(...[...table.querySelectorAll('tbody tr, tbody td')].map((el) => el.getBoundingClientRect().right)),
          label: getComputedStyle(table.querySelector('td[data-label="Manager"]'), '::before').content,
        };
      });
      assert.ok(facts.page <= facts.viewport, `the page scrolls sideways: ${facts.page}px in ${facts.viewport}px`);
      assert.ok(!facts.scrolls, 'the list does not scroll sideways inside the page');
      assert.ok(facts.widest <= facts.viewport, `a row reaches ${facts.widest}px of ${facts.viewport}px`);
      if (viewport.name === 'phone') {
        assert.equal(width, 390);
        assert.equal(facts.rowDisplay, 'block', 'each person is a card');
        assert.equal(facts.label, '"Manager: "', 'each field says what it is');
      } else {
        assert.equal(facts.rowDisplay, 'table-row', 'a table on a wide screen');
      }
      await shot(page, 'people-directory');

      assertNoProblems(tab);
    });

    test(`the directory pages forward and back ${at}`, async () => {
      const tab = await newPage(viewport);
      const { page } = tab;
      await signIn(page, LOGINS.member.email);
      await page.goto('/people');
      const pager = page.getByRole('navigation', { name: 'Pages' });
      const first = await namesListed(page);
      assert.equal(first.length, 25, 'a full first page');
      assert.equal(await pager.getByRole('link', { name: /Previous page/ }).count(), 0);
      assert.equal(await pager.getByRole('link', { name: /First page/ }).count(), 0);

      await Promise.all([page.waitForURL(/cursor=/), pager.getByRole('link', { name: /Next page/ }).click()]);
      const second = await namesListed(page);
      assert.ok(second.length > 0);
      assert.ok(second.every((name) => !first.includes(name)), 'the next page has nobody from the first');
      await assertVisible(pager.getByRole('link', { name: /First page/ }));
      await shot(page, 'people-second-page');

      await Promise.all([page.waitForURL(/before=/), pager.getByRole('link', { name: /Previous page/ }).click()]);
      assert.deepEqual(await namesListed(page), first, 'Previous brings back the same first page');
      assert.equal(await pager.getByRole('link', { name: /Previous page/ }).count(), 0);
      await assertVisible(pager.getByRole('link', { name: /Next page/ }));

      assertNoProblems(tab);
    });
  }

  test('teams are listed in natural order: "Guild 2" before "Guild 10"', async () => {
    const tab = await newPage();
    const { page } = tab;
    await signIn(page, LOGINS.admin.email);
    for (const name of ['Guild 10', 'Guild 9', 'Guild 2']) {
      await page.goto('/teams/new');
      await page.getByLabel('Name', { exact: true }).fill(name);
      await Promise.all([
        page.waitForURL(/\/teams\/\d+$/),
        page.getByRole('button', { name: 'Save' }).click(),
      ]);
    }
    await page.goto('/teams');
    const names = (await page.getByRole('link', { name: /^Guild \d+$/ }).allInnerTexts()).map((n) => n.trim());
    assert.deepEqual(names, ['Guild 2', 'Guild 9', 'Guild 10']);
    await screenshot(page, 'teams-natural-order-desktop');
    assertNoProblems(tab);
  });
});
