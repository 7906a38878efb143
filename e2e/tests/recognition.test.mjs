// Recognition in a real browser against a real `tend demo` server: the lead recognises Sam for
// his effort, publicly, with a Markdown message; the feed shows it at the top with the Markdown
// rendered; the lead reacts 👏; Sam sees it in the feed and on his timeline. A private
// recognition from the lead to Sam reaches Sam and nobody else: Alex (an admin outside Sam's
// team) finds it on no page of the feed, no filter, not by its id and not on Sam's timeline. An
// empty message shows the form again with the mistake and the chosen person kept. At the
// desktop and phone widths, sharing one server.

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

/** Every private recognition this file gives carries this, so a third person may never see it. */
const PRIVATE_PREFIX = 'PRIVATE-RECOGNITION';

/** Picks with the pointer the phone or the desktop has: a tap on a touch screen, else a click. */
async function press(locator, viewport, options = {}) {
  if (viewport.context.hasTouch) await locator.tap(options);
  else await locator.click(options);
}

/** The feed's recognition cards, and the one whose message holds `text`. */
const cards = (page) => page.locator('article.recognition');
const cardWith = (page, text) => cards(page).filter({ hasText: text });

/** The reaction button `name` (clap, heart, tada, star) of a card. */
const reaction = (card, name) => card.locator(`button.reaction[value="${name}"]`);

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
 * A card fits the screen: nothing in it reaches past its right edge or is cut off, and its
 * reaction buttons are on screen, big enough to hit (for a finger on a touch screen) and not
 * covered by anything.
 */
async function assertCardFits(card, what, { touch = false } = {}) {
  const page = card.page();
  const viewport = page.viewportSize();
  const box = await card.boundingBox();
  assert.ok(box, `${what} has a box`);
  assert.ok(box.x >= 0 && box.x + box.width <= viewport.width + 0.5, `${what} fits the screen across`);
  const overflowing = await card.evaluate((el) => {
    const right = el.getBoundingClientRect().right;
    return [...el.querySelectorAll('*')]
      .filter((child) => child.getBoundingClientRect().right > right + 1 || child.scrollWidth > child.clientWidth + 1)
      .filter((child) => getComputedStyle(child).display !== 'inline')
      .map((child) => `${child.tagName.toLowerCase()}.${child.className}`);
  });
  assert.deepEqual(overflowing, [], `${what}: nothing sticks out of the card or is cut off`);
  const buttons = card.locator('button.reaction');
  assert.equal(await buttons.count(), 4, `${what} offers the four reactions`);
  for (let i = 0; i < 4; i += 1) {
    const button = buttons.nth(i);
    await button.scrollIntoViewIfNeeded();
    const b = await button.boundingBox();
    const label = await button.getAttribute('aria-label');
    assert.ok(b.x >= 0 && b.x + b.width <= viewport.width, `${what}: reaction ${label} is on screen`);
    // WCAG 2.2's minimum target is 24×24; a finger needs 44×44.
    const least = touch ? 44 : 24;
    assert.ok(
      b.width >= least && b.height >= least,
      `${what}: reaction ${label} is at least ${least}×${least} (${b.width}×${b.height})`,
    );
    const onTop = await button.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return hit === el || el.contains(hit);
    });
    assert.ok(onTop, `${what}: reaction ${label} is not covered`);
  }
}

/** Picks `person` (a LOGINS entry) in the "Who" picker of the give form, typing `typed`. */
async function pickRecipient(page, viewport, typed, person) {
  const picker = await personPicker(page, 'Who');
  assert.equal(await picker.input.getAttribute('id'), 'recipients');
  await picker.input.fill('');
  await picker.type(typed);
  const option = picker.option(person.name);
  await assertVisible(option, `the suggestions offer ${person.name}`);
  await press(option, viewport);
  // The field takes several people: picking adds the email and a comma for the next one.
  assert.equal((await picker.input.inputValue()).replace(/,\s*$/, ''), person.email, 'picking fills in the email');
  await assertClosed(picker);
}

/**
 * Fills in and sends the give form. Resolves with the POST's answer (a 303 when it worked) once
 * the browser has loaded what came after it.
 */
async function give(page, viewport, { to, typed, message, celebrates, visibility }) {
  if (to) await pickRecipient(page, viewport, typed, to);
  await page.locator('#message').fill(message);
  await page.locator('#celebrates').selectOption(celebrates);
  await page.locator('#visibility').selectOption(visibility);
  const [answer] = await Promise.all([
    page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/recognition',
    ),
    press(page.getByRole('button', { name: 'Recognise', exact: true }), viewport),
  ]);
  await page.waitForLoadState();
  return answer;
}

/** The id of a recognition card (`recognition-ID`). */
async function idOf(card) {
  const id = /^recognition-(\d+)$/.exec(await card.getAttribute('id'));
  assert.ok(id, 'a card carries its recognition id');
  return id[1];
}

/** Fails if the page's HTML (not only its visible text) holds `marker`. */
async function assertAbsent(page, marker, what) {
  const html = await page.content();
  assert.ok(!html.includes(marker), `${what} (${page.url()}) shows a private recognition to a third person`);
}

describe('Recognition in a browser', { timeout: 300_000 }, () => {
  session.hooks();

  for (const viewport of VIEWPORTS) {
    const at = `(${viewport.name})`;
    const shot = (page, name) => screenshot(page, `${name}-${viewport.name}`, { caret: 'initial' });

    test(`the lead recognises Sam, reacts, Sam sees it; private stays private ${at}`, async () => {
      const stamp = `${viewport.name} ${Date.now()}`;
      const bold = `Stayed late on the migration (${stamp})`;
      // A long link, as people paste them: it must wrap on the phone, not push the card wider.
      const link = 'https://wiki.example.com/engineering/migrations/2024-orders-database-runbook-with-every-step-and-rollback';
      const publicMessage = `**${bold}** and wrote down every step, so the rest of us could follow: ${link}`;
      const privateMarker = `${PRIVATE_PREFIX} ${stamp}`;
      const privateMessage = `${privateMarker}: thank you for owning up to the outage so openly.`;
      const axeFound = {};

      // ---- The lead opens Recognition from the menu and recognises Sam. ----
      const lead = await newPage(viewport);
      await signIn(lead.page, LOGINS.lead.email);
      await lead.page.getByRole('navigation', { name: 'Main', exact: true })
        .getByRole('link', { name: 'Recognition', exact: true }).click();
      await lead.page.waitForURL('**/recognition');
      await assertVisible(lead.page.getByRole('heading', { level: 1, name: 'Recognition' }));
      await assertVisible(lead.page.getByRole('heading', { level: 2, name: 'Recognise someone' }));
      assert.ok((await cards(lead.page).count()) > 0, 'the demo has recognition history');
      assert.ok(
        (await lead.page.locator('#value option').count()) > 1,
        'the demo has team values to pick from',
      );
      // The form starts on effort, for everyone.
      assert.equal(await lead.page.locator('#celebrates').inputValue(), 'effort');
      assert.equal(await lead.page.locator('#visibility').inputValue(), 'public');

      const given = await give(lead.page, viewport, {
        to: LOGINS.member,
        typed: 'Sam',
        message: publicMessage,
        celebrates: 'effort',
        visibility: 'public',
      });
      assert.equal(given.status(), 303, 'giving recognition answers 303');
      assert.equal(pathOf(lead.page), '/recognition');

      // The feed shows it first, Markdown rendered, with who, what and for whom.
      const top = cards(lead.page).first();
      await assertVisible(top);
      assert.equal(await textOf(top.locator('.recognition-message strong')), bold, 'the bold text is rendered');
      assert.ok(!(await textOf(top)).includes('**'), 'no Markdown asterisks show');
      const id = await idOf(top);
      assert.equal(new URL(lead.page.url()).hash, `#recognition-${id}`, 'the feed scrolls to the new card');
      assert.match(
        await textOf(top.locator('header')),
        new RegExp(`^${LOGINS.lead.name} recognised ${LOGINS.member.name} Effort`),
      );
      assert.match(await textOf(top.locator('footer')), /Everyone/);
      const samsLink = top.locator('header').getByRole('link', { name: LOGINS.member.name, exact: true });
      const samsId = /^\/people\/(\d+)$/.exec(await samsLink.getAttribute('href'))?.[1];
      assert.ok(samsId, "the card links to Sam's page");

      // ---- The lead reacts 👏: pressed, counted; the others stay unpressed. ----
      const clap = reaction(top, 'clap');
      assert.equal(await clap.getAttribute('aria-pressed'), 'false');
      assert.equal(await clap.getAttribute('aria-label'), 'clap: 0');
      await Promise.all([
        lead.page.waitForResponse(
          (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/recognition/${id}/react`,
        ),
        press(clap, viewport),
      ]);
      await lead.page.waitForLoadState();
      const card = lead.page.locator(`#recognition-${id}`);
      await eventually(async () => assert.equal(await reaction(card, 'clap').getAttribute('aria-pressed'), 'true'));
      assert.equal(await reaction(card, 'clap').getAttribute('aria-label'), 'clap: 1');
      assert.equal(await textOf(reaction(card, 'clap')), '👏 1', 'the count shows next to the emoji');
      for (const other of ['heart', 'tada', 'star']) {
        assert.equal(await reaction(card, other).getAttribute('aria-pressed'), 'false', `${other} is not pressed`);
      }
      assert.equal(pathOf(lead.page), '/recognition', 'reacting in the feed stays in the feed');

      // The feed on this screen: accessible, nothing sticks out, reactions usable.
      axeFound[`feed, lead (${viewport.name})`] = await axeViolations(lead.page);
      await assertNoSidewaysScroll(lead.page, 'the feed');
      const touch = Boolean(viewport.context.hasTouch);
      await assertCardFits(card, 'the new card', { touch });
      await assertCardFits(cards(lead.page).nth(1), 'an older card', { touch });
      await lead.page.evaluate(() => window.scrollTo(0, 0));
      await shot(lead.page, 'recognition-feed');

      // ---- Its own page: the giver may change and delete it. ----
      await Promise.all([
        lead.page.waitForURL(`**/recognition/${id}`),
        press(card.locator('footer').getByRole('link').first(), viewport),
      ]);
      await assertVisible(lead.page.locator(`#recognition-${id}`));
      await assertVisible(lead.page.getByText('Change it (for 15 minutes after giving it)'));
      await assertVisible(lead.page.getByRole('button', { name: 'Delete' }));
      assert.equal(await reaction(lead.page.locator(`#recognition-${id}`), 'clap').getAttribute('aria-pressed'), 'true');
      axeFound[`recognition page, giver (${viewport.name})`] = await axeViolations(lead.page);
      await assertNoSidewaysScroll(lead.page, 'the recognition page');
      await shot(lead.page, 'recognition-show');

      // ---- Sam sees it in his feed and on his timeline. ----
      const sam = await newPage(viewport);
      await signIn(sam.page, LOGINS.member.email);
      await sam.page.goto('/recognition');
      const samsCard = sam.page.locator(`#recognition-${id}`);
      await assertVisible(samsCard, 'Sam sees the recognition in the feed');
      assert.equal(await textOf(samsCard.locator('.recognition-message strong')), bold);
      assert.equal(await reaction(samsCard, 'clap').getAttribute('aria-label'), 'clap: 1', "Sam sees the lead's 👏");
      assert.equal(await reaction(samsCard, 'clap').getAttribute('aria-pressed'), 'false', 'but not as his own');

      await sam.page.goto(`/people/${samsId}/recognition`);
      await assertVisible(sam.page.getByRole('heading', { level: 1, name: `Recognition: ${LOGINS.member.name}` }));
      await assertVisible(sam.page.locator(`#recognition-${id}`), 'the recognition is on his timeline');
      assert.equal(await textOf(sam.page.locator(`#recognition-${id} .recognition-message strong`)), bold);

      // On the recipient's side the recognition page offers no change and no delete.
      await sam.page.goto(`/recognition/${id}`);
      await assertVisible(sam.page.locator(`#recognition-${id}`));
      assert.equal(await sam.page.getByText('Change it (for 15 minutes after giving it)').count(), 0);
      assert.equal(await sam.page.getByRole('button', { name: 'Delete' }).count(), 0);
      axeFound[`recognition page, recipient (${viewport.name})`] = await axeViolations(sam.page);

      // ---- A private recognition: Sam sees it, Alex (admin, not in Sam's team) does not. ----
      await lead.page.goto('/recognition');
      const privately = await give(lead.page, viewport, {
        to: LOGINS.member,
        typed: 'Pat',
        message: privateMessage,
        celebrates: 'progress',
        visibility: 'private',
      });
      assert.equal(privately.status(), 303);
      const privateCard = cards(lead.page).first();
      assert.match(await textOf(privateCard), new RegExp(privateMarker));
      assert.match(await textOf(privateCard.locator('footer')), /Only them/);
      const privateId = await idOf(privateCard);

      await sam.page.goto('/recognition');
      await assertVisible(sam.page.locator(`#recognition-${privateId}`), 'Sam sees the private recognition');
      assert.match(await textOf(sam.page.locator(`#recognition-${privateId}`)), new RegExp(privateMarker));
      await sam.page.goto(`/people/${samsId}/recognition`);
      await assertVisible(sam.page.locator(`#recognition-${privateId}`), 'and on his timeline');
      await shot(sam.page, 'recognition-timeline');

      const alex = await newPage(viewport);
      await signIn(alex.page, LOGINS.admin.email);
      // Every page of the feed, following "Older →" to the end.
      await alex.page.goto('/recognition');
      await assertVisible(alex.page.locator(`#recognition-${id}`), 'Alex sees the public recognition');
      for (let pages = 1; ; pages += 1) {
        await assertAbsent(alex.page, privateMarker, `feed page ${pages}`);
        assert.equal(await alex.page.locator(`#recognition-${privateId}`).count(), 0);
        const older = alex.page.getByRole('link', { name: 'Older →' });
        if ((await older.count()) === 0) break;
        assert.ok(pages < 50, 'the feed ends');
        await Promise.all([alex.page.waitForURL(/cursor=/), older.click()]);
      }
      // The feed filtered to Sam, to what it celebrates, to today.
      const today = new Date().toISOString().slice(0, 10);
      for (const query of [
        `person=${encodeURIComponent(LOGINS.member.email)}`,
        `person=${samsId}`,
        'celebrates=progress',
        `since=${today}`,
      ]) {
        await alex.page.goto(`/recognition?${query}`);
        await assertAbsent(alex.page, privateMarker, `the feed filtered by ${query}`);
      }
      await alex.page.goto(`/recognition?person=${samsId}`);
      await assertVisible(alex.page.locator(`#recognition-${id}`), 'the filter by person works');
      // Sam's timeline and the recognition's own page.
      await alex.page.goto(`/people/${samsId}/recognition`);
      await assertVisible(alex.page.locator(`#recognition-${id}`));
      await assertAbsent(alex.page, privateMarker, "Sam's timeline");
      const byId = await alex.page.goto(`/recognition/${privateId}`);
      assert.equal(byId.status(), 404, 'the private recognition is not found by its id');
      await assertAbsent(alex.page, privateMarker, 'the private recognition by id');
      const react = await alex.page.request.post(`/recognition/${privateId}/react`, {
        form: { reaction: 'clap', back: 'feed' },
        maxRedirects: 0,
      });
      assert.ok(react.status() >= 400 && react.status() < 500, `reacting to it is refused (${react.status()})`);

      // ---- An empty message: the form again, with the mistake and the person kept. ----
      await lead.page.goto('/recognition');
      const topBefore = await idOf(cards(lead.page).first());
      const refused = await give(lead.page, viewport, {
        to: LOGINS.member,
        typed: 'Sam',
        message: '   ',
        celebrates: 'outcome',
        visibility: 'team',
      });
      assert.equal(refused.status(), 422, 'an empty message is refused with 422');
      await assertVisible(lead.page.locator('#message-error'), 'the message field says what is wrong');
      assert.match(await textOf(lead.page.locator('#message-error')), /^What you noticed /);
      assert.equal(await lead.page.locator('#message').getAttribute('aria-invalid'), 'true');
      assert.match(await lead.page.locator('#message').getAttribute('aria-describedby'), /\bmessage-error\b/);
      await assertVisible(lead.page.getByRole('alert'));
      assert.equal((await lead.page.locator('#recipients').inputValue()).replace(/,\s*$/, ''), LOGINS.member.email, 'the person is kept');
      assert.equal(await lead.page.locator('#celebrates').inputValue(), 'outcome', 'what it celebrates is kept');
      assert.equal(await lead.page.locator('#visibility').inputValue(), 'team', 'who sees it is kept');
      assert.equal(await idOf(cards(lead.page).first()), topBefore, 'nothing was given');
      axeFound[`feed with a mistake (${viewport.name})`] = await axeViolations(lead.page);
      await assertNoSidewaysScroll(lead.page, 'the feed with a mistake');
      await shot(lead.page, 'recognition-mistake');

      // ---- The giver deletes the private one, through the confirm page. ----
      await lead.page.goto(`/recognition/${privateId}`);
      await Promise.all([
        lead.page.waitForURL(`**/recognition/${privateId}/delete`),
        press(lead.page.getByRole('button', { name: 'Delete' }), viewport),
      ]);
      await assertVisible(lead.page.getByRole('heading', { level: 1, name: 'Delete this recognition?' }));
      axeFound[`delete confirm (${viewport.name})`] = await axeViolations(lead.page);
      await Promise.all([
        lead.page.waitForURL((url) => url.pathname === '/recognition'),
        press(lead.page.getByRole('button', { name: 'Delete recognition' }), viewport),
      ]);
      assert.equal(await lead.page.locator(`#recognition-${privateId}`).count(), 0);
      await sam.page.goto('/recognition');
      assert.equal(await sam.page.locator(`#recognition-${privateId}`).count(), 0, 'it is gone for Sam too');
      await assertVisible(sam.page.locator(`#recognition-${id}`), 'the public one stays');

      const axeReport = describeViolations(axeFound);
      assert.equal(axeReport, '', `axe found violations:\n${axeReport}`);
      assertNoProblems(lead, sam, alex);
    });
  }
});
