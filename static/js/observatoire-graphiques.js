/* Trend charts of the observatory (Chart.js, vendored): each <canvas class="graphique-observatoire"> reads its
   series from the json_script named by data-donnees. The table after each chart is the source of truth; the
   chart is decorative for assistive technologies (role="img" with a label pointing to the table). */
(function () {
  "use strict";
  if (typeof Chart === "undefined") {
    return;
  }
  // Okabe-Ito colours (distinguishable with every colour-vision deficiency), plus dashes and markers.
  var COULEURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00"];
  var POINTILLES = [[], [6, 4], [2, 3], [10, 4, 2, 4], [1, 1]];
  var MARQUEURS = ["circle", "rect", "triangle", "rectRot", "star"];
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = "#212529";
  Array.prototype.forEach.call(document.querySelectorAll("canvas.graphique-observatoire"), function (toile) {
    var source = document.getElementById(toile.dataset.donnees);
    if (!source) {
      return;
    }
    var donnees = JSON.parse(source.textContent);
    var barres = donnees.type === "bar";
    new Chart(toile, {
      type: barres ? "bar" : "line",
      data: {
        labels: donnees.etiquettes,
        datasets: donnees.series.map(function (serie, rang) {
          var couleur = COULEURS[rang % COULEURS.length];
          return {
            label: serie.libelle,
            data: serie.valeurs,
            borderColor: couleur,
            backgroundColor: couleur,
            borderDash: barres ? undefined : POINTILLES[rang % POINTILLES.length],
            pointStyle: MARQUEURS[rang % MARQUEURS.length],
            pointRadius: 4,
            spanGaps: true,
          };
        }),
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        plugins: { legend: { position: "bottom", labels: { usePointStyle: true } } },
        scales: { y: { beginAtZero: barres } },
      },
    });
  });
})();
