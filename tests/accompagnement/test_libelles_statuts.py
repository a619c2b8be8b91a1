"""Raw codes in the back-office timeline (« nouveau → resolu », « nouvelle → en_cours »): every place a status or
type is shown says its label. The back-office pages of a case (change page and its timeline, history, need
pages, lists, workload, activity), the requester's space and the access-right export are rendered after a real
history of actions and scanned for any stored code of accompagnement/enums.py shown as text."""

import inspect
import json
import re
import unicodedata
from html.parser import HTMLParser

import pytest
from django.db import models
from django.urls import reverse

from accompagnement import enums
from accompagnement.enums import StatutBesoin, StatutDemande, StatutEtape
from accompagnement.models import Evenement
from accompagnement.services.acces import jeton_creer
from accompagnement.services.demandes import demande_retirer
from accompagnement.services.suivi import (
    besoin_changer_statut,
    besoin_orienter,
    demande_changer_statut,
    etape_modifier,
    message_hotline_envoyer,
)
from partenaires.enums import TypeBesoin
from tests.accompagnement.factories import (
    AgentFactory,
    BesoinFactory,
    DemandeFactory,
    EtapeFactory,
    PartenaireOrientationFactory,
)

pytestmark = pytest.mark.django_db

ENUMS = [
    classe
    for _, classe in inspect.getmembers(enums, inspect.isclass)
    if issubclass(classe, models.TextChoices) and classe is not models.TextChoices
] + [TypeBesoin]


def _sans_accents(texte: str) -> str:
    return unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode().lower()


def _codes_reperables() -> set[str]:
    """Codes that cannot be a French word of the page: with an underscore (« en_cours »), or the accent-less form
    of an accented label (« resolu » for « Résolu »). Codes that ARE a French word (« nouveau », « stage ») are
    caught by the arrow rule of the timeline below."""
    codes = set()
    for classe in ENUMS:
        for code, libelle in classe.choices:
            mot = rf"(?<!\w){re.escape(code)}(?!\w)"
            if "_" in code or (re.search(mot, _sans_accents(libelle)) and not re.search(mot, libelle.lower())):
                codes.add(code)
    return codes


CODES = _codes_reperables()
TOUS_LES_CODES = {code for classe in ENUMS for code in classe.values}


class _Texte(HTMLParser):
    """The text a person reads (no tags, attributes, scripts or styles)."""

    def __init__(self):
        super().__init__()
        self.morceaux, self._cache = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._cache += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._cache:
            self._cache -= 1

    def handle_data(self, data):
        if not self._cache:
            self.morceaux.append(data)


def _texte_visible(html: str) -> str:
    analyse = _Texte()
    analyse.feed(html)
    return " ".join(" ".join(analyse.morceaux).split())


def _codes_affiches(texte: str) -> list[str]:
    trouves = [code for code in CODES if re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", texte)]
    # a status change written with its codes: « nouveau → resolu »
    for avant, apres in re.findall(r"(\w+) → (\w+)", texte):
        trouves += [mot for mot in (avant, apres) if mot in TOUS_LES_CODES and mot == mot.lower()]
    return sorted(set(trouves))


def test_les_codes_reperables_couvrent_ceux_du_ticket():
    assert {"en_cours", "resolu", "oriente", "sans_suite", "terminee", "retiree", "a_faire"} <= CODES
    assert _codes_affiches("Statut d’un besoin modifié : nouveau → resolu") == ["nouveau", "resolu"]
    assert _codes_affiches("Statut de la demande modifié : nouvelle → en_cours") == ["en_cours", "nouvelle"]
    assert _codes_affiches("Statut de la demande modifié : Nouvelle → En cours d’accompagnement") == []


@pytest.fixture
def dossier():
    """A case after a real history: case status, need statuses, a referral, a step, a message, a withdrawal."""
    agent = AgentFactory(first_name="Mehdi", last_name="Benali")
    demande = DemandeFactory(prenom="Inès", nom="Moreau")
    logement = BesoinFactory(demande=demande, logement=True)
    conjoint = BesoinFactory(demande=demande, emploi_conjoint=True)
    scolarite = BesoinFactory(demande=demande, scolarite=True)
    etape = EtapeFactory(demande=demande)
    demande_changer_statut(demande=demande, vers=StatutDemande.EN_COURS, auteur=agent)
    besoin_changer_statut(besoin=logement, vers=StatutBesoin.EN_COURS, auteur=agent)
    besoin_changer_statut(besoin=conjoint, vers=StatutBesoin.RESOLU, auteur=agent)
    besoin_orienter(besoin=logement, partenaire=PartenaireOrientationFactory(nom="ADIL 47"), auteur=agent)
    besoin_changer_statut(besoin=scolarite, vers=StatutBesoin.SANS_SUITE, auteur=agent)
    etape_modifier(etape=etape, auteur=agent, statut=StatutEtape.EN_COURS, echeance=None)
    message_hotline_envoyer(demande=demande, auteur=agent, corps="Un partenaire va vous appeler.")
    demande_retirer(demande=demande, motif="Projet reporté")
    assert Evenement.objects.filter(demande=demande).count() >= 8
    return demande, logement


def test_aucune_page_du_back_office_ni_l_espace_n_affiche_un_code(admin_client, client, dossier):
    demande, besoin = dossier
    pages = {
        "fiche de la demande": reverse("admin:accompagnement_demande_change", args=[demande.pk]),
        "historique de la demande": reverse("admin:accompagnement_demande_history", args=[demande.pk]),
        "liste des demandes": reverse("admin:accompagnement_demande_changelist"),
        "fiche d’un besoin": reverse("admin:accompagnement_besoin_change", args=[besoin.pk]),
        "historique d’un besoin": reverse("admin:accompagnement_besoin_history", args=[besoin.pk]),
        "liste des besoins": reverse("admin:accompagnement_besoin_changelist"),
        "charge de travail": reverse("admin:accompagnement_demande_charge"),
        "activité": reverse("admin:accompagnement_demande_activite"),
    }
    trouves = {}
    for nom, url in pages.items():
        reponse = admin_client.get(url)
        assert reponse.status_code == 200, (nom, reponse.status_code)
        codes = _codes_affiches(_texte_visible(reponse.content.decode()))
        if codes:
            trouves[nom] = codes
    espace = client.get(reverse("accompagnement:espace", kwargs={"jeton": jeton_creer(demande=demande)}))
    assert espace.status_code == 200
    if codes := _codes_affiches(_texte_visible(espace.content.decode())):
        trouves["espace du demandeur"] = codes
    assert trouves == {}

    # the timeline really is on the page, with labels
    fiche = _texte_visible(admin_client.get(pages["fiche de la demande"]).content.decode())
    assert "Nouvelle → En cours d’accompagnement" in fiche
    assert "Nouveau → Résolu" in fiche
    assert "En cours d’accompagnement → Retirée par le demandeur" in fiche


def test_l_export_du_droit_d_acces_donne_les_statuts_en_libelles(admin_client, dossier):
    demande, _ = dossier
    reponse = admin_client.post(reverse("admin:accompagnement_demande_donnees", args=[demande.pk, "json"]))
    assert reponse.status_code == 200
    donnees = json.loads(b"".join(reponse.streaming_content) if reponse.streaming else reponse.content)
    valeurs = [v for ligne in donnees["historique"] for v in (ligne["avant"], ligne["apres"]) if v]
    assert "Résolu" in valeurs and "En cours d’accompagnement" in valeurs
    assert [v for v in valeurs if v in TOUS_LES_CODES and v == v.lower()] == []
