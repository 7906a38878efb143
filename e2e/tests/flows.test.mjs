// The main things people do in Tend, in a real browser against a real `tend demo` server.
// One server for the file; a fresh browser context (own cookies) for each test.

import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  LOGINS,
  assertVisible,
  eventually,
  launchBrowser,
  openPage,
  pathOf,
  screenshot,
  signIn,
  startServer,
  textOf,
} from './support.mjs';

let server;
let browser;
/** Contexts opened by the running test, closed after it. */
let open = [];

async function newPage() {
  const opened = await openPage(browser, server.url);
  open.push(opened);
  return opened;
}

/** Fails the test if the browser saw script errors, CSP violations or server errors. */
function assertNoProblems(...pages) {
  const problems = pages.flatMap((p) => p.problems);
  assert.deepEqual(problems, [], `the browser saw problems:\n${problems.join('\n')}`);
}

const main = (page) => page.getByRole('navigation', { name: 'Main', exact: true });
const profileRegion = (page) => page.locator('#profile');
/** The article in the profile grid under the heading `title`. */
const profileCard = (page, title) =>
  profileRegion(page)
    .getByRole('article')
    .filter({ has: page.getByRole('heading', { name: title, exact: true }) });

/** Opens a person's page by searching the directory for them and following their name. */
async function openPersonFromDirectory(page, name) {
  await page.goto(`/people?q=${encodeURIComponent(name)}`);
  await page.locator('#people-results').getByRole('link', { name, exact: true }).click();
  await page.waitForURL(/\/people\/\d+$/);
  await assertVisible(page.getByRole('heading', { level: 1, name, exact: true }));
}

describe('Tend in a browser', { timeout: 120_000 }, () => {
  before(async () => {
    [server, browser] = await Promise.all([startServer({ people: 40 }), launchBrowser()]);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  afterEach(async () => {
    for (const { context } of open) await context.close();
    open = [];
  });

  test("the lead's week: sign in, org chart, edit the profile in place, sign out", async () => {
    const tab = await newPage();
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
    await screenshot(page, 'org-chart');

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
    await screenshot(page, 'profile');

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
    await screenshot(page, 'signed-out');
    await page.goto(profileUrl);
    assert.equal(pathOf(page), '/login', 'after signing out, pages ask to sign in again');

    assertNoProblems(tab);
  });

  test('a profile with a mistake keeps what was typed and says what is wrong', async () => {
    const tab = await newPage();
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
    await timeZone.fill('not a zone!');
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
    await screenshot(page, 'profile-error');

    // And nothing was saved.
    await page.reload();
    assert.notEqual(await textOf(profileCard(page, 'Time zone').locator('p')), 'not a zone!');
    assert.notEqual(await textOf(profileCard(page, 'Aspirations').locator('p')), aspirations);

    assertNoProblems(tab);
  });

  test('people search narrows the directory as you type, also on a phone', async () => {
    const tab = await newPage();
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
    await screenshot(page, 'people-search');

    // Nobody matching says so.
    await page.getByLabel('Search by name or email').fill('zzzz-nobody');
    await assertVisible(results.getByText('Nobody matches'));

    // Phone width: the same page, cleared search.
    await page.getByLabel('Search by name or email').fill('');
    await eventually(async () => assert.equal(await rows.count(), before));
    await page.setViewportSize({ width: 390, height: 844 });
    await assertVisible(page.getByRole('heading', { level: 1, name: 'People' }));
    await assertVisible(page.getByLabel('Search by name or email'));
    await screenshot(page, 'people-phone');

    assertNoProblems(tab);
  });

  test(
    'the directory fits a phone screen without sideways scrolling',
    async () => {
      const tab = await newPage();
      const { page } = tab;
      await page.setViewportSize({ width: 390, height: 844 });
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
    },
  );

  test('an admin adds a person, fixes a bad email, and creates their invite link', async () => {
    const tab = await newPage();
    const { page } = tab;
    await signIn(page, LOGINS.admin.email);

    // A person's page shows admins the Administration section.
    await main(page).getByRole('link', { name: 'People', exact: true }).click();
    await page.waitForURL('**/people');
    await page
      .locator('#people-results')
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

    const name = 'Taylor Quinn';
    const nameBox = page.getByLabel('Name', { exact: true });
    const emailBox = page.getByLabel('Email', { exact: true });
    await nameBox.fill(name);
    await emailBox.fill('not-an-email');
    await page.getByLabel("Manager's email").fill(LOGINS.lead.email);

    // The browser itself refuses the address first...
    await page.getByRole('button', { name: 'Save' }).click();
    assert.equal(pathOf(page), '/people/new');
    assert.equal(await emailBox.evaluate((input) => input.validity.valid), false);

    // ...and where it does not check (no validation), the server says the same, keeping the form.
    await page.locator('form[action="/people"]').evaluate((form) => {
      form.noValidate = true;
    });
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/people')),
      page.getByRole('button', { name: 'Save' }).click(),
    ]);
    await page.waitForLoadState();
    const emailError = page.locator('#email-error');
    await assertVisible(emailError);
    assert.match(await textOf(emailError), /not an email address/);
    await assertVisible(page.getByRole('alert'));
    assert.equal(await nameBox.inputValue(), name, 'the typed name is kept');
    assert.equal(await emailBox.inputValue(), 'not-an-email');
    assert.equal(await page.getByLabel("Manager's email").inputValue(), LOGINS.lead.email);

    // Fixed, it saves and shows the new person's page.
    await emailBox.fill('taylor.quinn@example.com');
    await Promise.all([
      page.waitForURL(/\/people\/\d+$/),
      page.getByRole('button', { name: 'Save' }).click(),
    ]);
    await assertVisible(page.getByRole('heading', { level: 1, name }));
    await assertVisible(page.getByText('taylor.quinn@example.com'));
    await assertVisible(page.getByRole('link', { name: LOGINS.lead.name, exact: true }));

    // A new person has no password yet: the admin creates the invite link, shown once.
    await page.getByRole('button', { name: 'Create invite link' }).click();
    const notice = page.getByRole('status').filter({ hasText: `Invite link for ${name}` });
    await assertVisible(notice);
    const link = await textOf(page.locator('#invite-link'));
    assert.match(link, new RegExp(`^${server.url.replace(/[.]/g, '\\.')}/invite/\\S+$`));
    await assertVisible(page.getByRole('button', { name: 'Copy link' }));
    await screenshot(page, 'admin-person');

    // The invited person follows the link, chooses a password and is signed in.
    const invited = await newPage();
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

  test('profiles are private: admins do not see them, the managers above do', async () => {
    const admin = await newPage();
    await signIn(admin.page, LOGINS.admin.email);
    await openPersonFromDirectory(admin.page, LOGINS.member.name);
    const samUrl = admin.page.url();
    assert.equal(await admin.page.getByRole('heading', { name: 'Aspirations' }).count(), 0);
    assert.equal(await admin.page.locator('#profile').count(), 0);
    assert.equal(await admin.page.getByText('Not said yet').count(), 0);
    await assertVisible(admin.page.getByText(/profile \(aspirations, motivations, strengths\) is for them/));
    // The admin still manages the account.
    await assertVisible(admin.page.getByRole('heading', { name: 'Administration' }));

    const lead = await newPage();
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
});
