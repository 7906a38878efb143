// Accessibility in a real browser: axe-core finds no violation on any page, at the desktop and
// phone widths, in light and dark; the focus ring is visible enough; focus and announcements
// after htmx swaps; error pages lead somewhere. One server for the file; a fresh browser context
// (own cookies) for each test.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  LOGINS,
  VIEWPORTS,
  assertVisible,
  axeViolations,
  contrast,
  describeViolations,
  eventually,
  focused,
  focusRing,
  openPage,
  parseColor,
  pathOf,
  personPicker,
  screenshot,
  signIn,
  tabUntilFocused,
  textOf,
  assertNoProblems,
  browserSession,
} from './support.mjs';

const session = browserSession();
/** A one-time invite link for a person with no password yet, made once for the file. */
let inviteLink;

const newPage = (...args) => session.newPage(...args);

const mainNav = (page) => page.getByRole('navigation', { name: 'Main', exact: true });

/**
 * Checks pages with axe, gathering every violation so one run reports them all. `visit` goes to
 * a URL (checking its status), `check` checks the page as it is now (after clicks); both leave
 * a screenshot named a11y-LABEL-WIDTH.
 */
function auditor(page, viewport, suffix = '') {
  const found = {};
  const check = async (label) => {
    const name = `${label}${suffix}`;
    found[`${name} (${viewport.name}, ${pathOf(page)})`] = await axeViolations(page);
    await screenshot(page, `a11y-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-${viewport.name}`, {
      caret: 'initial',
    });
  };
  return {
    check,
    async visit(label, url, status = 200) {
      const response = await page.goto(url);
      assert.equal(response.status(), status, `${url} answers ${status}`);
      await check(label);
    },
    assertClean() {
      const report = describeViolations(found);
      assert.equal(report, '', `axe found violations:\n${report}`);
      assert.ok(Object.keys(found).length > 0, 'some pages were checked');
    },
  };
}

/**
 * Makes the profile form's time zone one the server refuses. The field offers only real zones;
 * a form left open across an upgrade, or tampered with, can still send another.
 */
async function sendBadTimeZone(page) {
  const timeZone = page.getByLabel('Time zone', { exact: true });
  await timeZone.evaluate((select) => select.add(new Option('not a zone!', 'not a zone!')));
  await timeZone.selectOption('not a zone!');
}

/** The href of the first link named `name` (exactly) inside `scope`. */
async function hrefOf(scope, name) {
  const href = await scope.getByRole('link', { name, exact: true }).first().getAttribute('href');
  assert.ok(href, `a link named ${name}`);
  return href;
}

describe('Accessibility', { timeout: 600_000 }, () => {
  session.hooks();

  before(async () => {
    // A person with no password yet and their invite link (viewing it does not use it up).
    const { page, context } = await openPage(session.browser, session.server.url);
    await signIn(page, LOGINS.admin.email);
    await page.goto('/people/new');
    await page.getByLabel('Name', { exact: true }).fill('Riley Invited');
    await page.getByLabel('Email', { exact: true }).fill('riley.invited@example.com');
    await Promise.all([
      page.waitForURL(/\/people\/\d+$/),
      page.getByRole('button', { name: 'Save' }).click(),
    ]);
    await page.getByRole('button', { name: 'Create invite link' }).click();
    inviteLink = (await page.locator('#invite-link').innerText()).trim();
    await context.close();
  });

  for (const viewport of VIEWPORTS) {
    const at = `(${viewport.name})`;

    test(`axe: signed-out pages, the invite page and error pages ${at}`, async () => {
      const tab = await newPage(viewport);
      const { page } = tab;
      const axe = auditor(page, viewport);
      await axe.visit('sign-in', '/login');
      await axe.visit('invite', new URL(inviteLink).pathname);
      await axe.visit('error-404-signed-out', '/no-such-page', 404);
      await axe.visit('error-410', '/invite/no-such-token', 410);
      // A failed sign-in shows the form again with its message.
      await page.goto('/login');
      await page.getByLabel('Email', { exact: true }).fill(LOGINS.member.email);
      await page.getByLabel('Password', { exact: true }).fill('not the password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await assertVisible(page.getByRole('alert'));
      await axe.check('sign-in-failed');
      axe.assertClean();
    });

    test(`axe: every page the member sees ${at}`, async () => {
      const tab = await newPage(viewport);
      const { page } = tab;
      await signIn(page, LOGINS.member.email);
      const axe = auditor(page, viewport);
      await axe.visit('home-member', '/');
      const me = await hrefOf(mainNav(page), LOGINS.member.name);
      const team = await hrefOf(page.getByRole('article').filter({ hasText: 'Your teams' }), 'Platform');
      await axe.visit('people', '/people');
      await page.getByLabel('Search by name or email').pressSequentially('Jor', { delay: 30 });
      await eventually(async () => assert.equal(new URL(page.url()).searchParams.get('q'), 'Jor'));
      await assertVisible(page.locator('#people-results').getByRole('link', { name: 'Jordan Lee' }));
      await axe.check('people-live-search');
      await axe.visit('people-search', '/people?q=Jordan');
      await axe.visit('people-search-nobody', '/people?q=zzzz-nobody');
      await axe.visit('person-own-page', me);
      await page.getByRole('button', { name: 'Edit profile' }).click();
      await assertVisible(page.getByRole('heading', { name: 'Edit your profile' }));
      await axe.check('profile-edit-in-place');
      await sendBadTimeZone(page);
      await page.getByRole('button', { name: 'Save profile' }).click();
      await assertVisible(page.locator('#time_zone-error'));
      await axe.check('profile-edit-error');
      await page.getByLabel('Time zone', { exact: true }).selectOption('Europe/London');
      await page.getByRole('button', { name: 'Save profile' }).click();
      await assertVisible(page.getByText('Profile saved.'));
      await axe.check('profile-saved-in-place');
      await axe.visit('profile-page', '/profile');
      await axe.visit('org-chart', '/org');
      await axe.visit('teams', '/teams');
      await axe.visit('team-member-view', team);
      await axe.visit('alignment-member', '/alignment');
      await axe.visit('growth-own', me + '/growth');
      await axe.visit('lead-or-not-reflection', '/reflection');
      await axe.visit('objective-form-new', '/objectives/new');
      await axe.visit('settings', '/settings');
      // Surveys: the list, and the open pulse's answer form (found from the home page's notice),
      // also sent empty (a 422 with its message). Nothing is answered, so the file's later tests
      // find the survey open still.
      await axe.visit('surveys-member', '/surveys');
      await page.goto('/');
      const waiting = page.getByRole('region', { name: 'A survey is waiting for your answer' });
      const pulse = await hrefOf(waiting, 'Safe, clear, motivated');
      await axe.visit('survey-answer-form', pulse);
      await page.getByRole('button', { name: 'Send my answers' }).click();
      await assertVisible(page.getByRole('alert').filter({ hasText: 'answer at least one item' }));
      await axe.check('survey-answer-form-errors');
      await axe.visit('error-403', '/people/new', 403);
      await axe.visit('error-404-signed-in', '/people/999999', 404);
      await axe.visit('error-400', '/people?team=not-a-number', 400);
      axe.assertClean();
      assertNoProblems(tab);
    });

    test(`axe: every page the lead sees ${at}`, async () => {
      const tab = await newPage(viewport);
      const { page } = tab;
      await signIn(page, LOGINS.lead.email);
      const axe = auditor(page, viewport);
      await axe.visit('home-lead', '/');
      const people = page.getByRole('article').filter({ hasText: 'Your people' });
      const sam = await hrefOf(people, LOGINS.member.name);
      const team = await hrefOf(page.getByRole('article').filter({ hasText: 'Your teams' }), 'Platform');
      await axe.visit('person-report-as-lead', sam);
      await axe.visit('org-chart-from-lead', '/org?root=' + sam.split('/').pop());
      await axe.visit('team-lead-view', team);
      const picker = await personPicker(page, 'Add a member');
      await picker.type('Sam');
      await page.keyboard.press('ArrowDown');
      await axe.check('team-picker-open');
      await axe.visit('team-form-lead', `${team}/edit`);
      await axe.visit('growth-of-report', sam + '/growth');
      await axe.visit('fairness-report', team + '/fairness');
      await axe.visit('fairness-report-visibility', team + '/fairness?visibility_only=true&days=90');
      await axe.visit('alignment-lead', '/alignment');
      // Surveys: the list, running one, a wave's page with its counts, a wave's results (cards,
      // charts, the change since the last wave), the instruments and adding one.
      await axe.visit('surveys-lead', '/surveys');
      const waves = page.locator('main table tbody tr').filter({ has: page.locator('td small', { hasText: /^wave \d+$/ }) });
      const openWave = await hrefOf(waves.first(), 'Safe, clear, motivated');
      const lastResults = await hrefOf(waves.filter({ hasText: 'results' }).first(), 'results');
      await axe.visit('survey-form-new', '/surveys/new');
      await axe.visit('survey-lead-view', openWave);
      await axe.visit('survey-results-trend', lastResults);
      await axe.visit('instruments', '/instruments');
      await axe.visit('instrument-form-new', '/instruments/new');
      axe.assertClean();
      assertNoProblems(tab);
    });

    test(`axe: every page the admin sees ${at}`, async () => {
      const tab = await newPage(viewport);
      const { page } = tab;
      await signIn(page, LOGINS.admin.email);
      const axe = auditor(page, viewport);
      await axe.visit('home-admin', '/');
      await page.goto(`/people?q=${encodeURIComponent(LOGINS.lead.name)}`);
      const jordan = await hrefOf(page.locator('#people-results'), LOGINS.lead.name);
      await axe.visit('people-admin', '/people');
      await axe.visit('person-as-admin', jordan);
      await axe.visit('person-form-new', '/people/new');
      await axe.visit('person-form-edit', `${jordan}/edit`);
      // The form again with messages (a 422).
      await page.goto('/people/new');
      await page.locator('form[action="/people"]').evaluate((form) => {
        form.noValidate = true;
      });
      await page.getByRole('button', { name: 'Save' }).click();
      await assertVisible(page.getByRole('alert'));
      await axe.check('person-form-errors');
      await axe.visit('teams-admin', '/teams');
      await axe.visit('teams-archived', '/teams?archived=archived');
      await page.goto('/teams');
      const team = await hrefOf(page.locator('main table'), 'Platform');
      await axe.visit('team-admin-view', team);
      await axe.visit('team-form-new', '/teams/new');
      await axe.visit('team-form-edit', `${team}/edit`);
      await axe.visit('org-chart-deeper', '/org?depth=3');
      await axe.visit('settings-surveys', '/settings/surveys');
      // The organisation's survey: its results with the heatmap of teams.
      await axe.visit('surveys-admin', '/surveys');
      const fourStages = page.locator('main table tbody tr').filter({
        has: page.getByRole('link', { name: 'Four stages of psychological safety', exact: true }),
      });
      await axe.visit('survey-results-heatmap', await hrefOf(fourStages, 'results'));
      await assertVisible(page.getByRole('region', { name: 'By team' }).getByRole('table'));
      await axe.visit('settings-admin', '/settings');
      await page.getByLabel('Token name', { exact: true }).fill('a11y check');
      await Promise.all([
        page.waitForURL('**/settings**'),
        page.getByRole('button', { name: 'Create token' }).click(),
      ]);
      await assertVisible(page.getByText('Your new token'));
      await axe.check('settings-new-token');

      // A new person's invite link, shown once; they follow it and land home, where the changes
      // to their account are listed.
      await page.goto('/people/new');
      const name = `Quinn ${viewport.name === 'phone' ? 'Phone' : 'Desk'}`;
      await page.getByLabel('Name', { exact: true }).fill(name);
      await page.getByLabel('Email', { exact: true }).fill(`quinn.${viewport.name}@example.com`);
      await Promise.all([
        page.waitForURL(/\/people\/\d+$/),
        page.getByRole('button', { name: 'Save' }).click(),
      ]);
      await page.getByRole('button', { name: 'Create invite link' }).click();
      await assertVisible(page.getByRole('status').filter({ hasText: `Invite link for ${name}` }));
      await axe.check('person-invite-link');
      const link = await textOf(page.locator('#invite-link'));
      const invited = await newPage(viewport);
      await invited.page.goto(link);
      await invited.page.getByLabel('New password').fill('a long enough phrase');
      await invited.page.getByLabel('Repeat it').fill('a long enough phrase');
      await Promise.all([
        invited.page.waitForURL((url) => url.pathname === '/'),
        invited.page.getByRole('button', { name: 'Set password and sign in' }).click(),
      ]);
      const invitedAxe = auditor(invited.page, viewport);
      await invitedAxe.check('home-first-time');
      // The admin gives them a manager; their home page lists the change until they have seen it.
      const quinnUrl = new URL(page.url()).pathname;
      await page.goto(`${quinnUrl}/edit`);
      await page.getByRole('combobox', { name: 'Manager', exact: true }).fill(LOGINS.lead.email);
      await page.getByRole('combobox', { name: 'Manager', exact: true }).press('Escape');
      await Promise.all([
        page.waitForURL((url) => url.pathname === quinnUrl),
        page.getByRole('button', { name: 'Save' }).click(),
      ]);
      await invited.page.reload();
      await assertVisible(
        invited.page.getByRole('heading', { name: 'Changes to your account since you last looked' }),
      );
      await invitedAxe.check('home-account-changes');
      invitedAxe.assertClean();
      assertNoProblems(invited);
      axe.assertClean();
      assertNoProblems(tab);
    });
  }

  test('axe: the main pages in the dark colour scheme (desktop)', async () => {
    const viewport = VIEWPORTS[0];
    const tab = await newPage(viewport, { colorScheme: 'dark' });
    const { page } = tab;
    const axe = auditor(page, viewport, '-dark');
    await axe.visit('sign-in', '/login');
    await axe.visit('error-404-signed-out', '/no-such-page', 404);
    await signIn(page, LOGINS.lead.email);
    await axe.visit('home-lead', '/');
    const me = await hrefOf(mainNav(page), LOGINS.lead.name);
    await axe.visit('people', '/people');
    await axe.visit('person-own-page', me);
    await page.getByRole('button', { name: 'Edit profile' }).click();
    await assertVisible(page.getByRole('heading', { name: 'Edit your profile' }));
    await axe.check('profile-edit-in-place');
    await axe.visit('org-chart', '/org');
    await axe.visit('teams', '/teams');
    await axe.visit('settings', '/settings');
    await axe.visit('surveys', '/surveys');
    const results = page.locator('main table tbody tr').filter({ hasText: 'results' }).filter({
      has: page.getByRole('link', { name: 'Safe, clear, motivated', exact: true }),
    });
    await axe.visit('survey-results-trend', await hrefOf(results.first(), 'results'));
    axe.assertClean();
    assertNoProblems(tab);
  });

  for (const viewport of VIEWPORTS) {
    const at = `(${viewport.name})`;

    test(`error pages have the site navigation and a way back, signed out or in ${at}`, async () => {
      const tab = await newPage(viewport);
      const { page } = tab;

      // Signed out: the navigation is there, styled, and its links lead to the sign-in page.
      const missing = await page.goto('/no-such-page');
      assert.equal(missing.status(), 404);
      await assertVisible(page.getByRole('heading', { level: 1, name: 'Not found' }));
      const nav = mainNav(page);
      await assertVisible(nav);
      const names = await nav.getByRole('link').allInnerTexts();
      assert.deepEqual(
        names.map((n) => n.trim()),
        ['Tend', 'Home', 'People', 'Org chart', 'Teams', 'Settings'],
      );
      // (A link styled as a button: Pico's role="button".)
      await assertVisible(page.getByRole('button', { name: 'Go to the home page' }));
      assert.equal(
        await page.locator('.skip-link').evaluate((el) => getComputedStyle(el).position),
        'absolute',
        "Tend's own styles are loaded",
      );
      // Nothing came before it in Tend, so there is nothing to go back to.
      assert.equal(await page.getByRole('button', { name: 'Back to the previous page' }).count(), 0);
      await screenshot(page, `error-404-signed-out-${viewport.name}`);
      await Promise.all([
        page.waitForURL((url) => url.pathname === '/login'),
        nav.getByRole('link', { name: 'People', exact: true }).click(),
      ]);
      assert.equal(new URL(page.url()).searchParams.get('next'), '/people');

      // Signed in, coming from a page of Tend: the links work and Back returns there.
      await signIn(page, LOGINS.member.email);
      assert.equal(pathOf(page), '/people');
      await Promise.all([
        page.waitForURL('**/people/999999'),
        page.evaluate(() => {
          window.location.href = '/people/999999';
        }),
      ]);
      await assertVisible(page.getByRole('heading', { level: 1, name: 'Not found' }));
      await assertVisible(page.getByText('Error 404'));
      const back = page.getByRole('button', { name: 'Back to the previous page' });
      await assertVisible(back);
      await screenshot(page, `error-404-signed-in-${viewport.name}`);
      await Promise.all([page.waitForURL((url) => url.pathname === '/people'), back.click()]);
      await assertVisible(page.getByRole('heading', { level: 1, name: 'People' }));

      const forbidden = await page.goto('/people/new');
      assert.equal(forbidden.status(), 403);
      await Promise.all([
        page.waitForURL((url) => url.pathname === '/org'),
        mainNav(page).getByRole('link', { name: 'Org chart', exact: true }).click(),
      ]);
      await assertVisible(page.getByRole('list', { name: 'Reporting lines' }));
      await page.goto('/invite/no-such-token');
      await Promise.all([
        page.waitForURL((url) => url.pathname === '/'),
        page.getByRole('button', { name: 'Go to the home page' }).click(),
      ]);
      await assertVisible(page.getByRole('heading', { level: 1, name: `Hello, ${LOGINS.member.name}` }));
      assertNoProblems(tab);
    });
  }

  test('the profile page without JavaScript has its own h1', async () => {
    const tab = await newPage();
    const { page } = tab;
    await signIn(page, LOGINS.member.email);
    await page.goto('/profile');
    const h1 = page.getByRole('heading', { level: 1 });
    assert.equal(await h1.count(), 1, 'one h1');
    assert.equal(await textOf(h1), 'Edit your profile');
    assert.equal(await page.getByRole('heading', { level: 2, name: 'Edit your profile' }).count(), 0);
    // Swapped into the person's page it is an h2 under the person's name.
    await page.goto(await hrefOf(mainNav(page), LOGINS.member.name));
    await page.getByRole('button', { name: 'Edit profile' }).click();
    await assertVisible(page.getByRole('heading', { level: 2, name: 'Edit your profile' }));
    assert.equal(await textOf(page.getByRole('heading', { level: 1 })), LOGINS.member.name);
    assertNoProblems(tab);
  });

  for (const viewport of VIEWPORTS) {
    const at = `(${viewport.name})`;

    test(`in-place profile edits by keyboard keep the focus in the profile, say "saved" ${at}`, async () => {
      const tab = await newPage(viewport);
      const { page } = tab;
      await signIn(page, LOGINS.lead.email);
      await page.goto(await hrefOf(mainNav(page), LOGINS.lead.name));
      const announcer = page.locator('#announcer');
      assert.equal(await announcer.getAttribute('role'), 'status');

      // Edit profile: the form comes in and its heading has the focus.
      const edit = page.getByRole('button', { name: 'Edit profile' });
      await tabUntilFocused(page, edit);
      await page.keyboard.press('Enter');
      const formHeading = page.getByRole('heading', { name: 'Edit your profile' });
      await assertVisible(formHeading);
      await eventually(async () =>
        assert.deepEqual(await focused(page), { tag: 'h2', id: 'profile-heading', text: 'Edit your profile' }),
      );

      // A mistake: the focus goes to the field that needs another look.
      await sendBadTimeZone(page);
      const save = page.getByRole('button', { name: 'Save profile' });
      await save.focus();
      await page.keyboard.press('Enter');
      await assertVisible(page.locator('#time_zone-error'));
      await eventually(async () => assert.equal((await focused(page)).id, 'time_zone'));

      // Fixed and saved: the profile comes back, its heading has the focus, "saved" is said.
      await page.getByLabel('Time zone', { exact: true }).selectOption('Europe/Lisbon');
      await save.focus();
      await page.keyboard.press('Enter');
      const heading = page.getByRole('heading', { name: 'Profile', exact: true });
      await assertVisible(heading);
      await eventually(async () =>
        assert.deepEqual(await focused(page), { tag: 'h2', id: 'profile-heading', text: 'Profile' }),
      );
      await assertVisible(page.locator('#profile').getByText('Profile saved.'));
      const said = page.getByRole('status').filter({ hasText: 'Profile saved.' });
      await eventually(async () => assert.equal(await textOf(said), 'Profile saved.'));
      assert.equal(await said.getAttribute('id'), 'announcer', 'said by the status region that was there before');
      await screenshot(page, `profile-saved-${viewport.name}`, { caret: 'initial' });

      // Tab goes on from the heading into the profile, not back to the top of the page.
      await page.keyboard.press('Tab');
      assert.equal(await textOf(page.locator(':focus')), 'Edit profile');

      // Cancel brings the profile back with the focus on its heading; nothing new is said.
      await page.keyboard.press('Enter');
      await eventually(async () => assert.equal((await focused(page)).text, 'Edit your profile'));
      const cancel = page.locator('#profile').getByRole('link', { name: 'Cancel' });
      await cancel.focus();
      await page.keyboard.press('Enter');
      await assertVisible(heading);
      await eventually(async () => assert.equal((await focused(page)).text, 'Profile'));
      assert.equal(await page.locator('#profile').getByText('Profile saved.').count(), 0);
      assertNoProblems(tab);
    });

    test(`the live search keeps the focus in the search box ${at}`, async () => {
      const tab = await newPage(viewport);
      const { page } = tab;
      await signIn(page, LOGINS.member.email);
      await page.goto('/people');
      const box = page.getByLabel('Search by name or email');
      await box.focus();
      for (const text of ['Jor', 'dan']) {
        const swapped = page.evaluate(
          () =>
            new Promise((resolve) => {
              document.addEventListener('htmx:afterSettle', () => resolve(), { once: true });
            }),
        );
        await box.pressSequentially(text, { delay: 30 });
        await swapped;
        await page.waitForTimeout(100); // anything run after the swap has run
        assert.equal((await focused(page)).id, 'q', 'the search box keeps the focus');
      }
      assert.equal(await box.inputValue(), 'Jordan');
      const results = page.locator('#people-results');
      await assertVisible(results.getByRole('link', { name: 'Jordan Lee', exact: true }));
      assertNoProblems(tab);
    });
  }

  test('after a live search, opening a result and going back shows the whole page', async () => {
    const tab = await newPage();
    const { page } = tab;
    await signIn(page, LOGINS.member.email);
    await page.goto('/people');
    await page.getByLabel('Search by name or email').pressSequentially('Jordan', { delay: 30 });
    await eventually(async () => assert.equal(new URL(page.url()).searchParams.get('q'), 'Jordan'));
    const results = page.locator('#people-results');
    await results.getByRole('link', { name: 'Jordan Lee', exact: true }).click();
    await page.waitForURL(/\/people\/\d+$/);
    await assertVisible(page.getByRole('heading', { level: 1, name: 'Jordan Lee' }));

    await page.goBack();
    await page.waitForURL((url) => url.pathname === '/people' && url.searchParams.get('q') === 'Jordan');
    await page.waitForLoadState();
    // The whole page, styled: the header navigation, the heading, the search form, the results.
    await assertVisible(mainNav(page));
    await assertVisible(page.getByRole('heading', { level: 1, name: 'People' }));
    await assertVisible(page.getByLabel('Search by name or email'));
    await assertVisible(results.getByRole('link', { name: 'Jordan Lee', exact: true }));
    for (const sheet of ['pico.min.css', 'tend.css']) {
      const link = page.locator(`head link[rel="stylesheet"][href$="/${sheet}"]`);
      assert.equal(await link.count(), 1, `the page links ${sheet}`);
    }
    assert.equal(
      await page.locator('.skip-link').evaluate((el) => getComputedStyle(el).position),
      'absolute',
      'and they apply',
    );
    assert.equal(await page.locator('body > header').count(), 1);
    await screenshot(page, 'people-search-back-desktop');
    assertNoProblems(tab);
  });

  for (const colorScheme of ['light', 'dark']) {
    const title = `the focus ring stands out at least 3:1 on links, buttons, fields and picker options (${colorScheme})`;
    test(title, async () => {
      // Reduced motion: Pico's rings fade in, and the finished ring is the one to measure.
      const tab = await newPage(VIEWPORTS[0], { colorScheme, reducedMotion: 'reduce' });
      const { page } = tab;
      await signIn(page, LOGINS.lead.email);
      const measured = [];
      const measure = async (locator, what) => {
        await tabUntilFocused(page, locator);
        const ring = await focusRing(page);
        assert.ok(ring.ring, `${what} shows a focus ring`);
        const ratio = contrast(parseColor(ring.ring), parseColor(ring.back).slice(0, 3));
        measured.push(`${what}: ${ring.ring} on ${ring.back} = ${ratio.toFixed(2)}:1`);
        assert.ok(
          ratio >= 3,
          `the focus ring of ${what} is only ${ratio.toFixed(2)}:1 (${ring.ring} on ${ring.back})`,
        );
      };
      await page.goto('/people');
      await measure(mainNav(page).getByRole('link', { name: 'People', exact: true }), 'a navigation link');
      await measure(mainNav(page).getByRole('button', { name: 'Sign out' }), 'an outline button');
      await measure(page.getByLabel('Search by name or email'), 'a search field');
      await measure(page.getByLabel('Team', { exact: true }), 'a select');
      await measure(page.locator('#people-results').getByRole('link').first(), 'a link in a table');
      await page.goto('/settings');
      await measure(page.getByLabel('Current password'), 'a text field');
      await measure(page.getByRole('button', { name: 'Change password' }), 'a filled button');
      await page.goto('/');
      await measure(page.getByRole('button', { name: 'Open your profile' }), 'a link styled as a button');

      // The picker's highlighted option (the focus is in the field; the option is active).
      await page.goto('/teams');
      await page.getByRole('link', { name: 'Platform', exact: true }).click();
      await page.waitForURL(/\/teams\/\d+$/);
      const picker = await personPicker(page, 'Add a member');
      await tabUntilFocused(page, picker.input);
      await picker.type('Sam');
      await page.keyboard.press('ArrowDown');
      const option = picker.list.locator('[aria-selected="true"]');
      const colours = await option.evaluate((el) => ({
        option: getComputedStyle(el).backgroundColor,
        list: getComputedStyle(el.parentElement).backgroundColor,
        text: getComputedStyle(el).color,
      }));
      const ratio = contrast(parseColor(colours.option), parseColor(colours.list).slice(0, 3));
      measured.push(`picker option: ${colours.option} on ${colours.list} = ${ratio.toFixed(2)}:1`);
      assert.ok(ratio >= 3, `the highlighted option is only ${ratio.toFixed(2)}:1 against the list`);
      assert.ok(
        contrast(parseColor(colours.text), parseColor(colours.option).slice(0, 3)) >= 4.5,
        'its text reads against it',
      );
      await screenshot(page, `focus-ring-picker-${colorScheme}`);
      console.log(`focus rings (${colorScheme}):\n  ${measured.join('\n  ')}`);
      assertNoProblems(tab);
    });
  }
});
