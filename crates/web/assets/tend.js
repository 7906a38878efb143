// Tend's only script besides htmx. Pages work without it; it adds small conveniences.
// Copy buttons: <button data-copy="#id">Copy</button> copies the element's text.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const source = document.querySelector(button.dataset.copy);
  if (source && navigator.clipboard) {
    navigator.clipboard.writeText(source.textContent.trim()).then(() => {
      button.textContent = "Copied";
      announce("Copied");
    });
  }
});

// Person pickers (templates/macros.html): an input with role=combobox whose listbox htmx fills
// with suggestions. Arrow keys move through them, Enter or a click picks one (its email goes into
// the field), Escape closes the list. Without this script the field still takes an email.
const picker = {
  listOf: (input) => document.getElementById(input.getAttribute("aria-controls")),
  options: (list) => [...list.querySelectorAll('[role="option"]:not([aria-disabled="true"])')],
  open(input, list) {
    list.hidden = list.children.length === 0;
    input.setAttribute("aria-expanded", String(!list.hidden));
    input.removeAttribute("aria-activedescendant");
  },
  close(input) {
    // Until the next keystroke: a late answer to an earlier one must not open the list again.
    input.dataset.pickerClosed = "true";
    const list = picker.listOf(input);
    if (list) list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  },
  move(input, step) {
    const list = picker.listOf(input);
    if (!list || list.hidden) return false;
    const options = picker.options(list);
    if (options.length === 0) return false;
    const current = options.findIndex((o) => o.getAttribute("aria-selected") === "true");
    const next = current < 0 ? (step > 0 ? 0 : options.length - 1) : (current + step + options.length) % options.length;
    options.forEach((o, i) => o.setAttribute("aria-selected", String(i === next)));
    input.setAttribute("aria-activedescendant", options[next].id);
    options[next].scrollIntoView({ block: "nearest" });
    return true;
  },
  choose(input, option) {
    if (input.hasAttribute("data-multiple")) {
      // Keep the people already chosen; the choice replaces what was typed after the last comma.
      const chosen = input.value.split(",").slice(0, -1).map((s) => s.trim()).filter(Boolean);
      chosen.push(option.dataset.value);
      input.value = chosen.join(", ") + ", ";
    } else {
      input.value = option.dataset.value;
    }
    picker.close(input);
    input.dispatchEvent(new Event("change", { bubbles: true }));
  },
};

document.addEventListener("htmx:afterSwap", (event) => {
  const list = event.detail.target;
  if (!list.matches || !list.matches(".picker-options")) return;
  const input = document.querySelector(`[aria-controls="${list.id}"]`);
  if (input && document.activeElement === input && !input.dataset.pickerClosed) picker.open(input, list);
});

document.addEventListener("input", (event) => {
  if (event.target.matches && event.target.matches('input[role="combobox"]')) delete event.target.dataset.pickerClosed;
});

document.addEventListener("keydown", (event) => {
  const input = event.target;
  if (!input.matches || !input.matches('input[role="combobox"]')) return;
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    if (picker.move(input, event.key === "ArrowDown" ? 1 : -1)) event.preventDefault();
  } else if (event.key === "Enter") {
    const active = document.getElementById(input.getAttribute("aria-activedescendant") || "");
    if (active) {
      event.preventDefault();
      picker.choose(input, active);
    }
  } else if (event.key === "Escape") {
    picker.close(input);
  }
});

// Keep the focus in the field while an option is pressed, so the list is still there to click.
document.addEventListener("pointerdown", (event) => {
  if (event.target.closest && event.target.closest(".picker-options")) event.preventDefault();
});

document.addEventListener("click", (event) => {
  const option = event.target.closest && event.target.closest('.picker-options [role="option"]');
  if (!option || option.getAttribute("aria-disabled") === "true") return;
  const input = document.querySelector(`[aria-controls="${option.parentElement.id}"]`);
  if (input) picker.choose(input, option);
});

document.addEventListener("focusout", (event) => {
  if (event.target.matches && event.target.matches('input[role="combobox"]')) picker.close(event.target);
});

// After htmx swaps in part of a page. htmx keeps the focus only on a swapped-out element that
// has an id; otherwise the focus drops to <body> and someone on a keyboard or a screen reader
// starts again from the top. So a swapped-in region that lost the focus takes it at its first
// field with a mistake, else at its heading (a heading with tabindex="-1" opts in). Live search
// swaps only the results, so the focus stays in the search box. Text marked data-announce in
// what came in (e.g. "Profile saved.") is read out through the page's status region.
document.addEventListener("htmx:afterSettle", (event) => {
  const region = event.target;
  if (!(region instanceof Element) || !region.isConnected) return;
  const lost = !document.activeElement || document.activeElement === document.body;
  if (lost) {
    const invalid = region.querySelector('[aria-invalid="true"]');
    const heading = region.querySelector(':is(h1, h2, h3, h4, h5, h6)[tabindex="-1"]');
    const target = invalid || heading;
    if (target) target.focus();
  }
  const message = region.matches("[data-announce]") ? region : region.querySelector("[data-announce]");
  if (message) announce(message.textContent.trim());
});

/** Says `text` through the status region in base.html (emptied first, so a repeat is heard). */
function announce(text) {
  const status = document.getElementById("announcer");
  if (!status) return;
  status.textContent = "";
  setTimeout(() => {
    status.textContent = text;
  }, 50);
}

// Error pages: "Back to the previous page" shows when the visitor came from another Tend page.
for (const button of document.querySelectorAll("[data-back]")) {
  let sameSite = false;
  try {
    sameSite = document.referrer !== "" && new URL(document.referrer).origin === location.origin;
  } catch {
    sameSite = false;
  }
  if (sameSite && history.length > 1) {
    button.hidden = false;
    button.addEventListener("click", () => history.back());
  }
}

// ---- Time zone field (templates/people/time_zone_field.html; people and profiles) ----------
// Someone who has not said their time zone finds the one this browser is set to already chosen
// in their profile form, when the list has it; they can still pick another or "Not said".
// Runs on the page and on every form htmx swaps in (htmx:load). Browsers name some zones as the
// tz database did years ago (Chromium says "Asia/Calcutta"); the list has both names, and the
// current one is chosen when there is one.
const RENAMED_ZONES = {
  "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
  "America/Catamarca": "America/Argentina/Catamarca",
  "America/Coral_Harbour": "America/Atikokan",
  "America/Cordoba": "America/Argentina/Cordoba",
  "America/Godthab": "America/Nuuk",
  "America/Indianapolis": "America/Indiana/Indianapolis",
  "America/Jujuy": "America/Argentina/Jujuy",
  "America/Louisville": "America/Kentucky/Louisville",
  "America/Mendoza": "America/Argentina/Mendoza",
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Rangoon": "Asia/Yangon",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "Europe/Kiev": "Europe/Kyiv",
  "Pacific/Enderbury": "Pacific/Kanton",
  "Pacific/Ponape": "Pacific/Pohnpei",
  "Pacific/Truk": "Pacific/Chuuk",
};
function suggestTimeZone(root) {
  if (!root || !root.querySelectorAll) return;
  let zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch {
    zone = "";
  }
  const fields = [...root.querySelectorAll("select[data-browser-zone]")];
  if (root.matches && root.matches("select[data-browser-zone]")) fields.push(root);
  for (const select of fields) {
    select.removeAttribute("data-browser-zone");
    if (select.value !== "" || !zone) continue;
    const offered = new Set([...select.options].map((o) => o.value));
    const choice = [RENAMED_ZONES[zone], zone].find((name) => name && offered.has(name));
    if (choice) select.value = choice;
  }
}
suggestTimeZone(document);
document.addEventListener("htmx:load", (event) => suggestTimeZone(event.detail.elt));
