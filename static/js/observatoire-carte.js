/* Choropleth of the observatory: reads the GeoJSON of data-url (observatoire:carte_json), colours each
   territory by its class (cividis, quantiles), hatches « non disponible » and « secret » in grey. A click or
   Enter on a territory opens its page. The table after the map gives the same figures: the map adds nothing
   a reader of the table misses. Tiles from the site's configuration; without them the outlines still show. */
(function () {
  "use strict";
  var element = document.getElementById("carte-observatoire");
  if (!element || typeof L === "undefined" || !window.fetch) {
    return;
  }
  var SANS_VALEUR = "url(#hachures-carte)";

  function ajouterHachures(carte) {
    var svg = carte.getPane("overlayPane").querySelector("svg");
    if (!svg || svg.querySelector("#hachures-carte")) {
      return;
    }
    var ns = "http://www.w3.org/2000/svg";
    var defs = document.createElementNS(ns, "defs");
    var motif = document.createElementNS(ns, "pattern");
    motif.setAttribute("id", "hachures-carte");
    motif.setAttribute("width", "6");
    motif.setAttribute("height", "6");
    motif.setAttribute("patternUnits", "userSpaceOnUse");
    motif.setAttribute("patternTransform", "rotate(45)");
    var fond = document.createElementNS(ns, "rect");
    fond.setAttribute("width", "6");
    fond.setAttribute("height", "6");
    fond.setAttribute("fill", "#d9d9d9");
    var trait = document.createElementNS(ns, "line");
    trait.setAttribute("x1", "0");
    trait.setAttribute("y1", "0");
    trait.setAttribute("x2", "0");
    trait.setAttribute("y2", "6");
    trait.setAttribute("stroke", "#6c757d");
    trait.setAttribute("stroke-width", "2");
    motif.appendChild(fond);
    motif.appendChild(trait);
    defs.appendChild(motif);
    svg.insertBefore(defs, svg.firstChild);
  }

  function dessiner(donnees) {
    var carte = L.map(element, {
      zoomControl: false,
      attributionControl: Boolean(element.dataset.tuiles),
      renderer: L.svg(),
    });
    L.control.zoom({ zoomInTitle: "Zoom avant", zoomOutTitle: "Zoom arrière" }).addTo(carte);
    if (element.dataset.tuiles) {
      L.tileLayer(element.dataset.tuiles, { attribution: element.dataset.attribution, maxZoom: 18 }).addTo(carte);
    }
    var couleurs = (donnees.legende || []).map(function (classe) {
      return classe.couleur;
    });
    var couche = L.geoJSON(donnees, {
      style: function (feature) {
        var p = feature.properties;
        var avecValeur = p.classe !== null && p.classe !== undefined;
        return {
          color: p.selection ? "#000000" : "#212529",
          weight: p.selection ? 3 : 0.8,
          fillColor: avecValeur ? couleurs[p.classe] : SANS_VALEUR,
          fillOpacity: avecValeur ? 0.85 : 1,
        };
      },
      onEachFeature: function (feature, calque) {
        var p = feature.properties;
        calque.bindTooltip(p.nom + " : " + p.texte, { sticky: true, className: "carte-infobulle" });
        calque.on("click", function () {
          window.location.href = p.url;
        });
      },
    }).addTo(carte);
    ajouterHachures(carte);
    var limites = couche.getBounds();
    if (limites.isValid()) {
      carte.fitBounds(limites, { padding: [8, 8] });
    } else {
      carte.setView([46.6, 2.4], 5);
    }
    element.dataset.pret = "oui";
  }

  fetch(element.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then(function (reponse) {
      if (!reponse.ok) {
        throw new Error("carte indisponible");
      }
      return reponse.json();
    })
    .then(dessiner)
    .catch(function () {
      var message = document.createElement("p");
      message.className = "p-3";
      message.textContent = "La carte n’a pas pu être chargée ; le tableau qui suit donne les mêmes chiffres.";
      element.appendChild(message);
    });
})();
