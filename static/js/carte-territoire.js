/* Map of a territory page: the EPCI's outline and its communes' centres from {{ points_carte|json_script }},
   tiles from the site's configuration. Without tiles (offline, tests) the outline and markers still show; the
   table of the communes on the page is the equivalent. */
(function () {
  "use strict";
  var element = document.getElementById("carte-territoire");
  var donnees = document.getElementById("donnees-carte-territoire");
  if (!element || !donnees || typeof L === "undefined") {
    return;
  }
  var points = JSON.parse(donnees.textContent);
  var carte = L.map(element, { zoomControl: false, attributionControl: Boolean(element.dataset.tuiles) });
  L.control.zoom({ zoomInTitle: "Zoom avant", zoomOutTitle: "Zoom arrière" }).addTo(carte);
  if (element.dataset.tuiles) {
    L.tileLayer(element.dataset.tuiles, { attribution: element.dataset.attribution, maxZoom: 18 }).addTo(carte);
  }
  // Leaflet draws a vector layer as soon as it is added: the view is set first, from the data, then the layers
  // are added (adding them to a map without a view throws in the renderer).
  var limites = L.latLngBounds([]);
  var couches = [];
  if (points.contour) {
    var contour = L.geoJSON(points.contour, { style: { color: "#00306f", weight: 2, fillOpacity: 0.08 } });
    couches.push(contour);
    limites.extend(contour.getBounds());
  }
  points.communes.forEach(function (commune) {
    var marqueur = L.circleMarker([commune.lat, commune.lon], { radius: 5, color: "#00306f", weight: 1 });
    var texte = commune.nom + (commune.population ? " (" + commune.population.toLocaleString("fr-FR") + " hab.)" : "");
    marqueur.bindTooltip(texte);
    couches.push(marqueur);
    limites.extend([commune.lat, commune.lon]);
  });
  if (limites.isValid()) {
    carte.fitBounds(limites, { padding: [16, 16], maxZoom: 12 });
  } else {
    carte.setView([46.6, 2.4], 5);
  }
  couches.forEach(function (couche) {
    couche.addTo(carte);
  });
})();
