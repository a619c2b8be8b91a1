// Page of an import of the observatory (/gestion/observatoire/tacheimport/<id>/change/): while the import
// runs, its JSON is read every 2 seconds and the status line and the progress bar follow; when it ends the page
// is reloaded (server-rendered result: the snapshot, or the reason of the failure). Without JavaScript the
// page has an « Actualiser » link. A module file, not an inline script: the Content-Security-Policy allows none.

const page = document.querySelector(".bd-suivi-import");
const INTERVALLE_MS = 2000;

async function lire() {
  let etat;
  try {
    const reponse = await fetch(page.dataset.progression, { headers: { Accept: "application/json" } });
    if (!reponse.ok) {
      return;
    }
    etat = await reponse.json();
  } catch {
    return; // network hiccup: next round
  }
  if (etat.finie || etat.statut !== page.dataset.statut && etat.statut !== "en_cours") {
    window.location.reload();
    return;
  }
  const statut = document.getElementById("suivi-statut");
  let texte = `Statut : ${etat.libelle}`;
  if (etat.statut === "en_cours" && etat.total) {
    texte += ` — ${etat.fait} ligne(s) lue(s) sur ${etat.total}`;
  }
  if (statut.textContent.trim() !== texte) {
    statut.textContent = texte;
  }
  document.getElementById("suivi-barre").value = etat.pourcentage;
  document.getElementById("suivi-barre").textContent = `${etat.pourcentage} %`;
  document.getElementById("suivi-pourcentage").textContent = `${etat.pourcentage} %`;
  page.dataset.statut = etat.statut;
}

if (page && page.dataset.progression) {
  setInterval(lire, INTERVALLE_MS);
}
