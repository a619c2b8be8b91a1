"""Issue 12, « keyboard only works on the search and posting forms »: the posting form /offres/deposer/ filled and
sent with the keyboard alone — Tab from field to field, typing, arrow keys in the kind's radio group, Space on the
checkboxes, Enter on the button — a mistake first (the end before the start), said on its field with the focus on
the error summary and nothing typed lost, then corrected by keyboard; the focus is visible on every control it
reaches; axe-core on the form, the form with its error, and the confirmation. (The search form is driven by
keyboard in test_offres_navigateur.py.)"""

from datetime import timedelta

import pytest
from django.utils import timezone

from remplacements.enums import StatutOffre, TypeOffre
from remplacements.models import Offre
from tests.browser.test_offres_navigateur import _id_actif
from tests.observatoire.factories import CommuneFactory

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

# the focus ring as a person sees it: an outline (site.css, :focus-visible) or Bootstrap's shadow (:focus; a date
# field keeps the focus in its segments, so Chromium never gives the field itself :focus-visible)
FOCUS_VISIBLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "aucun élément n’a le focus";
  const s = getComputedStyle(el);
  const contour = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
  const ombre = s.boxShadow && s.boxShadow !== "none";
  return contour || ombre ? "" : "focus invisible (ni contour ni ombre)";
}"""


class Clavier:
    """Tab and its checks: every control the focus lands on shows it."""

    def __init__(self, page):
        self.page, self.vus, self.invisibles = page, set(), []

    def tab(self, fois: int = 1):
        for _ in range(fois):
            self.page.keyboard.press("Tab")
            self._noter()

    def _noter(self):
        ident = _id_actif(self.page) or self.page.evaluate("document.activeElement.tagName")
        probleme = self.page.evaluate(FOCUS_VISIBLE)
        self.vus.add(ident)
        if probleme:
            self.invisibles.append(f"{ident} : {probleme}")

    def jusqua(self, identifiant: str, maximum: int = 150):
        for _ in range(maximum):
            if _id_actif(self.page) == identifiant:
                return
            self.tab()
        raise AssertionError(f"#{identifiant} n’est pas atteignable au clavier (focus sur #{_id_actif(self.page)})")

    def taper(self, identifiant: str, texte: str):
        """Tab to the field, then type (nothing else moves the focus)."""
        self.jusqua(identifiant)
        self.page.keyboard.type(texte)


def _ordre_des_dates(page) -> str:
    """The order of the segments of Chromium's date field, which follows the browser's own language, not the
    page's (headless Chromium: mm/dd/yyyy even for fr-FR): found by typing into a probe field."""
    page.evaluate(
        "() => { const i = document.createElement('input'); i.type = 'date'; i.id = 'sonde-date';"
        " document.body.append(i); }"
    )
    page.focus("#sonde-date")
    page.keyboard.type("12232026")
    ordre = "%m%d%Y" if page.input_value("#sonde-date") == "2026-12-23" else "%d%m%Y"
    page.evaluate("() => document.getElementById('sonde-date').remove()")
    return ordre


def _jour(date, ordre: str) -> str:
    """A date as typed in the date field: its digits in the field's order, the segments advance by themselves."""
    return date.strftime(ordre)


def test_deposer_un_logement_au_clavier_seul_avec_une_erreur_corrigee(live_server, page, axe):
    CommuneFactory(agen=True)
    aujourdhui = timezone.localdate()
    page.goto(live_server.url + "/offres/deposer/")
    axe(page, "formulaire de dépôt")
    ordre = _ordre_des_dates(page)
    page.goto(live_server.url + "/offres/deposer/")  # the page as it came: the focus at its start
    clavier = Clavier(page)

    # the kind: Tab into the radio group (none chosen: the first radio), arrow keys to « Logement étudiant »
    clavier.jusqua("id_type_0")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    clavier._noter()
    assert _id_actif(page) == "id_type_3" and page.is_checked("#id_type_3")
    assert page.locator(".bloc-type[data-types='remplacement poste']").is_hidden()  # out of the tab order too

    clavier.taper("id_titre", "Studio meublé près de l’hôpital d’Agen")
    clavier.tab()
    assert _id_actif(page) == "id_contact_nom"
    page.keyboard.type("SCI des Platanes (fictive)")
    clavier.taper("id_description", "Studio de 25 m², cuisine équipée, à 10 minutes à pied de l’hôpital.")
    clavier.taper("id_commune", "Agen (47000)")
    clavier.taper("id_date_debut", _jour(aujourdhui + timedelta(days=40), ordre))
    clavier.taper("id_date_fin", _jour(aujourdhui + timedelta(days=20), ordre))  # before the start: the mistake
    assert page.input_value("#id_date_fin") == (aujourdhui + timedelta(days=20)).isoformat()
    clavier.taper("id_capacite", "2")
    # the levels: Space on each checkbox
    for niveau in ("id_pour_internes", "id_pour_docteurs_juniors"):
        clavier.jusqua(niveau)
        page.keyboard.press("Space")
        assert page.is_checked(f"#{niveau}")
    assert not page.is_checked("#id_pour_externes")
    clavier.taper("id_loyer_mensuel", "280")
    clavier.jusqua("id_meuble")
    page.keyboard.press("ArrowDown")  # a closed <select>: the arrow chooses the next option (« Oui »)
    assert page.input_value("#id_meuble") == "true"
    clavier.taper("id_email_proprietaire", "sci.platanes@exemple.test")
    clavier.jusqua("id_consentement")
    page.keyboard.press("Space")
    assert page.is_checked("#id_consentement")
    clavier.tab()
    assert page.evaluate("document.activeElement.type") == "submit"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # the mistake: said on its field, the focus on the summary, nothing typed lost
    assert "précède la date de début" in page.locator("#id_date_fin-erreurs").inner_text()
    assert _id_actif(page) == "erreurs-resume"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    assert page.is_checked("#id_type_3")
    assert page.input_value("#id_titre") == "Studio meublé près de l’hôpital d’Agen"
    assert page.input_value("#id_commune") == "Agen (47000)"
    assert page.input_value("#id_loyer_mensuel") == "280"
    assert page.input_value("#id_meuble") == "true"
    assert page.is_checked("#id_pour_internes") and page.is_checked("#id_pour_docteurs_juniors")
    assert page.is_checked("#id_consentement")
    assert page.input_value("#id_email_proprietaire") == "sci.platanes@exemple.test"
    axe(page, "formulaire de dépôt avec une erreur")
    assert not Offre.objects.exists()

    # the correction: from the summary, Tab to the field and type the right date, then send
    clavier.taper("id_date_fin", _jour(aujourdhui + timedelta(days=60), ordre))
    assert page.input_value("#id_date_fin") == (aujourdhui + timedelta(days=60)).isoformat()
    clavier.jusqua("id_consentement")
    clavier.tab()
    assert page.evaluate("document.activeElement.type") == "submit"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url("**/offres/deposee/")
    axe(page, "confirmation du dépôt")

    assert not clavier.invisibles, "focus invisible :\n" + "\n".join(clavier.invisibles)
    assert {"id_type_3", "id_titre", "id_commune", "id_capacite", "id_meuble", "id_consentement"} <= clavier.vus
    offre = Offre.objects.get()
    assert (offre.type, offre.statut, offre.titre) == (
        TypeOffre.LOGEMENT,
        StatutOffre.EN_ATTENTE,
        "Studio meublé près de l’hôpital d’Agen",
    )
    assert (offre.capacite, offre.loyer_mensuel, offre.meuble) == (2, 280, True)
    assert (offre.pour_externes, offre.pour_internes, offre.pour_docteurs_juniors) == (False, True, True)
    assert (offre.date_debut, offre.date_fin) == (aujourdhui + timedelta(days=40), aujourdhui + timedelta(days=60))
    assert offre.commune.nom == "Agen" and offre.email_proprietaire == "sci.platanes@exemple.test"
