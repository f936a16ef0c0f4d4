// Progressive enhancement for the products-and-services formset: an "add another" button that copies
// Django's empty form. Without JavaScript the form still offers one empty row.
document.addEventListener("DOMContentLoaded", () => {
  for (const fieldset of document.querySelectorAll("[data-formset]")) {
    const prefix = fieldset.dataset.formset;
    const total = fieldset.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
    const template = fieldset.querySelector("template[data-formset-empty]");
    const list = fieldset.querySelector("[data-formset-list]");
    const button = fieldset.querySelector("[data-formset-add]");
    if (!total || !template || !list || !button) continue;
    button.hidden = false;
    button.addEventListener("click", () => {
      const index = Number(total.value);
      const html = template.innerHTML.replaceAll("__prefix__", String(index));
      list.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      const added = list.lastElementChild;
      const first = added && added.querySelector("input, select, textarea");
      if (first) first.focus();
    });
  }
});
