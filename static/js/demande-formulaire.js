/* Request form, progressive enhancement only (the form works without JavaScript):
   - moves the focus to the error summary when the page comes back with errors;
   - shows the faculty field only for students (aria-required for them), and each need's details only when
     the need is ticked (or already filled in). */
(function () {
  "use strict";

  var resume = document.getElementById("erreurs-resume");
  if (resume) {
    resume.focus();
  }

  var profil = document.getElementById("id_profil");
  var blocUniversite = document.getElementById("bloc-universite");
  var ETUDIANTS = ["interne", "docteur_junior", "externe"];
  function majUniversite() {
    if (!profil || !blocUniversite) return;
    var champ = blocUniversite.querySelector("input");
    var etudiant = ETUDIANTS.indexOf(profil.value) !== -1;
    var utile = etudiant || (champ && champ.value) || blocUniversite.querySelector(".erreur-champ");
    blocUniversite.hidden = !utile;
    if (champ) {
      // the label says "(obligatoire pour les internes…)"; assistive technologies hear it for this profile
      champ.setAttribute("aria-required", etudiant ? "true" : "false");
    }
  }
  if (profil) {
    profil.addEventListener("change", majUniversite);
    majUniversite();
  }

  document.querySelectorAll(".besoin-details[data-besoin]").forEach(function (details) {
    var valeur = details.getAttribute("data-besoin");
    var case_ = document.querySelector('input[name="besoins"][value="' + valeur + '"]');
    if (!case_) return;
    function maj() {
      var rempli = Array.prototype.some.call(details.querySelectorAll("input, textarea"), function (c) {
        return c.value.trim() !== "";
      });
      details.hidden = !(case_.checked || rempli || details.querySelector(".erreur-champ"));
    }
    case_.addEventListener("change", maj);
    maj();
  });
})();
