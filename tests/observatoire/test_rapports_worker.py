"""A real Celery worker on Redis renders a report (celery_worker_reel): the request returns at once, the row
goes « en cours » then « prêt » with its PDF, read back by pdftotext."""

import datetime
import io
import time

import pytest
from django.core.management import call_command

from observatoire.models import EPCI
from observatoire.rapports.models import Perimetre, Rapport, StatutRapport
from observatoire.rapports.services import rapport_demander


@pytest.mark.django_db(transaction=True)
def test_un_vrai_worker_produit_le_rapport(celery_worker_reel, settings, tmp_path, pdftotext):
    settings.MEDIA_ROOT = tmp_path / "media"
    sortie = io.StringIO()
    call_command("importer_territoire", "--departement", "47", "--extrait", stdout=sortie)
    call_command("importer_observatoire", "--departement", "47", "--extrait", stdout=sortie)
    epci = EPCI.objects.get(siren="200096956")

    debut = time.monotonic()
    rapport, nouveau = rapport_demander(
        departement_code="47", perimetre=Perimetre.EPCI, epci=epci, date=datetime.date(2026, 6, 1)
    )
    assert nouveau and time.monotonic() - debut < 2  # the request does not wait for the rendering

    limite = time.monotonic() + 90
    while time.monotonic() < limite:
        rapport.refresh_from_db()
        if rapport.statut in (StatutRapport.PRET, StatutRapport.ECHOUE):
            break
        time.sleep(0.3)
    assert rapport.statut == StatutRapport.PRET, rapport.raison_echec
    assert rapport.tache_id and rapport.mis_en_file_le and rapport.tentatives == 1
    with rapport.fichier.open("rb") as f:
        texte = pdftotext(f.read())
    assert "CA Agglomération d'Agen" in texte and "Agen (47001)" in texte
    assert Rapport.objects.count() == 1
