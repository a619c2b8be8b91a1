/* Report page, progressive enhancement only (without JavaScript, « Actualiser la page » does the same):
   while the report is being made, asks its state every 2 seconds and updates the progress bar and the text
   (a status region, announced politely); when it is ready or failed, reloads the page, which then shows the
   download link or the failure. */
(function () {
  "use strict";

  var bloc = document.getElementById("etat-rapport");
  if (!bloc || bloc.getAttribute("data-en-cours") !== "1" || !window.fetch) return;
  var url = bloc.getAttribute("data-url-etat");
  var libelle = document.getElementById("etat-libelle");
  var barre = document.getElementById("etat-progression");
  var essais = 0;

  function interroger() {
    essais += 1;
    if (essais > 900) return; // half an hour: the person reloads by the link
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (reponse) {
        return reponse.ok ? reponse.json() : null;
      })
      .then(function (etat) {
        if (!etat) return window.setTimeout(interroger, 5000);
        if (etat.statut === "pret" || etat.statut === "echoue") {
          window.location.reload();
          return;
        }
        if (barre) barre.value = etat.progression;
        if (libelle) {
          libelle.textContent =
            etat.libelle + (etat.etape ? " — " + etat.etape : "") + " (" + etat.progression + " %)";
        }
        window.setTimeout(interroger, 2000);
      })
      .catch(function () {
        window.setTimeout(interroger, 5000);
      });
  }
  window.setTimeout(interroger, 2000);
})();
