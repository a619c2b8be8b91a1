"""Uploads of official files in the back office, run as Celery tasks (observatoire/televersement/): the form
(permission, validation in French, nothing written on a bad file), the task's page and JSON, the progress, the
relaunch after a broker outage, the stale « en cours » task, and a real worker on Redis end to end."""

import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accompagnement.groupes import RESPONSABLE
from observatoire.enums import JeuDonnees
from observatoire.models import APLCommune, ImportDonnees, MedecinsCommune, TacheImport
from observatoire.televersement import services
from observatoire.televersement.models import StatutTache
from tests.accompagnement.factories_backoffice import CHARGE, client_de, membre

URL_IMPORTER = reverse("admin:observatoire_tacheimport_importer")
ENTETE_APL = (
    "annee,code_insee,commune,apl_mg,apl_mg_moins_65_ans,population_standardisee_mg,population_totale,"
    "annee_population\n"
)
APL_AGEN = "2023,47001,Agen,4.258,4.1,33000.5,32485,2021\n"
APL_VILLENEUVE = "2023,47323,Villeneuve-sur-Lot,3.416,3.3,22000.1,22541,2021\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def apl(*lignes, nom="apl.csv"):
    return SimpleUploadedFile(nom, (ENTETE_APL + "".join(lignes)).encode(), content_type="text/csv")


def _tache_url(tache):
    return reverse("admin:observatoire_tacheimport_change", args=[tache.pk])


@pytest.mark.django_db(transaction=True)
def test_responsable_televerse_apl_et_voit_l_instantane(client, territoire_47):
    responsable = membre(RESPONSABLE)
    client_de(client, responsable)
    assert client.get(reverse("admin:observatoire_tacheimport_changelist")).status_code == 200
    page = client.get(URL_IMPORTER)
    assert page.status_code == 200 and "Importer un fichier" in page.content.decode()
    reponse = client.post(
        URL_IMPORTER, {"jeu": JeuDonnees.APL, "fichier": apl(APL_AGEN, APL_VILLENEUVE), "departements": "47"}
    )
    tache = TacheImport.objects.get()
    assert reponse.status_code == 302 and reponse["Location"] == _tache_url(tache)
    # eager in tests: the task ran after commit
    assert tache.statut == StatutTache.TERMINEE and tache.demande_par == responsable
    assert tache.instantane.jeu == JeuDonnees.APL and tache.instantane.nb_lignes == 2
    assert tache.instantane.fichier == "apl.csv" and tache.options == {"departements": ["47"], "date": None}
    assert APLCommune.objects.get(commune__code_insee="47001").apl == 4.258
    assert Path(tache.fichier.path).is_file() and "imports-observatoire" in tache.fichier.path
    page = client.get(_tache_url(tache)).content.decode()
    assert "Terminée" in page and "2 lignes" in page and "suivi-import.js" not in page  # no poll when done
    etat = client.get(reverse("admin:observatoire_tacheimport_progression", args=[tache.pk])).json()
    assert etat["statut"] == "terminee" and etat["pourcentage"] == 100 and etat["finie"]
    assert etat["instantane"] == reverse("admin:observatoire_importdonnees_change", args=[tache.instantane_id])


@pytest.mark.django_db
@pytest.mark.parametrize("role", [CHARGE, None])
def test_personnel_sans_permission_refuse(client, role):
    client_de(client, membre(role))
    assert client.get(URL_IMPORTER).status_code == 403
    assert client.post(URL_IMPORTER, {"jeu": JeuDonnees.APL, "fichier": apl(APL_AGEN)}).status_code == 403
    assert not TacheImport.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fichier", "message"),
    [
        (SimpleUploadedFile("apl.exe", b"MZ\x90\x00binaire"), "un fichier texte .csv est attendu"),
        (SimpleUploadedFile("apl.csv", b"PK\x03\x04" + b"\x00" * 200), "son contenu est binaire"),
        (SimpleUploadedFile("apl.csv", b""), "Le fichier soumis est vide"),
    ],
)
def test_fichier_refuse_au_formulaire(client, territoire_47, fichier, message):
    client_de(client, membre(RESPONSABLE))
    reponse = client.post(URL_IMPORTER, {"jeu": JeuDonnees.APL, "fichier": fichier, "departements": "47 63"})
    page = reponse.content.decode()
    assert reponse.status_code == 200 and message in page
    assert 'value="47 63"' in page  # what was typed is kept
    assert "63" in page and "absent(s) du référentiel territorial" in page
    assert not TacheImport.objects.exists() and not ImportDonnees.objects.exists()


@pytest.mark.django_db
def test_trop_lourd(client, settings, territoire_47):
    settings.IMPORT_TAILLE_MAX_MO = 0
    client_de(client, membre(RESPONSABLE))
    page = client.post(URL_IMPORTER, {"jeu": JeuDonnees.APL, "fichier": apl(APL_AGEN)}).content.decode()
    assert "trop lourd" in page and not TacheImport.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_fichier_faux_echoue_en_francais_base_inchangee(client, territoire_47):
    client_de(client, membre(RESPONSABLE))
    faux = apl(APL_AGEN, "2023,47323,Villeneuve-sur-Lot,beaucoup,3.3,22000.1,22541,2021\n")
    client.post(URL_IMPORTER, {"jeu": JeuDonnees.APL, "fichier": faux})
    tache = TacheImport.objects.get()
    assert tache.statut == StatutTache.ECHOUEE
    assert "nombre décimal attendu, lu « beaucoup »" in tache.erreur
    assert "La base de données n’a pas été modifiée." in tache.erreur
    assert not APLCommune.objects.exists() and not ImportDonnees.objects.exists()
    page = client.get(_tache_url(tache)).content.decode()
    assert "Échouée" in page and "beaucoup" in page


@pytest.mark.django_db(transaction=True)
def test_la_progression_avance(territoire_47, monkeypatch, tmp_path):
    """A file of 5,000 rows: the progress is written while reading (every 2,000 rows, at most once a second)."""
    from observatoire.importers import fichiers

    monkeypatch.setattr(services, "INTERVALLE_PROGRESSION_S", 0)
    vus = []
    lignes = "code_insee,commune,annee_bpe,nb_medecins_generalistes_liberaux\n" + "47001,Agen,2020,1\n" * 5000
    tache = TacheImport.objects.create(jeu=JeuDonnees.MEDECINS_COMMUNE, nom_fichier="bpe.csv", options={})
    tache.fichier.save("bpe.csv", SimpleUploadedFile("bpe.csv", lignes.encode()), save=True)
    lire_csv = fichiers.lire_csv

    def lire_en_notant(chemin, colonnes, progression=None):
        def noter(fait, total):
            progression(fait, total)
            vus.append(TacheImport.objects.values_list("statut", "fait", "total").get(pk=tache.pk))

        return lire_csv(chemin, colonnes, noter if progression else None)

    monkeypatch.setattr("observatoire.importers.sante.lire_csv", lire_en_notant)
    assert services.tache_executer(tache.pk) == StatutTache.TERMINEE
    assert vus == [("en_cours", 2000, 5000), ("en_cours", 4000, 5000)]
    tache.refresh_from_db()
    assert tache.pourcentage == 100 and tache.instantane.nb_lignes == 1
    assert MedecinsCommune.objects.get().nombre == 5000  # the 5,000 rows of one commune, summed


@pytest.mark.django_db(transaction=True)
def test_file_injoignable_puis_relance(client, territoire_47, monkeypatch):
    """Redis down at submit time: the task is saved « en attente », the periodic task queues it again."""
    from observatoire import tasks

    def panne(*args, **kwargs):
        raise ConnectionError("redis injoignable")

    client_de(client, membre(RESPONSABLE))
    with monkeypatch.context() as m:
        m.setattr(tasks.executer_import, "apply_async", panne)
        reponse = client.post(URL_IMPORTER, {"jeu": JeuDonnees.APL, "fichier": apl(APL_AGEN)})
    tache = TacheImport.objects.get()
    assert reponse.status_code == 302 and tache.statut == StatutTache.EN_ATTENTE and tache.tentatives == 1
    assert "En attente" in client.get(_tache_url(tache)).content.decode()
    assert services.taches_relancer_en_attente() == 0  # too recent
    TacheImport.objects.update(cree_le=timezone.now() - timedelta(minutes=6))
    assert tasks.surveiller_imports_task() == {"interrompues": 0, "relancees": 1, "fichiers_purges": 0}
    tache.refresh_from_db()
    assert tache.statut == StatutTache.TERMINEE and tache.tentatives == 2
    assert APLCommune.objects.filter(commune__code_insee="47001").exists()


@pytest.mark.django_db
def test_tache_en_cours_sans_progression_devient_echouee(client, settings):
    settings.IMPORT_DELAI_INTERRUPTION_MINUTES = 15
    ancienne = timezone.now() - timedelta(minutes=16)
    bloquee = TacheImport.objects.create(
        jeu=JeuDonnees.APL, nom_fichier="a.csv", statut=StatutTache.EN_COURS, progression_le=ancienne
    )
    vivante = TacheImport.objects.create(
        jeu=JeuDonnees.APL, nom_fichier="b.csv", statut=StatutTache.EN_COURS, progression_le=timezone.now()
    )
    client_de(client, membre(RESPONSABLE))
    # at read time, without waiting for the periodic task
    etat = client.get(reverse("admin:observatoire_tacheimport_progression", args=[bloquee.pk])).json()
    assert etat["statut"] == "echouee" and "Import interrompu" in etat["erreur"]
    assert "aucune progression depuis 15 minutes" in etat["erreur"]
    vivante.refresh_from_db()
    assert vivante.statut == StatutTache.EN_COURS
    assert services.taches_marquer_interrompues() == 0


@pytest.mark.django_db
def test_tache_finie_non_relancee(territoire_47):
    tache = TacheImport.objects.create(jeu=JeuDonnees.APL, nom_fichier="a.csv", statut=StatutTache.TERMINEE)
    assert services.tache_executer(tache.pk) == StatutTache.TERMINEE


@pytest.mark.django_db(transaction=True)
def test_un_vrai_worker_sur_redis_importe(client, territoire_47, celery_worker_reel):
    client_de(client, membre(RESPONSABLE))
    client.post(URL_IMPORTER, {"jeu": JeuDonnees.APL, "fichier": apl(APL_AGEN, APL_VILLENEUVE)})
    tache = TacheImport.objects.get()
    limite = time.monotonic() + 30
    while time.monotonic() < limite:
        tache.refresh_from_db()
        if tache.finie:
            break
        time.sleep(0.2)
    assert tache.statut == StatutTache.TERMINEE, tache.erreur
    assert tache.id_tache_celery and tache.instantane.nb_lignes == 2
    assert APLCommune.objects.get(commune__code_insee="47323").apl == 3.416


@pytest.mark.django_db
def test_demo_un_import_termine_des_qpv_reels(territoire_47):
    from io import StringIO

    from django.core.management import call_command

    from observatoire.televersement.demo import effacer_import_demo, generer_import_demo

    call_command("importer_observatoire", "--departement", "47", "--jeu", "qpv", "--extrait", stdout=StringIO())
    generer_import_demo(departement="47", stdout=StringIO())
    generer_import_demo(departement="47", stdout=StringIO())  # once only
    tache = TacheImport.objects.get()
    assert tache.statut == StatutTache.TERMINEE and tache.nom_fichier == "qpv-2024-47-demonstration.csv"
    assert tache.instantane.jeu == JeuDonnees.QPV and tache.instantane.nb_lignes == 7  # the 7 real QPV of 47
    effacer_import_demo(stdout=StringIO())
    assert not TacheImport.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_erreur_transitoire_reessayee(territoire_47, monkeypatch):
    """The database going away during the import is retried (a bad file is not: it fails at once)."""
    from django.db import OperationalError

    from observatoire import tasks
    from observatoire.importers import registre

    appels = []
    vraie = registre.REGISTRE[JeuDonnees.APL]

    def instable(chemin, **options):
        appels.append(1)
        if len(appels) == 1:
            raise OperationalError("connexion perdue")
        return vraie.fonction(chemin, **options)

    monkeypatch.setitem(
        registre.REGISTRE, JeuDonnees.APL, registre.Importeur(jeu="apl", libelle="APL", fonction=instable)
    )
    tache = TacheImport.objects.create(jeu=JeuDonnees.APL, nom_fichier="apl.csv", options={})
    tache.fichier.save("apl.csv", apl(APL_AGEN), save=True)
    tasks.executer_import.apply(args=[tache.pk], throw=False)  # the retry runs again in-process
    tache.refresh_from_db()
    assert len(appels) == 2 and tache.statut == StatutTache.TERMINEE and tache.instantane.nb_lignes == 1


@pytest.mark.django_db
def test_lien_importer_sur_la_liste_des_instantanes(client):
    url = reverse("admin:observatoire_importdonnees_changelist")
    client_de(client, membre(RESPONSABLE))
    assert URL_IMPORTER in client.get(url).content.decode()
    client.logout()
    lecteur = membre(None)
    lecteur.user_permissions.add(Permission.objects.get(codename="view_importdonnees"))
    client_de(client, lecteur)
    page = client.get(url)
    assert page.status_code == 200 and URL_IMPORTER not in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_fichiers_des_imports_anciens_purges(client, territoire_47, settings):
    settings.IMPORT_CONSERVATION_FICHIERS_JOURS = 30
    client_de(client, membre(RESPONSABLE))
    client.post(URL_IMPORTER, {"jeu": JeuDonnees.APL, "fichier": apl(APL_AGEN)})
    client.post(URL_IMPORTER, {"jeu": JeuDonnees.APL, "fichier": apl(APL_VILLENEUVE, nom="apl-bis.csv")})
    ancienne, recente = TacheImport.objects.order_by("pk")
    chemin = Path(ancienne.fichier.path)
    TacheImport.objects.filter(pk=ancienne.pk).update(fin_le=timezone.now() - timedelta(days=31))
    assert services.fichiers_purger() == 1
    ancienne.refresh_from_db()
    recente.refresh_from_db()
    assert not chemin.exists() and not ancienne.fichier and ancienne.instantane is not None
    assert Path(recente.fichier.path).is_file()
    assert "apl.csv" in client.get(_tache_url(ancienne)).content.decode()  # its page still reads
    assert services.fichiers_purger() == 0
