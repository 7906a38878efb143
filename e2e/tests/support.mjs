// Shared pieces of the browser tests: a `tend demo` server of its own in a fresh temporary
// directory, Debian's Chromium driven by playwright-core, signing in, and screenshots.
//
// Not a test file itself: `node --test e2e/tests/` runs only files named *.test.mjs.

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import assert from 'node:assert/strict';
import { after, afterEach, before } from 'node:test';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The e2e/ folder. */
export const E2E_DIR = path.resolve(here, '..');
export const SCREENSHOT_DIR = path.join(E2E_DIR, 'screenshots');

export const DEMO_PASSWORD = 'tend-demo';
export const LOGINS = {
  lead: { email: 'lead@example.com', name: 'Jordan Lee' },
  member: { email: 'member@example.com', name: 'Sam Patel' },
  admin: { email: 'admin@example.com', name: 'Alex Morgan' },
};

/**
 * The widths every main flow runs at. The phone is a touch screen (`isMobile`, `hasTouch`), so
 * a flow can tap there where it clicks on the desktop.
 */
export const VIEWPORTS = [
  { name: 'desktop', context: { viewport: { width: 1280, height: 800 } } },
  {
    name: 'phone',
    context: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  },
];

const STARTUP_TIMEOUT_MS = 60_000;
const READY = /Tend is running at (http:\/\/\S+)/;

/**
 * Starts `tend demo` on a system-chosen port with a database in a new temporary directory.
 * Resolves once the server prints that it is listening. Call `stop()` when done: it ends the
 * server and removes the directory.
 */
export async function startServer({ people = 40 } = {}) {
  const bin = process.env.TEND_BIN || path.resolve(E2E_DIR, '../target/debug/tend');
  const dir = mkdtempSync(path.join(tmpdir(), 'tend-e2e-'));
  const child = spawn(
    bin,
    [
      'demo',
      '--database-url', `sqlite://${path.join(dir, 'demo.db')}`,
      '--listen', '127.0.0.1:0',
      '--people', String(people),
    ],
    {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Quiet request logs; warnings and errors still reach `output()` for failure reports.
      env: { ...process.env, TEND_LOG: process.env.TEND_LOG || 'warn' },
    },
  );

  // Keep the tail of everything the server says, to explain a failure.
  let log = '';
  const keep = (chunk) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stderr.on('data', keep);

  let exited = null;
  const exit = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
  });

  const url = await new Promise((resolve, reject) => {
    let stdout = '';
    let settled = false;
    const fail = (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      error.message += `\n--- ${bin} output ---\n${stdout}${log}`;
      reject(error);
    };
    const timer = setTimeout(() => {
      fail(new Error(`tend did not say it was running within ${STARTUP_TIMEOUT_MS / 1000} s`));
    }, STARTUP_TIMEOUT_MS);
    child.on('error', (error) => fail(new Error(`cannot start ${bin}: ${error.message}`)));
    exit.then(({ code, signal }) => {
      fail(new Error(`tend exited (code ${code}, signal ${signal}) before it was running`));
    });
    child.stdout.on('data', (chunk) => {
      keep(chunk);
      if (settled) return;
      stdout += chunk.toString();
      const found = READY.exec(stdout);
      if (found) {
        settled = true;
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
  });

  return {
    url,
    dir,
    /** What the server wrote lately, for failure messages. */
    output: () => log,
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        let timer;
        const stopped = await Promise.race([
          exit,
          new Promise((resolve) => {
            timer = setTimeout(() => resolve(null), 10_000);
          }),
        ]);
        clearTimeout(timer);
        if (!stopped) {
          child.kill('SIGKILL');
          await exit;
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, headless. Playwright's own browser builds are never downloaded. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * A fresh browser context (its own cookies) and a page in it, with relative URLs resolved
 * against the server. `problems` collects what a person would not see but should not happen:
 * uncaught script errors, console errors (a CSP violation shows as one) and server errors.
 */
export async function openPage(browser, baseURL, options = {}) {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1280, height: 800 },
    locale: 'en-GB',
    ...options,
  });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
  page.on('console', (message) => {
    // Chromium reports every 4xx answer to a fetch as "Failed to load resource"; a 422 for a
    // form with mistakes is expected, so only other console errors count.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`console error: ${message.text()}`);
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 500) {
      problems.push(`HTTP ${response.status()} for ${response.request().method()} ${response.url()}`);
    }
  });
  return { context, page, problems };
}

/** Signs in through the form on /login (going there first unless the page is already on it). */
export async function signIn(page, email, password = DEMO_PASSWORD) {
  if (new URL(page.url(), 'http://x').pathname !== '/login') {
    await page.goto('/login');
  }
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await Promise.all([
    page.waitForURL((url) => url.pathname !== '/login'),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
}

/**
 * Saves a full-page screenshot to e2e/screenshots/NAME.png and returns its path. `options` go to
 * Playwright: `{ caret: 'initial' }` before an htmx swap of a form, since hiding the caret leaves
 * `style=""` on the fields, which htmx copies to the new ones and the CSP refuses.
 */
export async function screenshot(page, name, options = {}) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, ...options });
  return file;
}

/** Retries `check` (which throws while not yet true) until it passes or `timeout` ms pass. */
export async function eventually(check, { timeout = 5_000, interval = 100 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(interval);
    }
  }
}

/** The text of a locator with runs of white space made single spaces. */
export async function textOf(locator) {
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

/** Fails when `locator` matches nothing visible. */
export async function assertVisible(locator, message) {
  try {
    await locator.first().waitFor({ state: 'visible' });
  } catch (error) {
    assert.fail(`${message ?? `${locator} is not visible`}\n${error.message}`);
  }
}

/** The path of the page's current URL. */
/** Fails the test if the browser saw script errors, CSP violations or server errors. */
export function assertNoProblems(...pages) {
  const problems = pages.flatMap((p) => p.problems);
  assert.deepEqual(problems, [], `the browser saw problems:\n${problems.join('\n')}`);
}

export function pathOf(page) {
  return new URL(page.url()).pathname;
}

/**
 * A person picker (templates/macros.html `person_picker`) found by its label: the combobox
 * and the listbox it controls (found through `aria-controls`, so the wiring is checked too).
 */
export async function personPicker(page, label) {
  const input = page.getByRole('combobox', { name: label, exact: true });
  await assertVisible(input, `no person picker labelled "${label}"`);
  const controls = await input.getAttribute('aria-controls');
  assert.ok(controls, `the "${label}" picker names the list it controls`);
  const list = page.locator(`[id="${controls}"]`);
  assert.equal(await list.getAttribute('role'), 'listbox');
  return {
    input,
    list,
    /** The suggestion whose text starts with `name` (the name, then the email). */
    option: (name) => list.getByRole('option', { name: new RegExp(`^${escapeRegExp(name)}\\b`) }),
    /** Types `text` key by key, as a person would, and waits for the suggestions to show. */
    async type(text) {
      const name = await input.getAttribute('name');
      const expected = (await input.inputValue()) + text;
      const answered = page.waitForResponse((r) => {
        const url = new URL(r.url());
        return (
          url.pathname === '/people/picker' &&
          url.searchParams.get(name) === expected &&
          r.request().headers()['hx-request'] === 'true'
        );
      });
      await input.pressSequentially(text, { delay: 40 });
      const response = await answered;
      assert.equal(response.status(), 200, 'the suggestions answer 200');
      await assertOpen(this);
    },
  };
}

/** The picker's list shows and the field says so. */
export async function assertOpen({ input, list }) {
  await assertVisible(list, 'the suggestions list opens');
  await eventually(async () => assert.equal(await input.getAttribute('aria-expanded'), 'true'));
}

/** The picker's list is hidden and the field says so, with no option active. */
export async function assertClosed({ input, list }, { timeout = 5_000 } = {}) {
  await eventually(async () => {
    assert.equal(await list.isHidden(), true, 'the suggestions list is hidden');
    assert.equal(await input.getAttribute('aria-expanded'), 'false');
    assert.equal(await input.getAttribute('aria-activedescendant'), null);
  }, { timeout });
}

/**
 * The open list floats right under its field, as wide as it, inside the screen, on top of what
 * follows, and its options' text is not clipped; and the page does not scroll sideways.
 */
export async function assertFloatsUnderField({ input, list }) {
  const field = await input.boundingBox();
  const box = await list.boundingBox();
  const page = input.page();
  const viewport = page.viewportSize();
  assert.ok(field && box, 'the field and its list have boxes');
  assert.ok(
    box.y >= field.y + field.height - 1 && box.y <= field.y + field.height + 24,
    `the list starts right under the field (field ends at ${field.y + field.height}, list starts at ${box.y})`,
  );
  assert.ok(Math.abs(box.x - field.x) <= 2, `the list lines up with the field (${box.x} vs ${field.x})`);
  assert.ok(
    Math.abs(box.width - field.width) <= 2,
    `the list is as wide as the field (${box.width} vs ${field.width})`,
  );
  assert.ok(box.x >= 0 && box.x + box.width <= viewport.width, 'the list fits the screen across');
  assert.equal(
    await list.evaluate((el) => getComputedStyle(el).position),
    'absolute',
    'the list floats instead of pushing the form down',
  );
  const options = list.getByRole('option');
  const count = await options.count();
  assert.ok(count > 0, 'the open list has options');
  for (let i = 0; i < count; i += 1) {
    const option = options.nth(i);
    await option.scrollIntoViewIfNeeded();
    const facts = await option.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return {
        onTop: hit === el || el.contains(hit),
        clipped: el.scrollWidth > el.clientWidth + 1,
        text: el.textContent.trim(),
      };
    });
    assert.ok(facts.onTop, `option "${facts.text}" is on top, not covered by the page`);
    assert.ok(!facts.clipped, `option "${facts.text}" is not cut off`);
  }
  const width = await page.evaluate(() => ({
    content: document.documentElement.scrollWidth,
    viewport: document.documentElement.clientWidth,
  }));
  assert.ok(
    width.content <= width.viewport,
    `with the list open the page scrolls sideways: ${width.content}px in ${width.viewport}px`,
  );
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---- accessibility ----

const requireFromHere = createRequire(import.meta.url);
let axeSource;

/**
 * Runs axe-core (from the npm registry, e2e/package.json) on the page as it is now and returns
 * its violations, each as `{ id, impact, help, nodes: [{ target, summary }] }`. axe is put into
 * the page through the DevTools protocol (`page.evaluate`), which the page's CSP does not govern,
 * so the page runs under its real policy. The default rule set: WCAG 2.0–2.2 A and AA, and the
 * best practices (landmarks, heading order…).
 */
export async function axeViolations(page) {
  axeSource ??= readFileSync(requireFromHere.resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const { violations } = await page.evaluate(() =>
    window.axe.run(document, { resultTypes: ['violations'] }),
  );
  return violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
  }));
}

/** Violations found per page (`{ label: violations }`) as a readable report. */
export function describeViolations(found) {
  return Object.entries(found)
    .filter(([, violations]) => violations.length > 0)
    .map(([label, violations]) =>
      [
        `${label}:`,
        ...violations.flatMap((v) => [
          `  ${v.id} (${v.impact}): ${v.help}`,
          ...v.nodes.slice(0, 5).map((n) => `    ${n.target} — ${n.summary.replace(/\s+/g, ' ')}`),
          ...(v.nodes.length > 5 ? [`    …and ${v.nodes.length - 5} more`] : []),
        ]),
      ].join('\n'),
    )
    .join('\n');
}

/** The relative luminance (WCAG) of an opaque colour [r, g, b]. */
function luminance([r, g, b]) {
  const channel = (c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** Parses a computed colour (`rgb(…)`, `rgba(…)`, `color(srgb …)`) into [r, g, b, a] (0–255, 0–1). */
export function parseColor(text) {
  const srgb = /^color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)(?: \/ ([\d.]+))?\)$/.exec(text);
  if (srgb) return [srgb[1] * 255, srgb[2] * 255, srgb[3] * 255, srgb[4] === undefined ? 1 : Number(srgb[4])];
  const rgb = /^rgba?\(([\d.]+),? ([\d.]+),? ([\d.]+)(?:[,/] ?([\d.]+))?\)$/.exec(text);
  assert.ok(rgb, `a colour to parse: ${text}`);
  return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), rgb[4] === undefined ? 1 : Number(rgb[4])];
}

/** The contrast ratio of colour `front` (may be translucent) over the opaque colour `back`. */
export function contrast(front, back) {
  const [r, g, b, a] = front;
  const over = [r * a + back[0] * (1 - a), g * a + back[1] * (1 - a), b * a + back[2] * (1 - a)];
  const [l1, l2] = [luminance(over), luminance(back)].sort((x, y) => y - x);
  return (l1 + 0.05) / (l2 + 0.05);
}

/**
 * What the focused element's focus ring looks like: its colour (the outline's, else the
 * box-shadow ring's) and the opaque colour behind the element, as computed colour strings.
 */
export async function focusRing(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    let ring = null;
    if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1) ring = style.outlineColor;
    else if (style.boxShadow && style.boxShadow !== 'none') {
      // "COLOR 0px 0px 0px 2px" rings; the last one with a spread is the focus ring.
      const rings = style.boxShadow.split(/,(?![^(]*\))/).map((s) => s.trim());
      const spread = rings.filter((s) => /(?:^|\s)0px 0px 0px [1-9][\d.]*px/.test(s)).pop();
      if (spread) ring = /^(rgba?\([^)]*\)|color\([^)]*\))/.exec(spread)?.[1] ?? null;
    }
    // What is around the element: the first ancestor with a background of its own.
    let back = 'rgb(255, 255, 255)';
    for (let node = el.parentElement; node; node = node.parentElement) {
      const bg = getComputedStyle(node).backgroundColor;
      if (bg !== 'transparent' && !/^rgba\(.*, 0\)$/.test(bg)) {
        back = bg;
        break;
      }
    }
    const text = (el.textContent || el.id || '').trim().slice(0, 40);
    return { ring, back, tag: el.tagName.toLowerCase(), text };
  });
}

/** Presses Tab until `locator` has the focus, as someone without a mouse would. */
export async function tabUntilFocused(page, locator, { most = 60 } = {}) {
  for (let i = 0; i < most; i += 1) {
    if (await locator.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`${most} presses of Tab did not reach ${locator}`);
}

/** What has the focus: its tag, id, role and text, for assertions and messages. */
export async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    return {
      tag: el?.tagName.toLowerCase(),
      id: el?.id ?? '',
      text: (el?.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60),
    };
  });
}

/**
 * One `tend demo` server and one browser for a test file. Call `hooks()` inside the file's
 * `describe`: the server and browser start before its tests and stop after them, and the pages
 * `newPage(viewport, options)` opens (each in a fresh context, own cookies) close after the test
 * that opened them.
 */
export function browserSession({ people = 40 } = {}) {
  const session = {
    server: null,
    browser: null,
    open: [],
    hooks() {
      before(async () => {
        [session.server, session.browser] = await Promise.all([
          startServer({ people }),
          launchBrowser(),
        ]);
      });
      after(async () => {
        await session.browser?.close();
        await session.server?.stop();
      });
      afterEach(async () => {
        for (const { context } of session.open) await context.close();
        session.open = [];
      });
    },
    /** A page in a fresh context at one of the VIEWPORTS (the desktop unless told). */
    async newPage(viewport = VIEWPORTS[0], options = {}) {
      const opened = await openPage(session.browser, session.server.url, {
        ...viewport.context,
        ...options,
      });
      session.open.push(opened);
      return opened;
    },
  };
  return session;
}
