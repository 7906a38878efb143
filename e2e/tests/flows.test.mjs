// The main things people do in Tend, in a real browser against a real `tend demo` server.
// One server for the file; a fresh browser context (own cookies) for each test.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  LOGINS,
  VIEWPORTS,
  assertClosed,
  assertFloatsUnderField,
  assertOpen,
  assertVisible,
  eventually,
  pathOf,
  personPicker,
  screenshot,
  signIn,
  textOf,
  assertNoProblems,
  browserSession,
} from './support.mjs';

const session = browserSession();
const newPage = (...args) => session.newPage(...args);

const main = (page) => page.getByRole('navigation', { name: 'Main', exact: true });
const profileRegion = (page) => page.locator('#profile');
/** The article in the profile grid under the heading `title`. */
const profileCard = (page, title) =>
  profileRegion(page)
    .getByRole('article')
    .filter({ has: page.getByRole('heading', { name: title, exact: true }) });

/** The article on the home page under the heading `title`. */
const homeCard = (page, title) =>
  page.getByRole('article').filter({ has: page.getByRole('heading', { name: title, exact: true }) });

/** The team page's member list (the section labelled "Members (N)"). */
const membersSection = (page) => page.getByRole('region', { name: /^Members \(\d+\)$/ });

/** Presses Tab until the element with id `id` has the focus, as someone without a mouse would. */
async function tabTo(page, id, { shift = false, most = 60 } = {}) {
  for (let i = 0; i < most; i += 1) {
    if (await page.evaluate((want) => document.activeElement?.id === want, id)) return;
    await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
  }
  assert.fail(`${most} presses of Tab did not reach #${id}`);
}

/** Picks with the pointer the phone or the desktop has: a tap on a touch screen, else a click. */
async function press(locator, viewport, options = {}) {
  if (viewport.context.hasTouch) await locator.tap(options);
  else await locator.click(options);
}

/** Opens a person's page by searching the directory for them and following their name. */
async function openPersonFromDirectory(page, name) {
  await page.goto(`/people?q=${encodeURIComponent(name)}`);
  await page.locator('#people-results').getByRole('link', { name, exact: true }).click();
  await page.waitForURL(/\/people\/\d+$/);
  await assertVisible(page.getByRole('heading', { level: 1, name, exact: true }));
}

describe('Tend in a browser', { timeout: 300_000 }, () => {
  session.hooks();

  // Every main flow runs at each width: the desktop, and a phone (a touch screen).
  for (const viewport of VIEWPORTS) {
    const at = `(${viewport.name})`;
    const shot = (page, name) => screenshot(page, `${name}-${viewport.name}`);

    test(`the lead's week: sign in, org chart, edit the profile in place, sign out ${at}`, async () => {
      const tab = await newPage(viewport);
      const { page } = tab;

      // Signed out, the home page sends you to sign in, and back home afterwards.
      await page.goto('/');
      assert.equal(pathOf(page), '/login');
      assert.equal(new URL(page.url()).searchParams.get('next'), '/');
      await assertVisible(page.getByRole('heading', { name: 'Sign in to Tend' }));
      await signIn(page, LOGINS.lead.email);
      assert.equal(pathOf(page), '/');
      await assertVisible(page.getByRole('heading', { level: 1, name: 'Hello, Jordan Lee' }));

      // The org chart shows the lead's report in the tree.
      await main(page).getByRole('link', { name: 'Org chart' }).click();
      await page.waitForURL('**/org');
      await assertVisible(page.getByRole('heading', { level: 1 }));
      const tree = page.getByRole('list', { name: 'Reporting lines' });
      await assertVisible(tree.getByRole('link', { name: 'Sam Patel', exact: true }));
      await assertVisible(tree.getByRole('link', { name: 'Jordan Lee', exact: true }));
      assert.equal(
        await main(page).getByRole('link', { name: 'Org chart' }).getAttribute('aria-current'),
        'page',
      );
      await shot(page, 'org-chart');

      // Own profile, edited in place: htmx swaps the #profile section, the page stays.
      await main(page).getByRole('link', { name: LOGINS.lead.name, exact: true }).click();
      await page.waitForURL(/\/people\/\d+$/);
      const profileUrl = page.url();
      await assertVisible(page.getByRole('heading', { level: 1, name: LOGINS.lead.name }));
      await page.evaluate(() => {
        window.__sameDocument = true;
      });

      await page.getByRole('button', { name: 'Edit profile' }).click();
      await assertVisible(page.getByRole('heading', { name: 'Edit your profile' }));
      assert.equal(page.url(), profileUrl, 'editing does not leave the page');

      const aspirations = `Grow into a staff engineer and mentor two people (${Date.now()}).`;
      await page.getByLabel('Individual contributor').check();
      await page.getByLabel('Aspirations', { exact: true }).fill(aspirations);
      await page.getByRole('button', { name: 'Save profile' }).click();

      await assertVisible(page.getByRole('heading', { name: 'Profile', exact: true }));
      await eventually(async () => {
        assert.equal(await textOf(profileCard(page, 'Aspirations').locator('p')), aspirations);
      });
      assert.equal(
        await textOf(profileCard(page, 'Career track').locator('p')),
        'Individual contributor',
      );
      assert.equal(await page.getByRole('heading', { name: 'Edit your profile' }).count(), 0);
      assert.equal(
        await page.evaluate(() => window.__sameDocument === true),
        true,
        'saving the profile swapped the section without a full page load',
      );
      assert.equal(page.url(), profileUrl);
      await shot(page, 'profile');

      // It was saved, not only shown.
      await page.reload();
      await assertVisible(page.getByRole('heading', { name: 'Profile', exact: true }));
      assert.equal(await textOf(profileCard(page, 'Aspirations').locator('p')), aspirations);
      assert.equal(
        await textOf(profileCard(page, 'Career track').locator('p')),
        'Individual contributor',
      );

      // Signing out lands on the sign-in page, and the session is really gone.
      await Promise.all([
        page.waitForURL('**/login'),
        main(page).getByRole('button', { name: 'Sign out' }).click(),
      ]);
      await assertVisible(page.getByRole('heading', { name: 'Sign in to Tend' }));
      assert.equal(await main(page).getByRole('button', { name: 'Sign out' }).count(), 0);
      await shot(page, 'signed-out');
      await page.goto(profileUrl);
      assert.equal(pathOf(page), '/login', 'after signing out, pages ask to sign in again');

      assertNoProblems(tab);
    });

    test(`a profile with a mistake keeps what was typed and says what is wrong ${at}`, async () => {
      const tab = await newPage(viewport);
      const { page } = tab;
      await signIn(page, LOGINS.member.email);
      await main(page).getByRole('link', { name: LOGINS.member.name, exact: true }).click();
      await page.waitForURL(/\/people\/\d+$/);
      const profileUrl = page.url();

      await page.getByRole('button', { name: 'Edit profile' }).click();
      await assertVisible(page.getByRole('heading', { name: 'Edit your profile' }));

      const timeZone = page.getByLabel('Time zone', { exact: true });
      const aspirationsBox = page.getByLabel('Aspirations', { exact: true });
      const aspirations = 'Learn to run incident reviews that people actually enjoy.';
      // The field offers only the tz database's zones; a form left open across an upgrade, or
      // tampered with, can still send another, and the server refuses it the same way.
      await timeZone.evaluate((select) => select.add(new Option('not a zone!', 'not a zone!')));
      await timeZone.selectOption('not a zone!');
      await aspirationsBox.fill(aspirations);
      await page.getByRole('button', { name: 'Save profile' }).click();

      // The form comes back (a 422, swapped in place) with the message beside the field.
      const fieldError = page.locator('#time_zone-error');
      await assertVisible(fieldError);
      assert.match(await textOf(fieldError), /is not a time zone name/);
      assert.match(await textOf(fieldError), /not a zone!/);
      assert.equal(await timeZone.getAttribute('aria-invalid'), 'true');
      assert.equal(await timeZone.getAttribute('aria-describedby'), 'time_zone-error');
      assert.equal(
        await timeZone.evaluate((input) => input.nextElementSibling?.id),
        'time_zone-error',
        'the message comes right after the field',
      );
      await assertVisible(page.getByRole('alert').filter({ hasText: 'Some fields need another look' }));

      // Nothing typed is lost.
      assert.equal(await timeZone.inputValue(), 'not a zone!');
      assert.equal(await aspirationsBox.inputValue(), aspirations);
      assert.equal(page.url(), profileUrl);
      await shot(page, 'profile-error');

      // And nothing was saved.
      await page.reload();
      assert.notEqual(await textOf(profileCard(page, 'Time zone').locator('p')), 'not a zone!');
      assert.notEqual(await textOf(profileCard(page, 'Aspirations').locator('p')), aspirations);

      assertNoProblems(tab);
    });

    test(`people search narrows the directory as you type ${at}`, async () => {
      const tab = await newPage(viewport);
      const { page } = tab;
      await signIn(page, LOGINS.member.email);
      await main(page).getByRole('link', { name: 'People', exact: true }).click();
      await page.waitForURL('**/people');
      await assertVisible(page.getByRole('heading', { level: 1, name: 'People' }));

      const rows = page.locator('#people-results tbody tr');
      const before = await rows.count();
      assert.ok(before > 5, `the directory lists people at first (${before} rows)`);
      // Members do not get the admin's controls.
      assert.equal(await page.getByRole('button', { name: 'Add a person' }).count(), 0);

      // htmx asks for the results fragment once typing pauses, and swaps it in.
      const searched = page.waitForResponse(
        (r) => new URL(r.url()).searchParams.get('q') === 'Jordan' && r.request().headers()['hx-request'] === 'true',
      );
      await page.getByLabel('Search by name or email').pressSequentially('Jordan', { delay: 30 });
      assert.equal((await searched).status(), 200);
      const results = page.locator('#people-results');
      await eventually(async () => {
        const count = await rows.count();
        assert.ok(count > 0 && count < before, `expected fewer rows than ${before}, have ${count}`);
        for (const name of await results.locator('tbody tr td:first-child a').allInnerTexts()) {
          assert.match(name, /jordan/i, `${name} matches the search`);
        }
      });
      await assertVisible(results.getByRole('link', { name: 'Jordan Lee', exact: true }));
      // The address follows the search, so it can be shared or reloaded.
      await eventually(async () => {
        assert.equal(new URL(page.url()).searchParams.get('q'), 'Jordan');
      });
      await shot(page, 'people-search');

      // Nobody matching says so.
      await page.getByLabel('Search by name or email').fill('zzzz-nobody');
      await assertVisible(results.getByText('Nobody matches'));

      // Cleared, the whole directory is back.
      await page.getByLabel('Search by name or email').fill('');
      await eventually(async () => assert.equal(await rows.count(), before));
      await assertVisible(page.getByLabel('Search by name or email'));
      await shot(page, 'people');

      // A bad address is the asker's mistake (400), said on a page, not a server error.
      const bad = await page.goto('/people?team=not-a-number');
      assert.equal(bad.status(), 400, 'a bad team parameter answers 400');
      await assertVisible(page.getByRole('heading', { level: 1 }));

      assertNoProblems(tab);
    });

    test(`an admin adds a person, picks the manager, fixes a bad email, creates the invite ${at}`, async () => {
      const tab = await newPage(viewport);
      const { page } = tab;
      await signIn(page, LOGINS.admin.email);

      // A person's page shows admins the Administration section.
      await main(page).getByRole('link', { name: 'People', exact: true }).click();
      await page.waitForURL('**/people');
      // (The name column: Jordan's name is also in the manager column of their reports' rows.)
      await page
        .locator('#people-results td.person-name')
        .getByRole('link', { name: LOGINS.lead.name, exact: true })
        .click();
      await page.waitForURL(/\/people\/\d+$/);
      await assertVisible(page.getByRole('heading', { level: 1, name: LOGINS.lead.name }));
      await assertVisible(page.getByRole('heading', { name: 'Administration' }));
      await assertVisible(page.getByRole('button', { name: 'Edit account' }));

      // Add a person.
      await main(page).getByRole('link', { name: 'People', exact: true }).click();
      await page.getByRole('button', { name: 'Add a person' }).click();
      await page.waitForURL('**/people/new');
      await assertVisible(page.getByRole('heading', { level: 1, name: 'Add a person' }));
      await page.evaluate(() => {
        window.__sameDocument = true;
      });

      // One new person per width, as they share the server.
      const name = viewport.name === 'phone' ? 'Casey Rivers' : 'Taylor Quinn';
      const email = `${name.toLowerCase().replace(' ', '.')}@example.com`;
      const nameBox = page.getByLabel('Name', { exact: true });
      const emailBox = page.getByLabel('Email', { exact: true });
      await nameBox.fill(name);
      await emailBox.fill('not-an-email');

      // The manager: part of a name typed, the suggestion chosen with the arrow keys and Enter.
      const manager = await personPicker(page, 'Manager');
      assert.equal(await manager.input.getAttribute('name'), 'manager');
      assert.equal(await manager.input.getAttribute('aria-expanded'), 'false');
      assert.equal(await manager.list.isHidden(), true, 'no suggestions before typing');
      await manager.type('Jordan');
      const jordan = manager.option(LOGINS.lead.name);
      await assertVisible(jordan);
      assert.equal(await textOf(jordan), `${LOGINS.lead.name} ${LOGINS.lead.email}`);
      await assertFloatsUnderField(manager);
      await shot(page, 'picker-manager');

      await manager.input.press('ArrowDown');
      assert.equal(await jordan.getAttribute('aria-selected'), 'true');
      assert.equal(
        await manager.input.getAttribute('aria-activedescendant'),
        await jordan.getAttribute('id'),
      );
      await manager.input.press('Enter');
      assert.equal(await manager.input.inputValue(), LOGINS.lead.email);
      await assertClosed(manager);
      assert.equal(
        await page.evaluate(() => window.__sameDocument === true),
        true,
        'Enter on a suggestion picks it and does not send the form',
      );
      assert.equal(await emailBox.inputValue(), 'not-an-email');

      // The browser itself refuses the address first...
      await page.getByRole('button', { name: 'Save' }).click();
      assert.equal(pathOf(page), '/people/new');
      assert.equal(await emailBox.evaluate((input) => input.validity.valid), false);

      // ...and where it does not check (no validation), the server says the same, keeping the form.
      await page.locator('form[action="/people"]').evaluate((form) => {
        form.noValidate = true;
      });
      const [refused] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/people')),
        page.getByRole('button', { name: 'Save' }).click(),
      ]);
      assert.equal(refused.status(), 422);
      await page.waitForLoadState();
      const emailError = page.locator('#email-error');
      await assertVisible(emailError);
      assert.match(await textOf(emailError), /not an email address/);
      await assertVisible(page.getByRole('alert'));
      assert.equal(await nameBox.inputValue(), name, 'the typed name is kept');
      assert.equal(await emailBox.inputValue(), 'not-an-email');
      const managerAgain = await personPicker(page, 'Manager');
      assert.equal(await managerAgain.input.inputValue(), LOGINS.lead.email, 'the picked manager is kept');
      await assertClosed(managerAgain);

      // Fixed, it saves and shows the new person's page, with the manager picked.
      await emailBox.fill(email);
      await Promise.all([
        page.waitForURL(/\/people\/\d+$/),
        page.getByRole('button', { name: 'Save' }).click(),
      ]);
      await assertVisible(page.getByRole('heading', { level: 1, name }));
      await assertVisible(page.getByText(email));
      const reportsTo = page
        .getByRole('article')
        .filter({ has: page.getByRole('heading', { name: 'Reports to', exact: true }) });
      await assertVisible(reportsTo.getByRole('link', { name: LOGINS.lead.name, exact: true }));

      // A new person has no password yet: the admin creates the invite link, shown once.
      await page.getByRole('button', { name: 'Create invite link' }).click();
      const notice = page.getByRole('status').filter({ hasText: `Invite link for ${name}` });
      await assertVisible(notice);
      const link = await textOf(page.locator('#invite-link'));
      assert.match(link, new RegExp(`^${session.server.url.replace(/[.]/g, '\\.')}/invite/\\S+$`));
      await assertVisible(page.getByRole('button', { name: 'Copy link' }));
      await shot(page, 'admin-person');

      // The invited person follows the link, chooses a password and is signed in.
      const invited = await newPage(viewport);
      await invited.page.goto(link);
      await assertVisible(invited.page.getByRole('heading', { name: `Welcome to Tend, ${name}` }));
      await invited.page.getByLabel('New password').fill('a long enough phrase');
      await invited.page.getByLabel('Repeat it').fill('a long enough phrase');
      await Promise.all([
        invited.page.waitForURL((url) => url.pathname === '/'),
        invited.page.getByRole('button', { name: 'Set password and sign in' }).click(),
      ]);
      await assertVisible(invited.page.getByRole('heading', { level: 1, name: `Hello, ${name}` }));

      assertNoProblems(tab, invited);
    });

    test(`the lead adds a member to their team with the picker, and a name nobody has is refused ${at}`, async () => {
      const tab = await newPage(viewport);
      const { page } = tab;
      await signIn(page, LOGINS.lead.email);

      // Jordan leads Platform (the demo puts a team around each manager).
      const teams = homeCard(page, 'Your teams');
      await teams.getByRole('link', { name: 'Platform', exact: true }).click();
      await page.waitForURL(/\/teams\/\d+$/);
      const teamUrl = page.url();
      await assertVisible(page.getByRole('heading', { level: 1, name: 'Platform' }));
      await assertVisible(page.getByText(`Led by ${LOGINS.lead.name}`));

      const members = membersSection(page);
      const memberLinks = members.getByRole('listitem').getByRole('link');
      // Someone in no team yet; another one per width, as the widths share the server.
      const newcomer =
        viewport.name === 'phone'
          ? { name: LOGINS.admin.name, email: LOGINS.admin.email, typed: 'Morg' }
          : { name: 'Robin Achterberg', email: 'ceo@example.com', typed: 'Achter' };
      await assertVisible(members.getByRole('link', { name: LOGINS.member.name, exact: true }));
      assert.equal(await members.getByRole('link', { name: newcomer.name }).count(), 0);
      const before = await memberLinks.count();

      // Part of the name, then the suggestion picked with the pointer.
      const picker = await personPicker(page, 'Add a member');
      assert.equal(await picker.input.getAttribute('name'), 'member');
      await picker.type(newcomer.typed);
      const suggestion = picker.option(newcomer.name);
      await assertVisible(suggestion);
      assert.equal(await textOf(suggestion), `${newcomer.name} ${newcomer.email}`);
      await assertFloatsUnderField(picker);
      await shot(page, 'picker-member');
      await press(suggestion, viewport);
      assert.equal(await picker.input.inputValue(), newcomer.email);
      await assertClosed(picker);
      assert.equal(
        await page.evaluate(() => document.activeElement?.id),
        'member',
        'the field keeps the focus after a pick',
      );

      const [added] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/members')),
        page.getByRole('button', { name: 'Add member' }).click(),
      ]);
      assert.ok(added.status() === 303 || added.status() === 302, `adding answers a redirect (${added.status()})`);
      await assertVisible(members.getByRole('link', { name: newcomer.name, exact: true }));
      assert.equal(page.url(), teamUrl);
      assert.equal(await memberLinks.count(), before + 1);
      assert.equal(await (await personPicker(page, 'Add a member')).input.inputValue(), '');

      // A name that matches nobody: the list says so and offers nothing to pick...
      const stranger = 'Nobody Called Zed';
      const picker2 = await personPicker(page, 'Add a member');
      await picker2.type(stranger);
      const none = picker2.list.getByRole('option', { name: /^Nobody matches/ });
      await assertVisible(none);
      assert.equal(await textOf(none), `Nobody matches “${stranger}”`);
      assert.equal(await none.getAttribute('aria-disabled'), 'true');
      // (Forced: Playwright will not press an aria-disabled element; a person can.)
      await press(none, viewport, { force: true });
      assert.equal(await picker2.input.inputValue(), stranger, 'the "nobody" line picks nothing');

      // ...and sending it anyway shows the form again (422) with a message, keeping the text.
      await picker2.input.press('Escape');
      await assertClosed(picker2);
      const [refused] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/members')),
        page.getByRole('button', { name: 'Add member' }).click(),
      ]);
      assert.equal(refused.status(), 422);
      await page.waitForLoadState();
      const error = page.locator('#member-error');
      await assertVisible(error);
      assert.match(await textOf(error), /does not match anyone/);
      assert.ok((await textOf(error)).includes(stranger), 'the message quotes what was typed');
      const picker3 = await personPicker(page, 'Add a member');
      assert.equal(await picker3.input.inputValue(), stranger, 'what was typed is kept');
      assert.equal(await picker3.input.getAttribute('aria-invalid'), 'true');
      assert.match(await picker3.input.getAttribute('aria-describedby'), /\bmember-error\b/);
      await assertClosed(picker3);
      assert.equal(await memberLinks.count(), before + 1, 'nobody else was added');
      await shot(page, 'team-member-error');

      // The lead edits the team but an admin chooses its lead: no Lead picker for them.
      // (A link styled as a button: Pico's role="button".)
      await page.getByRole('button', { name: 'Edit team' }).click();
      await page.waitForURL(/\/teams\/\d+\/edit$/);
      assert.equal(await page.getByRole('combobox', { name: 'Lead' }).count(), 0);
      await assertVisible(page.getByText('(an admin changes the lead)'));

      // Removing them (after saying yes to the question) puts the team back as it was.
      await page.goto(teamUrl);
      await page.getByRole('button', { name: `Remove ${newcomer.name} from Platform` }).click();
      await page.waitForURL(/\/remove$/);
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/remove')),
        page.getByRole('button', { name: `Remove ${newcomer.name}`, exact: true }).click(),
      ]);
      await page.waitForURL(teamUrl);
      await eventually(async () => {
        assert.equal(await members.getByRole('link', { name: newcomer.name }).count(), 0);
      });
      assert.equal(await memberLinks.count(), before);

      assertNoProblems(tab);
    });

    test(`the picker by keyboard alone: Escape closes the list, Tab moves on without picking ${at}`, async () => {
      const tab = await newPage(viewport);
      const { page } = tab;
      await signIn(page, LOGINS.lead.email);
      await main(page).getByRole('link', { name: 'Teams', exact: true }).click();
      await page.waitForURL('**/teams');
      await page.getByRole('link', { name: 'Platform', exact: true }).click();
      await page.waitForURL(/\/teams\/\d+$/);
      await assertVisible(page.getByRole('heading', { level: 1, name: 'Platform' }));
      const before = await membersSection(page).getByRole('listitem').count();

      const picker = await personPicker(page, 'Add a member');
      await tabTo(page, 'member');

      // A letter every email holds: a full list (it scrolls), the second suggestion highlighted.
      await picker.type('e');
      const all = picker.list.getByRole('option');
      assert.ok((await all.count()) > 4, `many suggestions for "e" (${await all.count()})`);
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      assert.equal(await all.nth(1).getAttribute('aria-selected'), 'true');
      await shot(page, 'picker-many');
      await assertFloatsUnderField(picker);
      await page.keyboard.press('Escape');
      await assertClosed(picker);
      await page.keyboard.press('Backspace');

      await picker.type('Sam');
      const options = picker.list.getByRole('option');
      await assertVisible(picker.option(LOGINS.member.name));
      const count = await options.count();

      // The arrows move through the suggestions, wrapping around.
      await page.keyboard.press('ArrowDown');
      assert.equal(await options.first().getAttribute('aria-selected'), 'true');
      assert.equal(
        await picker.input.getAttribute('aria-activedescendant'),
        await options.first().getAttribute('id'),
      );
      await page.keyboard.press('ArrowUp');
      assert.equal(await options.last().getAttribute('aria-selected'), 'true');
      assert.equal(
        await picker.input.getAttribute('aria-activedescendant'),
        await options.last().getAttribute('id'),
      );
      assert.equal(
        await picker.list.locator('[aria-selected="true"]').count(),
        1,
        `one option of ${count} is selected`,
      );

      // Escape closes the list, picks nothing and leaves the focus in the field.
      await page.keyboard.press('Escape');
      await assertClosed(picker);
      assert.equal(await picker.input.inputValue(), 'Sam');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'member');

      // Typing on opens it again; Tab then moves on to the button without picking.
      await picker.type(' P');
      await page.keyboard.press('ArrowDown');
      await assertOpen(picker);
      await page.keyboard.press('Tab');
      await assertClosed(picker);
      assert.equal(await picker.input.inputValue(), 'Sam P', 'Tab does not pick the highlighted one');
      assert.equal(
        await page.evaluate(() => document.activeElement?.textContent?.trim()),
        'Add member',
        'Tab moved on to the next control',
      );

      // Back in the field the list stays shut; Enter with nothing highlighted sends what was typed.
      await tabTo(page, 'member', { shift: true });
      assert.equal(await picker.list.isHidden(), true);
      const [refused] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/members')),
        page.keyboard.press('Enter'),
      ]);
      assert.equal(refused.status(), 422);
      await page.waitForLoadState();
      await assertVisible(page.locator('#member-error'));
      assert.equal(await (await personPicker(page, 'Add a member')).input.inputValue(), 'Sam P');
      assert.equal(await membersSection(page).getByRole('listitem').count(), before);

      assertNoProblems(tab);
    });

    test(`profiles are private: admins do not see them, the managers above do ${at}`, async () => {
      const admin = await newPage(viewport);
      await signIn(admin.page, LOGINS.admin.email);
      await openPersonFromDirectory(admin.page, LOGINS.member.name);
      const samUrl = admin.page.url();
      assert.equal(await admin.page.getByRole('heading', { name: 'Aspirations' }).count(), 0);
      assert.equal(await admin.page.locator('#profile').count(), 0);
      assert.equal(await admin.page.getByText('Not said yet').count(), 0);
      await assertVisible(admin.page.getByText(/profile \(aspirations, motivations, strengths\) is for them/));
      // The admin still manages the account.
      await assertVisible(admin.page.getByRole('heading', { name: 'Administration' }));

      const lead = await newPage(viewport);
      await signIn(lead.page, LOGINS.lead.email);
      await lead.page.goto(samUrl);
      await assertVisible(lead.page.getByRole('heading', { level: 1, name: LOGINS.member.name }));
      await assertVisible(lead.page.getByRole('heading', { name: 'Aspirations' }));
      await assertVisible(lead.page.getByRole('heading', { name: 'Strengths' }));
      // The manager reads the profile but does not edit it, and does not administer.
      assert.equal(await lead.page.getByRole('button', { name: 'Edit profile' }).count(), 0);
      assert.equal(await lead.page.getByRole('heading', { name: 'Administration' }).count(), 0);

      assertNoProblems(admin, lead);
    });
  }

  test(
    'the picker: emptying the field closes the list',
    async () => {
      const tab = await newPage();
      const { page } = tab;
      await signIn(page, LOGINS.admin.email);
      await page.goto('/people/new');
      const picker = await personPicker(page, 'Manager');
      await picker.type('Jordan');
      const cleared = page.waitForResponse((r) => new URL(r.url()).pathname === '/people/picker');
      await picker.input.fill('');
      await cleared;
      await page.waitForTimeout(300); // the answer's swap, which must not open the list
      await assertClosed(picker, { timeout: 1_000 });
    },
  );

  test(
    'the picker: Escape before the suggestions arrive keeps the list closed',
    async () => {
      const tab = await newPage();
      const { page } = tab;
      await signIn(page, LOGINS.admin.email);
      await page.goto('/people/new');
      const picker = await personPicker(page, 'Manager');
      const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/people/picker');
      await picker.input.pressSequentially('Jor', { delay: 20 });
      await picker.input.press('Escape');
      await answered;
      await page.waitForTimeout(300); // the answer's swap, which must not open the list
      await assertClosed(picker, { timeout: 1_000 });
      assert.equal(await picker.input.inputValue(), 'Jor');
    },
  );

  test('the directory fits a phone screen without sideways scrolling', async () => {
    const phone = VIEWPORTS.find((v) => v.name === 'phone');
    const tab = await newPage(phone);
    const { page } = tab;
    await signIn(tab.page, LOGINS.member.email);
    await page.goto('/people');
    await assertVisible(page.getByRole('heading', { level: 1, name: 'People' }));
    const width = await page.evaluate(() => ({
      content: document.documentElement.scrollWidth,
      viewport: document.documentElement.clientWidth,
    }));
    assert.ok(
      width.content <= width.viewport,
      `at phone width the page scrolls sideways: ${width.content}px of content in ${width.viewport}px`,
    );
  });
});
