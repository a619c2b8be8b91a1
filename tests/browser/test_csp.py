"""The Content-Security-Policy in chromium: the main pages, public and back office, load without a single
violation (a `securitypolicyviolation` event or a console « Refused to … » message), the map and the
scripts of the site still work, and an inline script really is blocked (so the test can fail)."""

import re

import pytest

from accompagnement.enums import StatutDemande
from tests.accompagnement.factories import DemandeFactory
from tests.accompagnement.factories_backoffice import CHARGE, membre
from tests.partenaires.factories import AideFinanciereFactory, CommuneFactory, PartenaireFactory

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

MOT_DE_PASSE = "motdepasse-agent"  # AgentFactory's

# Registered before any script of the page (DevTools protocol, not an inline script): keeps every violation.
ECOUTE_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push(`${e.violatedDirective} ← ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
});
"""


class Violations:
    def __init__(self, page):
        self.page = page
        self.console: list[str] = []
        page.add_init_script(ECOUTE_VIOLATIONS)
        page.on("console", self._console)

    def _console(self, message):
        if "Refused to" in message.text or "Content Security Policy" in message.text:
            self.console.append(message.text)

    def visiter(self, url: str, *, attendre: str | None = None) -> None:
        self.page.goto(url)
        self.page.wait_for_load_state("load")
        if attendre:
            self.page.wait_for_selector(attendre)
        self.verifier(url)

    def verifier(self, contexte: str) -> None:
        self.page.wait_for_timeout(100)  # violations are reported asynchronously
        evenements = self.page.evaluate("window.__violations || []")
        assert not evenements and not self.console, f"CSP sur {contexte} : {evenements + self.console}"


@pytest.fixture
def donnees():
    agen = CommuneFactory(agen=True)
    ars = PartenaireFactory(nom="ARS — délégation départementale", slug="ars", services=["aides_financieres"])
    PartenaireFactory(nom="Résidence des internes", slug="residence", logement=True, services=["logement"])
    AideFinanciereFactory(cesp=True, slug="cesp", financeur=ars)
    return agen


def test_les_pages_publiques_sans_violation(live_server, page, axe, donnees):
    violations = Violations(page)
    violations.visiter(live_server.url + "/")
    violations.visiter(live_server.url + "/demande/")
    violations.visiter(
        live_server.url + "/aides/?profil=interne&type_projet=stage&commune=47001&mode_exercice=liberal"
        "&secteur=non_concerne&engagement_annees=3&premiere_installation=non&aide_installation_recue=non",
        attendre="#titre-resultats",
    )
    violations.visiter(live_server.url + "/partenaires/", attendre=".leaflet-container")
    assert page.locator(".leaflet-marker-icon").count() >= 2  # the site's script drew the markers
    # the stylesheet that replaced the inline <style> is applied: the map keeps its height
    assert page.locator(".carte-partenaires").bounding_box()["height"] > 300
    violations.visiter(live_server.url + "/partenaires/ars/", attendre=".leaflet-container")
    # the configured colour comes from the layout's <style>, allowed by its hash
    couleur = page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--bd-couleur')")
    assert re.fullmatch(r"\s*#[0-9a-fA-F]{6}\s*", couleur)
    axe(page, "page d'un partenaire, sous la politique de sécurité")  # axe-core still runs under the CSP
    violations.verifier("après axe-core")


def test_la_gestion_sans_violation(live_server, page, donnees):
    demande = DemandeFactory(statut=StatutDemande.NOUVELLE)
    membre(CHARGE, username="ines.martin", first_name="Inès", last_name="Martin")
    violations = Violations(page)
    violations.visiter(live_server.url + "/gestion/login/")
    page.fill("#id_username", "ines.martin")
    page.fill("#id_password", MOT_DE_PASSE)
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url(re.compile(r".*/gestion/$"))
    violations.verifier("accueil de la gestion")
    violations.visiter(live_server.url + "/gestion/accompagnement/demande/")
    violations.visiter(live_server.url + f"/gestion/accompagnement/demande/{demande.pk}/change/")
    assert demande.reference in page.inner_text("#content")
    # the panels' stylesheet (formerly an inline <style>) is applied
    assert page.locator(".bd-panneau").first.evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"


def test_un_script_en_ligne_est_bloque(live_server, page):
    """The policy is really enforced by the browser: an inline script injected into the page does not run
    and is reported, which is what the two tests above would see."""
    violations = Violations(page)
    violations.visiter(live_server.url + "/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__injecte = 1';"
        " document.body.appendChild(s); }"
    )
    page.wait_for_timeout(100)
    assert page.evaluate("window.__injecte") is None
    assert any("script-src" in v for v in page.evaluate("window.__violations"))
