// Back office (/gestion/), loaded by templates/admin/base_site.html on every page (a module file, not an inline
// script: the Content-Security-Policy allows none).
// 1. After an action the page comes back with Django's messages (« Le statut du besoin a été modifié. »): the
//    focus moves to them, so that a keyboard or screen-reader user hears the result first and goes on from there.
// 2. Accessible names that the admin's own scripts leave out, given once here for every page (RGAA, issue 15):
//    the search box of a Select2 autocomplete (named after its field's label), the help icons of the two-list
//    selector of groups and permissions (an aria-label on a bare <span> is not allowed: it becomes an image),
//    and the « tout sélectionner » box of the export form (its handler was an inline onchange, blocked by the CSP).

const messages = document.getElementById("messages");
if (messages) {
  messages.focus();
}
nommerDatesEtHeures();

function nommerSelect2() {
  document.querySelectorAll(".select2-selection[role=combobox]").forEach((boite) => {
    const conteneur = boite.closest(".select2-container");
    const select = conteneur && conteneur.previousElementSibling;
    const label = select && select.id && document.querySelector(`label[for="${select.id}"]`);
    if (!label) {
      return;
    }
    label.id = label.id || `${select.id}_libelle`;
    boite.setAttribute("aria-labelledby", label.id);
    const valeur = boite.querySelector(".select2-selection__rendered[role=textbox]");
    if (valeur) {
      valeur.setAttribute("aria-label", `${label.textContent.replace(/\s*:\s*$/, "").trim()} : valeur choisie`);
    }
  });
}

function nommerIconesDAide() {
  document.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach((icone) => {
    icone.setAttribute("role", "img");
  });
}

function nommerDatesEtHeures() {
  // Django's date-and-time widget writes « Date : <input> Heure : <input> » with no <label> for either box
  document.querySelectorAll("p.datetime").forEach((paragraphe) => {
    const ligne = paragraphe.closest(".form-row, .fieldBox, td");
    const label = ligne && ligne.querySelector("label");
    const champ = label ? label.textContent.replace(/\s*:\s*$/, "").trim() : "";
    const [date, heure] = paragraphe.querySelectorAll("input:not([type=hidden])");
    [
      [date, "date"],
      [heure, "heure"],
    ].forEach(([boite, partie]) => {
      if (boite && !boite.labels.length && !boite.hasAttribute("aria-label")) {
        boite.setAttribute("aria-label", champ ? `${champ} (${partie})` : partie);
      }
    });
  });
}

function brancherToutSelectionner() {
  const bascule = document.querySelector("input.select-toggle");
  if (bascule && typeof window.onSelectToggleChange === "function") {
    bascule.addEventListener("change", window.onSelectToggleChange);
  }
}

function toutNommer() {
  nommerSelect2();
  nommerIconesDAide();
}

// the admin's scripts build these widgets on `load` (SelectFilter2) or when jQuery finds the DOM ready (Select2,
// possibly after `load`): both times, after them (idempotent)
if (window.django && window.django.jQuery) {
  window.django.jQuery(toutNommer);
}
window.addEventListener("load", () => {
  toutNommer();
  brancherToutSelectionner();
});
