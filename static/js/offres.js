/* Offers, progressive enhancement only (every page works without JavaScript):
   - the error summary of a form gets the focus when the page comes back with errors;
   - the posting form shows only the block of the chosen kind (all blocks without JavaScript);
   - the map of /offres/ loads its markers from the small JSON endpoint (id, kind, title, coordinates) and
     clusters them when leaflet.markercluster is present; the list on the page is its equivalent. */
(function () {
  "use strict";

  var resume = document.getElementById("erreurs-resume");
  if (resume) {
    resume.focus();
  }

  var formulaire = document.getElementById("formulaire");
  var blocs = document.querySelectorAll(".bloc-type[data-types]");
  function typeChoisi() {
    if (formulaire && formulaire.dataset.type) return formulaire.dataset.type;
    var coche = document.querySelector('input[name="type"]:checked');
    return coche ? coche.value : "";
  }
  function majBlocs() {
    var type = typeChoisi();
    blocs.forEach(function (bloc) {
      var utile = !type || bloc.dataset.types.split(" ").indexOf(type) !== -1 || bloc.querySelector(".erreur-champ");
      bloc.hidden = !utile;
    });
  }
  if (blocs.length) {
    document.querySelectorAll('input[name="type"]').forEach(function (radio) {
      radio.addEventListener("change", majBlocs);
    });
    majBlocs();
  }

  var element = document.getElementById("carte-offres");
  if (!element || typeof L === "undefined" || !window.fetch) {
    return;
  }
  // Leaflet finds its marker images from its stylesheet, whose URLs the static storage rewrites to hashed
  // names in production: point it at the images beside leaflet.js instead (served under their plain names too).
  var scriptLeaflet = document.querySelector('script[src*="vendor/leaflet/leaflet"]');
  if (scriptLeaflet) {
    L.Icon.Default.prototype.options.imagePath = scriptLeaflet.src.replace(/[^/]*$/, "") + "images/";
  }
  var carte = L.map(element, { zoomControl: false, maxZoom: 18, attributionControl: Boolean(element.dataset.tuiles) });
  L.control.zoom({ zoomInTitle: "Zoom avant", zoomOutTitle: "Zoom arrière" }).addTo(carte);
  if (element.dataset.tuiles) {
    L.tileLayer(element.dataset.tuiles, { attribution: element.dataset.attribution, maxZoom: 18 }).addTo(carte);
  }
  carte.setView([46.6, 2.4], 5);
  var LIBELLES = { remplacement: "Remplacement", poste: "Poste", stage: "Terrain de stage", logement: "Logement" };
  fetch(element.dataset.url, { headers: { Accept: "application/json" } })
    .then(function (reponse) { return reponse.json(); })
    .then(function (donnees) {
      var groupe = typeof L.markerClusterGroup === "function" ? L.markerClusterGroup() : L.featureGroup();
      donnees.offres.forEach(function (offre) {
        var libelle = (LIBELLES[offre.type] || offre.type) + " : " + offre.titre;
        var marqueur = L.marker([offre.lat, offre.lon], { title: libelle, alt: libelle });
        var lien = document.createElement("a");
        lien.href = "/offres/" + offre.id + "/";
        lien.textContent = libelle;
        marqueur.bindPopup(lien);
        groupe.addLayer(marqueur);
      });
      groupe.addTo(carte);
      element.dataset.marqueurs = String(donnees.offres.length);
      if (donnees.offres.length) {
        carte.fitBounds(groupe.getBounds(), { padding: [24, 24], maxZoom: 12 });
      }
    })
    .catch(function () {
      element.dataset.marqueurs = "erreur";
    });
})();
