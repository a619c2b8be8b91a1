"""The checklist sent installers to a closed scheme (« contrat d’aide à l’installation », the CAIM, closed on
31 December 2025). No checklist step text may present a closed aid as available; the aids step follows the 2026
rules the simulator encodes and links to the simulator. The templates seeded before are brought up to date."""

import importlib
import re

import pytest
from django.apps import apps

from accompagnement import demo
from accompagnement.enums import StatutEtape, TypeProjet
from accompagnement.models import Etape, ModeleEtape
from tests.accompagnement.factories import EtapeFactory, ModeleEtapeFactory

pytestmark = pytest.mark.django_db

# Schemes that can no longer be signed in 2026 (partenaires/demo.py: the CAIM ends on 31/12/2025; COSCOM, CSTM,
# COTRAM with it; the CDE since 1/1/2024, and the PTMG/PTMA it replaced).
AIDES_FERMEES = re.compile(
    r"contrats? d[’']aide à l[’']installation|\bCAIM\b|\bCOSCOM\b|\bCSTM\b|\bCOTRAM\b|\bPTMG\b|\bPTMA\b|"
    r"contrat de début d[’']exercice|\bCDE\b",
    re.IGNORECASE,
)
migration = importlib.import_module("accompagnement.migrations.0015_parcours_aides_2026")


def _textes(objets):
    return {f"{o.titre} — {o.organisme} — {o.description}" for o in objets}


def test_aucune_etape_du_parcours_ne_presente_une_aide_fermee(settings):
    settings.SITE_URL = "https://guichet.exemple.test"
    demo._modeles_etapes()
    modeles = list(ModeleEtape.objects.all())
    assert len(modeles) > 20
    fautifs = [texte for texte in _textes(modeles) if AIDES_FERMEES.search(texte)]
    assert fautifs == []


def test_l_etape_des_aides_suit_les_regles_2026_et_mene_au_simulateur(settings):
    settings.SITE_URL = "https://guichet.exemple.test"
    demo._modeles_etapes()
    etape = ModeleEtape.objects.get(type_projet=TypeProjet.INSTALLATION, titre__icontains="aides")
    assert etape.lien == "https://guichet.exemple.test/aides/"
    assert "primo-installation" in etape.description
    assert "simulateur" in etape.description


def test_le_modele_seme_avant_2026_est_mis_a_jour_mais_pas_un_texte_reecrit_par_l_equipe(settings):
    settings.SITE_URL = "https://guichet.exemple.test"
    ancien = ModeleEtapeFactory(titre="Contrats et aides à l’installation", description=migration.ANCIENNE_DESCRIPTION)
    reecrit = ModeleEtapeFactory(
        titre="Nos aides", description="Texte de l’équipe sur le contrat d’aide à l’installation."
    )
    a_faire = EtapeFactory(modele=ancien, titre=ancien.titre, description=ancien.description)
    faite = EtapeFactory(modele=ancien, titre=ancien.titre, description=ancien.description, statut=StatutEtape.FAIT)
    assert AIDES_FERMEES.search(ancien.description)

    migration.mettre_a_jour(apps, None)

    ancien.refresh_from_db()
    assert not AIDES_FERMEES.search(ancien.description) and ancien.titre == migration.TITRE
    assert ancien.lien == "https://guichet.exemple.test/aides/"
    assert Etape.objects.get(pk=a_faire.pk).description == migration.DESCRIPTION
    assert Etape.objects.get(pk=faite.pk).description == migration.ANCIENNE_DESCRIPTION  # a done step is history
    reecrit.refresh_from_db()
    assert reecrit.titre == "Nos aides"  # the staff's own text is theirs
    assert (migration.TITRE, migration.DESCRIPTION) == (demo.TITRE_ETAPE_AIDES, demo.DESCRIPTION_ETAPE_AIDES)
