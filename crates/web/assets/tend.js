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
