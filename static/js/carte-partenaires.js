/* Map of the partners: points from {{ points_carte|json_script }}, tiles from the site's configuration.
   Without tiles (offline, tests) the markers still show; the page's list stays the equivalent. */
(function () {
  "use strict";
  var element = document.getElementById("carte-partenaires");
  var donnees = document.getElementById("donnees-carte-partenaires");
  if (!element || !donnees || typeof L === "undefined") {
    return;
  }
  // Leaflet finds its marker images from its stylesheet, whose URLs the static storage rewrites to hashed
  // names in production: point it at the images beside leaflet.js instead (served under their plain names too).
  var scriptLeaflet = document.querySelector('script[src*="vendor/leaflet/leaflet"]');
  if (scriptLeaflet) {
    L.Icon.Default.prototype.options.imagePath = scriptLeaflet.src.replace(/[^/]*$/, "") + "images/";
  }
  var points = JSON.parse(donnees.textContent);
  var carte = L.map(element, { zoomControl: false, attributionControl: Boolean(element.dataset.tuiles) });
  L.control.zoom({ zoomInTitle: "Zoom avant", zoomOutTitle: "Zoom arrière" }).addTo(carte);
  if (element.dataset.tuiles) {
    L.tileLayer(element.dataset.tuiles, { attribution: element.dataset.attribution, maxZoom: 18 }).addTo(carte);
  }
  // Partners at the same place (a commune's centre) share one marker listing them all: stacked markers would
  // hide each other and give pointer users targets they cannot reach (WCAG 2.5.8).
  var lieux = {};
  var ordre = [];
  points.forEach(function (point) {
    var cle = point.lat.toFixed(4) + "," + point.lon.toFixed(4);
    if (!lieux[cle]) {
      lieux[cle] = [];
      ordre.push(cle);
    }
    lieux[cle].push(point);
  });
  var limites = [];
  ordre.forEach(function (cle) {
    var groupe = lieux[cle];
    var premier = groupe[0];
    var titre = groupe.length === 1
      ? premier.nom
      : groupe.length + " partenaires à " + (premier.ville || "cet endroit");
    var alt = groupe.length === 1 ? premier.nom + " (" + premier.type + ")" : titre;
    var marqueur = L.marker([premier.lat, premier.lon], { title: titre, alt: alt });
    var contenu = document.createElement("div");
    groupe.forEach(function (point, rang) {
      if (rang > 0) {
        contenu.appendChild(document.createElement("hr"));
      }
      var lien = document.createElement("a");
      lien.href = point.url;
      lien.textContent = point.nom;
      contenu.appendChild(lien);
      if (point.ville) {
        contenu.appendChild(document.createElement("br"));
        contenu.appendChild(document.createTextNode(point.type + " — " + point.ville));
      }
    });
    marqueur.bindPopup(contenu, { maxHeight: 240 }).addTo(carte);
    limites.push([premier.lat, premier.lon]);
  });
  if (limites.length > 1) {
    carte.fitBounds(limites, { padding: [24, 24], maxZoom: 12 });
  } else if (limites.length === 1) {
    carte.setView(limites[0], 12);
  } else {
    carte.setView([46.6, 2.4], 5);
  }
})();
