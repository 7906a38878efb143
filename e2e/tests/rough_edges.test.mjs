// Rough edges a person met (issue "Holes and rough edges"), in a real browser against a real
// `tend demo` server: the org chart starts at you and unfolds in place, destructive actions ask
// first (with and without JavaScript), a team's lead stays in their team, and a new secret is
// shown once after a redirect, so reloading creates nothing.
// One server for the file; a fresh browser context (own cookies) for each test.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  LOGINS,
  VIEWPORTS,
  assertVisible,
  axeViolations,
  describeViolations,
  eventually,
  pathOf,
  screenshot,
  signIn,
  textOf,
  assertNoProblems,
  browserSession,
} from './support.mjs';

const session = browserSession();
const newPage = (...args) => session.newPage(...args);

/** Fails with axe's findings, if any, on the page as it is now. */
async function assertAccessible(page, label) {
  const report = describeViolations({ [label]: await axeViolations(page) });
  assert.equal(report, '', `axe found violations:\n${report}`);
}

const main = (page) => page.getByRole('navigation', { name: 'Main', exact: true });
const tree = (page) => page.getByRole('list', { name: 'Reporting lines' });
const heading = (page) => page.getByRole('heading', { level: 1 });
const membersSection = (page) => page.getByRole('region', { name: /^Members \(\d+\)$/ });

/** The page does not scroll sideways. */
async function assertFitsAcross(page) {
  const width = await page.evaluate(() => ({
    content: document.documentElement.scrollWidth,
    viewport: document.documentElement.clientWidth,
  }));
  assert.ok(width.content <= width.viewport, `the page scrolls sideways: ${width.content}px in ${width.viewport}px`);
}

describe('Rough edges, smoothed', { timeout: 300_000 }, () => {
  session.hooks();

  for (const viewport of VIEWPORTS) {
    const at = `(${viewport.name})`;
    const shot = (page, name) => screenshot(page, `${name}-${viewport.name}`);

    test(`the org chart starts at you, goes up, and unfolds reports in place ${at}`, async () => {
      const tab = await newPage(viewport);
      const { page } = tab;
      await signIn(page, LOGINS.member.email);
      await main(page).getByRole('link', { name: 'Org chart' }).click();
      await page.waitForURL('**/org');

      // Sam's own place: Sam, marked "you", with the way up to Jordan, not the whole company.
      assert.equal(await textOf(heading(page)), 'Org chart: your place');
      const me = tree(page).getByRole('listitem').filter({ has: page.getByRole('link', { name: LOGINS.member.name, exact: true }) });
      await assertVisible(me.getByText('you', { exact: true }));
      assert.equal(await tree(page).getByRole('link', { name: 'Robin Achterberg' }).count(), 0);
      await assertAccessible(page, `org-own-place ${at}`);
      await assertFitsAcross(page);
      await shot(page, 'org-own-place');

      await page.getByRole('link', { name: `↑ Up to ${LOGINS.lead.name}` }).click();
      await page.waitForURL(/\/org\?root=\d+/);
      assert.equal(await textOf(heading(page)), `Org chart from ${LOGINS.lead.name}`);
      await assertVisible(tree(page).getByRole('link', { name: LOGINS.member.name, exact: true }));
      await assertVisible(page.getByRole('link', { name: 'Your place' }));

      // From the top, one level: every top-level report folded, each a link that unfolds it.
      await page.getByRole('link', { name: 'Top of the organisation' }).click();
      await page.waitForURL(/root=top/);
      await page.goto('/org?root=top&depth=1');
      const unfold = tree(page).getByRole('link', { name: `5 reports of ${LOGINS.lead.name}` });
      await assertVisible(unfold);
      assert.equal(await tree(page).getByRole('link', { name: LOGINS.member.name, exact: true }).count(), 0);
      const url = page.url();
      await page.evaluate(() => {
        window.__sameDocument = true;
      });
      const [answer] = await Promise.all([
        page.waitForResponse((r) => /\/org\/\d+\/reports$/.test(new URL(r.url()).pathname)),
        unfold.click(),
      ]);
      assert.equal(answer.status(), 200);
      const unfolded = page.getByRole('list', { name: `Reports of ${LOGINS.lead.name}` });
      await assertVisible(unfolded);
      await assertVisible(unfolded.getByRole('link', { name: LOGINS.member.name, exact: true }));
      await assertVisible(unfolded.getByText('you', { exact: true }));
      assert.equal(page.url(), url, 'unfolding stays on the page');
      assert.equal(await page.evaluate(() => window.__sameDocument === true), true);
      assert.equal(await unfold.count(), 0, 'the link gave way to the list');
      // The focus moves into what came in, not back to the top of the page.
      await eventually(async () =>
        assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), `Reports of ${LOGINS.lead.name}`),
      );
      await assertAccessible(page, `org-unfolded ${at}`);
      await assertFitsAcross(page);
      await shot(page, 'org-unfolded');
      assertNoProblems(tab);
    });

    test(`a new token is shown once after a redirect; reloading creates no second one ${at}`, async () => {
      const tab = await newPage(viewport);
      const { page } = tab;
      await signIn(page, LOGINS.member.email);
      await page.goto('/settings');
      const name = `script-${viewport.name}`;
      await page.getByLabel('Token name', { exact: true }).fill(name);
      const [created] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/settings/tokens'),
        page.getByRole('button', { name: 'Create token' }).click(),
      ]);
      assert.equal(created.status(), 303);
      await page.waitForLoadState();
      assert.equal(pathOf(page), '/settings');
      const secret = await textOf(page.locator('#new-token'));
      assert.match(secret, /^tend_\S+$/);
      await shot(page, 'settings-new-token');

      // Reloading shows the page again, without the secret, and creates nothing.
      const reloaded = await page.reload();
      assert.equal(reloaded.request().method(), 'GET');
      assert.equal(await page.locator('#new-token').count(), 0, 'the secret is shown once');
      const revokes = page.getByRole('button', { name: `Revoke token ${name}`, exact: true });
      assert.equal(await revokes.count(), 1, 'one token, not two');
      assertNoProblems(tab);
    });

    test(`a lead stays in their team, and removing a member asks first ${at}`, async () => {
      const tab = await newPage(viewport);
      const { page } = tab;
      await signIn(page, LOGINS.lead.email);
      await page.goto('/teams');
      await page.getByRole('link', { name: 'Platform', exact: true }).click();
      await page.waitForURL(/\/teams\/\d+$/);
      const teamUrl = page.url();
      const members = membersSection(page);
      const lead = members.getByRole('listitem').filter({ has: page.getByRole('link', { name: LOGINS.lead.name, exact: true }) });
      await assertVisible(lead.getByText('lead', { exact: true }));
      assert.equal(await page.getByRole('button', { name: `Remove ${LOGINS.lead.name} from Platform` }).count(), 0);
      await assertVisible(page.getByText("A team's lead is always one of its members"));
      const before = await members.getByRole('listitem').count();
      const someone = members.getByRole('listitem').filter({ hasNot: page.getByText('lead', { exact: true }) }).first();
      const who = await textOf(someone.getByRole('link').first());
      await assertFitsAcross(page);
      await shot(page, 'team-members');

      // Remove leads to a question; Cancel changes nothing.
      await page.getByRole('button', { name: `Remove ${who} from Platform` }).click();
      await page.waitForURL(/\/remove$/);
      assert.equal(await textOf(heading(page)), `Remove ${who} from Platform?`);
      await assertAccessible(page, `confirm-remove ${at}`);
      await assertFitsAcross(page);
      await shot(page, 'confirm-remove-member');
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.waitForURL(teamUrl);
      assert.equal(await members.getByRole('listitem').count(), before);

      // Confirmed, they are out; adding them back puts the team as it was.
      await page.getByRole('button', { name: `Remove ${who} from Platform` }).click();
      await Promise.all([
        page.waitForURL(teamUrl),
        page.getByRole('button', { name: `Remove ${who}`, exact: true }).click(),
      ]);
      await eventually(async () => assert.equal(await members.getByRole('listitem').count(), before - 1));
      assert.equal(await members.getByRole('link', { name: who, exact: true }).count(), 0);
      assertNoProblems(tab);
    });
  }

  test('without JavaScript, archiving someone and revoking a token still ask first', async () => {
    const tab = await newPage(VIEWPORTS[0], { javaScriptEnabled: false });
    const { page } = tab;
    await signIn(page, LOGINS.admin.email);
    await page.goto(`/people?q=${encodeURIComponent('Robin')}`);
    await page.locator('#people-results').getByRole('link', { name: 'Robin Achterberg', exact: true }).click();
    await page.waitForURL(/\/people\/\d+$/);
    const person = page.url();
    await page.getByRole('button', { name: 'Archive' }).click();
    await page.waitForURL(/\/archive$/);
    assert.equal(await textOf(heading(page)), 'Archive Robin Achterberg?');
    await assertVisible(page.getByText(/signs Robin Achterberg out everywhere/));
    await screenshot(page, 'confirm-archive-person-nojs');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForURL(person);
    assert.equal(await page.getByText('archived', { exact: true }).count(), 0, 'Cancel archives nobody');

    // A token made and revoked, the revoke asked first.
    await page.goto('/settings');
    await page.getByLabel('Token name', { exact: true }).fill('no-js');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.waitForURL('**/settings');
    await assertVisible(page.locator('#new-token'));
    await page.getByRole('button', { name: 'Revoke token no-js' }).click();
    await page.waitForURL(/\/settings\/tokens\/\d+\/revoke$/);
    assert.equal(await textOf(heading(page)), 'Revoke the token “no-js”?');
    await screenshot(page, 'confirm-revoke-token-nojs');
    await page.getByRole('button', { name: 'Revoke token' }).click();
    await page.waitForURL('**/settings');
    assert.equal(await page.getByRole('button', { name: 'Revoke token no-js' }).count(), 0);
    assertNoProblems(tab);
  });

  test('the new pages pass axe in the dark colour scheme too', async () => {
    const tab = await newPage(VIEWPORTS[0], { colorScheme: 'dark' });
    const { page } = tab;
    await signIn(page, LOGINS.admin.email);
    await page.goto('/teams');
    await page.getByRole('link', { name: 'Platform', exact: true }).click();
    await page.waitForURL(/\/teams\/\d+$/);
    await assertAccessible(page, 'team-members-dark');
    await page.getByRole('button', { name: 'Archive team' }).click();
    await page.waitForURL(/\/archive$/);
    assert.equal(await textOf(heading(page)), 'Archive Platform?');
    await assertAccessible(page, 'confirm-archive-team-dark');
    await screenshot(page, 'confirm-archive-team-dark');
    await page.goto('/org?root=top');
    await assertAccessible(page, 'org-top-dark');
    assertNoProblems(tab);
  });

  test('without JavaScript, a folded person opens the chart from them', async () => {
    const tab = await newPage(VIEWPORTS[0], { javaScriptEnabled: false });
    const { page } = tab;
    await signIn(page, LOGINS.lead.email);
    await page.goto('/org?root=top&depth=1');
    await tree(page).getByRole('link', { name: `5 reports of ${LOGINS.lead.name}` }).click();
    await page.waitForURL(/\/org\?root=\d+$/);
    assert.equal(await textOf(heading(page)), 'Org chart: your place');
    await assertVisible(tree(page).getByRole('link', { name: LOGINS.member.name, exact: true }));
    assertNoProblems(tab);
  });
});
