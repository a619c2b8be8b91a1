"""Back office (directory import/export, « à revoir » list, history) and the demo data."""

import io
import random

import pytest
from django.urls import reverse

from partenaires import demo
from partenaires.admin import PartenaireAdmin, PartenaireResource
from partenaires.enums import TypeZone
from partenaires.models import AideFinanciere, Partenaire, ServicePartenaire, ZonageCommune
from tests.accompagnement.factories_backoffice import client_de
from tests.partenaires.factories import (
    AideFinanciereFactory,
    CommuneFactory,
    DepartementFactory,
    EPCIFactory,
    PartenaireFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def equipe(client, django_user_model):
    user = django_user_model.objects.create_superuser("equipe", "equipe@exemple.invalid", "mot-de-passe-solide")
    return client_de(client, user)  # a superuser must give a second factor


def test_admin_partenaire_sous_classable():
    assert PartenaireAdmin.get_queryset is not None
    assert PartenaireAdmin.__module__ == "partenaires.admin"


def test_admin_pages(equipe):
    p = PartenaireFactory(nom="CPAM", services=["aides_financieres"])
    aide = AideFinanciereFactory(financeur=p)
    for url in (
        reverse("admin:partenaires_partenaire_changelist"),
        reverse("admin:partenaires_partenaire_change", args=[p.pk]),
        reverse("admin:partenaires_partenaire_history", args=[p.pk]),
        reverse("admin:partenaires_aidefinanciere_change", args=[aide.pk]),
        reverse("admin:partenaires_zonagecommune_changelist"),
    ):
        assert equipe.get(url).status_code == 200, url


@pytest.mark.ignore_template_errors  # django-import-export's own template reads an optional variable
def test_admin_page_export(equipe):
    contenu = equipe.get(reverse("admin:partenaires_partenaire_export")).content.decode()
    assert "xlsx" in contenu.lower() and "csv" in contenu.lower()


def test_aides_a_revoir(equipe):
    AideFinanciereFactory(nom="Aide en vigueur")
    expiree = AideFinanciereFactory(nom="Aide expirée", expiree=True)
    AideFinanciereFactory(nom="Ancien contrat", fermee=True)
    contenu = equipe.get(reverse("admin:partenaires_aidearevoir_changelist")).content.decode()
    assert "Aide expirée" in contenu and "Aide en vigueur" not in contenu and "Ancien contrat" not in contenu
    filtre = equipe.get(reverse("admin:partenaires_aidefinanciere_changelist"), {"a_revoir": "oui"}).content.decode()
    assert "Aide expirée" in filtre and "Aide en vigueur" not in filtre
    equipe.post(
        reverse("admin:partenaires_aidearevoir_changelist"),
        {"action": "archiver", "_selected_action": [expiree.pk]},
    )
    expiree.refresh_from_db()
    assert expiree.historique
    assert expiree.history.count() == 2


def test_export_puis_import_csv_avec_services():
    epci = EPCIFactory(siren="200035459")
    p = PartenaireFactory(nom="ADIL", slug="adil", services=["logement", "emploi_conjoint"], epcis=[epci])
    export = PartenaireResource().export().csv
    assert "emploi_conjoint|logement" in export or "logement|emploi_conjoint" in export
    assert "200035459" in export
    p.delete()
    donnees = export.replace("ADIL", "ADIL du département")
    import tablib

    resultat = PartenaireResource().import_data(tablib.Dataset().load(io.StringIO(donnees), format="csv"))
    assert not resultat.has_errors() and not resultat.has_validation_errors()
    importe = Partenaire.objects.get(slug="adil")
    assert importe.nom == "ADIL du département"
    assert set(importe.services.values_list("type_besoin", flat=True)) == {"logement", "emploi_conjoint"}
    assert list(importe.epcis_couverts.all()) == [epci]
    assert importe.texte_recherche.startswith("adil du departement")


def test_import_besoin_inconnu_refuse():
    import tablib

    donnees = "slug,nom,type,services\nx,X,autre,logement|teleportation\n"
    resultat = PartenaireResource().import_data(tablib.Dataset().load(io.StringIO(donnees), format="csv"))
    assert resultat.has_validation_errors()
    assert not Partenaire.objects.filter(slug="x").exists()
    assert not ServicePartenaire.objects.exists()


@pytest.mark.parametrize("code", ["47", "63"])
def test_demo(code):
    trait = {"puy_de_dome": True} if code == "63" else {}
    departement = DepartementFactory(**trait)
    for n in range(3):
        epci = EPCIFactory()
        for m in range(5):
            CommuneFactory(departement=departement, epci=epci, population=1_000 + 500 * m + n, **trait)
    sortie = io.StringIO()
    demo.generer(rng=random.Random(1), departement=code, stdout=sortie)
    partenaires = Partenaire.objects.all()
    assert partenaires.count() >= 40
    assert all(p.est_demo for p in partenaires)
    assert all(p.contact_interne_email.endswith(".invalid") for p in partenaires)
    assert partenaires.filter(type="collectivite").count() == 3 + 2  # the 3 EPCIs, the Région, the Département
    noms = " ".join(partenaires.values_list("nom", flat=True))
    attendu = "du Lot-et-Garonne" if code == "47" else "du Puy-de-Dôme"
    assert f"Conseil départemental de l’Ordre des médecins {attendu}" in noms
    for p in partenaires.exclude(latitude=None):
        if code == "47":
            assert 43.9 < p.latitude < 44.8 and -0.2 < p.longitude < 1.1
    assert AideFinanciere.objects.get(slug="aide-a-la-primo-installation-en-zip").montant_max == 10_000
    assert AideFinanciere.objects.get(slug="contrat-daide-a-linstallation-des-medecins-caim").historique
    assert AideFinanciere.objects.filter(montant_non_confirme=True).exists()
    assert ZonageCommune.objects.filter(est_demo=True).values("commune").distinct().count() == 15
    assert not ZonageCommune.objects.filter(est_demo=False).exists()
    assert ZonageCommune.objects.filter(type_zone=TypeZone.QPV).count() == 3
    demo.effacer(stdout=sortie)
    assert not Partenaire.objects.exists() and not ZonageCommune.objects.exists()
