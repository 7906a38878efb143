// Tend's only script besides htmx. Pages work without it; it adds small conveniences.
// Copy buttons: <button data-copy="#id">Copy</button> copies the element's text.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const source = document.querySelector(button.dataset.copy);
  if (source && navigator.clipboard) {
    navigator.clipboard.writeText(source.textContent.trim()).then(() => { button.textContent = "Copied"; });
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
    input.value = option.dataset.value;
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
