/* A form sent twice does its work once (bienvenuedoc/utils/envoi_unique.py): each display of the form carries a
   key in a hidden field, and the server answers a key it already knows with the first submission's result.
   After « Envoyer » then Back, a browser that loads the form again restores what was typed in the visible
   fields but gives the hidden field a NEW key: this puts back the key of the form sent from this tab, on a
   Back/Forward navigation only (a form opened afresh keeps its new key: a new request). */
(function () {
  "use strict";

  var STOCKAGE = "envoi-unique:" + location.pathname;

  function stockage() {
    try {
      return window.sessionStorage;
    } catch (e) {
      return null; // storage disabled: the server still refuses a spent anti-spam token
    }
  }

  function retourArriere() {
    var navigation = window.performance && performance.getEntriesByType
      ? performance.getEntriesByType("navigation")[0]
      : null;
    return Boolean(navigation && navigation.type === "back_forward");
  }

  document.querySelectorAll("form").forEach(function (formulaire) {
    var champ = formulaire.querySelector('input[name="cle_envoi"]');
    var memoire = stockage();
    if (!champ || !memoire) return;
    var envoyee = memoire.getItem(STOCKAGE);
    if (envoyee && retourArriere()) {
      champ.value = envoyee;
    }
    formulaire.addEventListener("submit", function () {
      memoire.setItem(STOCKAGE, champ.value);
    });
  });
})();
