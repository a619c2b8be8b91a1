"""PDF reports of the observatory (observatoire/rapports/): the PDF read back by pdftotext says the figures of
tableau_de_bord for the same data; failure → retried then failed with its reason; a stuck report is marked
failed; a broker down leaves the request waiting and the beat task queues it; rights on the internal edition;
the public form (French errors, nothing lost, identical request reused, rate limit); fixed query counts."""

import datetime
import io
import re
import subprocess
from unittest import mock

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accompagnement.groupes import OBSERVATOIRE, RESPONSABLE
from observatoire.indicateurs import tableau_de_bord
from observatoire.rapports import services
from observatoire.rapports.models import Edition, Perimetre, Rapport, StatutRapport
from observatoire.rapports.svg import Zone, carte_choroplethe, classes_quantiles
from tests.accompagnement.factories import AgentFactory
from tests.accompagnement.factories_backoffice import client_de, membre

pytestmark = pytest.mark.django_db
AUJOURD_HUI = datetime.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def sans_propagation():
    """Eager tasks as a worker runs them: a retry is applied again instead of raising out of `delay()`."""
    from bienvenuedoc.celery import app

    avant = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = avant


@pytest.fixture
def lot_et_garonne():
    sortie = io.StringIO()
    call_command("importer_territoire", "--departement", "47", "--extrait", stdout=sortie)
    call_command("importer_observatoire", "--departement", "47", "--extrait", stdout=sortie)


def _texte(pdftotext, rapport: Rapport) -> str:
    rapport.refresh_from_db()
    with rapport.fichier.open("rb") as f:
        texte = pdftotext(f.read())
    return re.sub(r"[\u00a0\u202f]", " ", texte)


def _fr(valeur, decimales=0) -> str:
    return f"{valeur:,.{decimales}f}".replace(",", " ").replace(".", ",")


def _ligne(texte: str, debut: str) -> str:
    return next(ligne for ligne in texte.splitlines() if ligne.strip().startswith(debut))


def _demander(**kwargs) -> Rapport:
    options = {"departement_code": "47", "perimetre": Perimetre.DEPARTEMENT, "date": AUJOURD_HUI} | kwargs
    rapport, _ = services.rapport_demander(**options)
    return rapport


# --- rendering: the PDF says what the selector says ----------------------------------------------------------
def test_rapport_du_departement_relu_par_pdftotext(lot_et_garonne, pdftotext, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        rapport = _demander(edition=Edition.INTERNE)
    rapport.refresh_from_db()
    assert rapport.statut == StatutRapport.PRET and rapport.progression == 100
    assert rapport.pages > 5 and rapport.duree_rendu > 0 and rapport.taille == rapport.fichier.size
    texte = _texte(pdftotext, rapport)
    dep = tableau_de_bord("47", public=False).departement

    assert "Lot-et-Garonne (47)" in texte and "Sommaire" in texte and "Page 2 sur" in texte
    assert _ligne(texte, "Médecins généralistes libéraux (INSEE").split()[-1] == _fr(dep.medecins) == "240"
    assert _ligne(texte, "Médecins pour 10 000 habitants").endswith(_fr(dep.densite, 1))
    assert _ligne(texte, "APL 2023 (DREES)").endswith(_fr(dep.apl, 2)) and _fr(dep.apl, 2) == "3,03"
    assert _ligne(texte, "Habitants sous APL 2,5").endswith(_fr(dep.population_sous_2_5)) and "93 507" in texte
    assert _ligne(texte, "Population 2020 (INSEE)").endswith(_fr(dep.population_2020))
    # the table per commune: Agen's GPs, density and APL as the selector gives them
    agen = next(c for c in tableau_de_bord("47", public=False).communes if c.code == "47001")
    ligne_agen = _ligne(texte, "Agen (47001)")
    attendu = [_fr(agen.medecins), _fr(agen.densite, 1), _fr(agen.habitants_par_medecin), "4,47", "4,26"]
    assert ligne_agen.split()[2:4] == _fr(agen.population_2020).split() and ligne_agen.split()[4:9] == attendu
    # the table of contents gives page numbers, the methodology lists the snapshots with their dates
    assert re.search(r"Méthodologie et sources \.+ \d+", texte)
    assert "Jeux de données utilisés" in texte and "DREES, accessibilité potentielle localisée" in texte
    assert "démonstration (fictif)" not in texte
    infos = subprocess.run(["pdfinfo", rapport.fichier.path], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Tagged:\s+yes", infos)  # tagged PDF: its structure is read by screen readers


def test_edition_publique_masque_les_petits_effectifs(lot_et_garonne, pdftotext, django_capture_on_commit_callbacks):
    equipe = {c.code: c for c in tableau_de_bord("47", public=False).communes}
    petites = [c for c in equipe.values() if c.medecins is not None and 0 < c.medecins < 5]
    petite = min(petites, key=lambda c: len(c.nom))  # a short name: its row is not wrapped
    epci = Rapport._meta.get_field("epci").related_model.objects.get(communes__code_insee=petite.code)
    with django_capture_on_commit_callbacks(execute=True):
        rapport = _demander(perimetre=Perimetre.EPCI, epci=epci)
    texte = _texte(pdftotext, rapport)
    ligne = _ligne(texte, f"{petite.nom} ({petite.code})")
    assert "moins de 5" in ligne and f" {petite.medecins} " not in f" {ligne} "
    assert "Édition publique" in texte and epci.nom in texte


def test_carte_svg_projette_les_contours_et_classe_les_valeurs():
    carre = {"type": "Polygon", "coordinates": [[[0, 44], [1, 44], [1, 45], [0, 45], [0, 44]]]}
    zones = [Zone("A", "Alpha", carre), Zone("B", "Bêta", carre), Zone("C", "Gamma & co", carre)]
    svg, classes = carte_choroplethe(zones, {"A": 1.0, "B": 3.0, "C": None}, titre="Carte <test>")
    assert svg.count("<path d=") == 3 + 1  # three zones and the hatch of « no data »
    assert "Gamma &amp; co : non disponible" in svg and "Carte &lt;test&gt;" in svg
    assert 'fill="url(#carte-hachures)"' in svg
    assert [k.nombre for k in classes] == [1, 1] and classes[0].couleur != classes[1].couleur
    assert len(classes_quantiles(list(range(100)))) == 5


# --- failures, retries, stuck reports, broker down -------------------------------------------------------------
def test_echec_reessaye_puis_marque_echoue_avec_la_raison(
    lot_et_garonne, sans_propagation, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(services, "rendre_pdf", side_effect=RuntimeError("police introuvable")) as rendu,
        django_capture_on_commit_callbacks(execute=True),
    ):
        rapport = _demander()
    rapport.refresh_from_db()
    assert rendu.call_count == 3  # the first attempt and two retries
    assert rapport.statut == StatutRapport.ECHOUE and rapport.tentatives == 3
    assert rapport.raison_echec == "RuntimeError : police introuvable"
    assert not rapport.fichier


def test_reussite_au_second_essai(lot_et_garonne, sans_propagation, django_capture_on_commit_callbacks):
    vrai = services.rendre_pdf
    essais = []

    def rendu(rapport, progresser):
        essais.append(1)
        if len(essais) == 1:
            raise OSError("disque plein")
        return vrai(rapport, progresser)

    with (
        mock.patch.object(services, "rendre_pdf", side_effect=rendu),
        django_capture_on_commit_callbacks(execute=True),
    ):
        rapport = _demander(perimetre=Perimetre.EPCI, epci=_un_epci())
    rapport.refresh_from_db()
    assert rapport.statut == StatutRapport.PRET and rapport.tentatives == 2 and rapport.raison_echec == ""


def _un_epci():
    from observatoire.models import EPCI

    return EPCI.objects.get(siren="200096956")


def test_rapport_bloque_marque_echoue(lot_et_garonne, client, settings):
    settings.RAPPORT_DELAI_BLOQUE_MINUTES = 15
    rapport = Rapport.objects.create(
        departement_code="47", perimetre=Perimetre.DEPARTEMENT, intitule="X", date=AUJOURD_HUI,
        statut=StatutRapport.EN_COURS, maj_le=timezone.now() - datetime.timedelta(minutes=10),
    )  # fmt: skip
    assert services.rapports_marquer_bloques() == 0  # still alive 10 minutes ago
    Rapport.objects.filter(pk=rapport.pk).update(maj_le=timezone.now() - datetime.timedelta(minutes=16))
    # at read time: the page shows the failure at once
    reponse = client.get(rapport.get_absolute_url())
    assert "a échoué" in reponse.content.decode()
    rapport.refresh_from_db()
    assert rapport.statut == StatutRapport.ECHOUE and "aucun signe de vie depuis 15 minutes" in rapport.raison_echec


def test_file_injoignable_la_demande_attend_puis_la_tache_periodique_la_lance(
    lot_et_garonne, django_capture_on_commit_callbacks
):
    from observatoire.rapports.tasks import generer_rapport_task

    with (
        mock.patch.object(generer_rapport_task, "delay", side_effect=ConnectionError("Redis arrêté")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        rapport = _demander(perimetre=Perimetre.EPCI, epci=_un_epci())
    rapport.refresh_from_db()
    assert rapport.statut == StatutRapport.EN_ATTENTE and rapport.mis_en_file_le is None  # saved, not lost
    assert services.rapports_relancer() == 1
    rapport.refresh_from_db()
    assert rapport.statut == StatutRapport.PRET


def test_demande_identique_reutilisee(lot_et_garonne, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        premier, nouveau = services.rapport_demander(
            departement_code="47", perimetre=Perimetre.EPCI, epci=_un_epci(), date=AUJOURD_HUI
        )
    second, encore = services.rapport_demander(
        departement_code="47", perimetre=Perimetre.EPCI, epci=_un_epci(), date=AUJOURD_HUI
    )
    assert nouveau and not encore and second == premier
    interne, _ = services.rapport_demander(
        departement_code="47", perimetre=Perimetre.EPCI, epci=_un_epci(), date=AUJOURD_HUI, edition=Edition.INTERNE
    )
    assert interne != premier  # another edition is another report


def test_regeneration_mensuelle(lot_et_garonne, django_capture_on_commit_callbacks, settings):
    settings.DEPARTEMENT = "47"
    with (
        mock.patch.object(services, "rendre_pdf", return_value=(b"%PDF-1.7 test", 1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        rapports = services.rapports_standard_regenerer(aujourd_hui=AUJOURD_HUI)
    assert {r.perimetre for r in rapports} == {Perimetre.DEPARTEMENT, Perimetre.TOUS_EPCI}
    assert all(r.standard and r.edition == Edition.PUBLIQUE for r in rapports)
    assert set(Rapport.objects.values_list("statut", flat=True)) == {StatutRapport.PRET}


# --- rights -----------------------------------------------------------------------------------------------
def _pret(edition) -> Rapport:
    from django.core.files.base import ContentFile

    rapport = Rapport.objects.create(
        departement_code="47", perimetre=Perimetre.DEPARTEMENT, intitule="Lot-et-Garonne (47)", date=AUJOURD_HUI,
        edition=edition, statut=StatutRapport.PRET, progression=100, termine_le=timezone.now(), taille=12,
    )  # fmt: skip
    rapport.fichier.save(f"{rapport.uuid}.pdf", ContentFile(b"%PDF-1.7 xx"))
    return rapport


def test_edition_interne_refusee_au_public_et_au_personnel_sans_permission(client):
    interne, publique = _pret(Edition.INTERNE), _pret(Edition.PUBLIQUE)
    for url in (interne.get_absolute_url(), interne.url_pdf(), reverse("rapports:etat", args=[interne.uuid])):
        assert client.get(url).status_code == 404
    reponse = client.get(publique.url_pdf())
    assert reponse.status_code == 200 and b"".join(reponse.streaming_content) == b"%PDF-1.7 xx"
    assert reponse["Content-Type"] == "application/pdf"
    liste = client.get(reverse("rapports:liste")).content.decode()
    assert publique.get_absolute_url() in liste and interne.get_absolute_url() not in liste

    sans_permission = client_de(client, AgentFactory())
    assert sans_permission.get(interne.url_pdf()).status_code == 404


def test_edition_interne_pour_le_personnel_autorise(client):
    interne = _pret(Edition.INTERNE)
    agent = AgentFactory()
    agent.user_permissions.add(Permission.objects.get(codename="view_rapport", content_type__app_label="observatoire"))
    equipe = client_de(client, agent)
    assert equipe.get(interne.url_pdf()).status_code == 200
    assert interne.get_absolute_url() in equipe.get(reverse("rapports:liste")).content.decode()


@pytest.mark.parametrize("role", [OBSERVATOIRE, RESPONSABLE])
def test_les_groupes_observatoire_et_responsable_lisent_l_edition_interne(client, role):
    interne = _pret(Edition.INTERNE)
    equipe = client_de(client, membre(role))
    assert equipe.get(interne.url_pdf()).status_code == 200
    assert equipe.get(reverse("admin:observatoire_rapport_add")).status_code == 200


def test_fichier_hors_de_toute_adresse_publique(media):
    rapport = _pret(Edition.PUBLIQUE)
    assert str(media / "rapports") in rapport.fichier.path
    with pytest.raises(ValueError):
        rapport.fichier.url  # noqa: B018 (no base URL: only the view serves it)


# --- the public form --------------------------------------------------------------------------------------
def _donnees(**kwargs):
    return {
        "perimetre": "departement",
        "date": "01/06/2026",
        "date_comparaison": "",
        "epci": "",
        "site_web": "",
    } | kwargs


def test_formulaire_public_erreurs_en_francais_et_rien_de_perdu(lot_et_garonne, client):
    reponse = client.post(reverse("rapports:liste"), _donnees(perimetre="epci", date="31/02/2026"))
    page = reponse.content.decode()
    assert reponse.status_code == 200 and not Rapport.objects.exists()
    assert "Saisissez une date valide" in page and "Choisissez l’intercommunalité du rapport." in page
    assert 'value="epci" class="form-check-input" required id="id_perimetre_1" checked' in page or (
        'id="id_perimetre_1"' in page and "checked" in page
    )
    reponse = client.post(reverse("rapports:liste"), _donnees(date="2026-06-01", date_comparaison="2026-07-01"))
    page = reponse.content.decode()
    assert "La date de comparaison doit précéder la date du rapport." in page
    assert 'value="2026-07-01"' in page  # what was typed comes back
    futur = (timezone.localdate() + datetime.timedelta(days=3)).strftime("%d/%m/%Y")
    assert (
        "La date ne peut pas être dans le futur."
        in client.post(reverse("rapports:liste"), _donnees(date=futur)).content.decode()
    )


def test_formulaire_public_demande_puis_reutilise(lot_et_garonne, client, django_capture_on_commit_callbacks):
    with (
        mock.patch.object(services, "rendre_pdf", return_value=(b"%PDF-1.7 test", 1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reponse = client.post(reverse("rapports:liste"), _donnees())
    rapport = Rapport.objects.get()
    assert reponse.status_code == 302 and reponse.url == rapport.get_absolute_url()
    assert rapport.edition == Edition.PUBLIQUE and rapport.demande_par is None
    page = client.get(rapport.get_absolute_url()).content.decode()
    assert "Télécharger le rapport" in page and rapport.url_pdf() in page
    reponse = client.post(reverse("rapports:liste"), _donnees())
    assert reponse.url == rapport.get_absolute_url() and Rapport.objects.count() == 1


def test_formulaire_public_limite_de_debit(lot_et_garonne, client, django_capture_on_commit_callbacks):
    from bienvenuedoc.utils.http import LimiteEnvois

    with mock.patch.object(LimiteEnvois, "attente", return_value=120):
        reponse = client.post(reverse("rapports:liste"), _donnees())
    assert reponse.status_code == 429 and not Rapport.objects.exists()
    assert reponse["Retry-After"] == "120"


def test_formulaire_public_antispam(lot_et_garonne, client):
    reponse = client.post(reverse("rapports:liste"), _donnees(site_web="http://spam.example"))
    assert "Votre envoi n’a pas pu être accepté" in reponse.content.decode() and not Rapport.objects.exists()


# --- progress and query counts -------------------------------------------------------------------------------
def test_page_en_cours_et_etat_json(client):
    rapport = Rapport.objects.create(
        departement_code="47", perimetre=Perimetre.DEPARTEMENT, intitule="Lot-et-Garonne (47)", date=AUJOURD_HUI,
        statut=StatutRapport.EN_COURS, progression=40, etape="Dessin des cartes", maj_le=timezone.now(),
    )  # fmt: skip
    page = client.get(rapport.get_absolute_url()).content.decode()
    assert "Dessin des cartes (40" in page and 'value="40"' in page and "Actualiser la page" in page
    assert "<script>" not in page  # CSP: the poll is static/js/rapport-progression.js
    etat = client.get(reverse("rapports:etat", args=[rapport.uuid])).json()
    assert etat == {
        "statut": "en_cours", "libelle": "En cours", "progression": 40, "etape": "Dessin des cartes",
        "pret": False, "url_pdf": None,
    }  # fmt: skip


@pytest.mark.parametrize("nombre", [1, 60])
def test_nombre_de_requetes_fixe(client, nombre, django_assert_max_num_queries):
    rapports = [_pret(Edition.PUBLIQUE) for _ in range(nombre)]
    with django_assert_max_num_queries(8):
        assert client.get(reverse("rapports:liste")).status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get(rapports[0].get_absolute_url()).status_code == 200


def test_rapport_comparant_deux_dates(lot_et_garonne, pdftotext, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        rapport = _demander(
            perimetre=Perimetre.EPCI, epci=_un_epci(), date_comparaison=datetime.date(2024, 1, 1), edition="interne"
        )
    texte = _texte(pdftotext, rapport)
    assert "Comparaison du 1 janvier 2024 au 1 juin 2026" in texte
    entete = _ligne(texte, "Indicateur")
    assert "Au 01/01/2024" in entete and "Valeur au 01/06/2026" in entete
    epci = next(e for e in tableau_de_bord("47", public=False).epcis if e.code == "200096956")
    assert _ligne(texte, "APL 2023 (DREES)").split()[-2:] == [_fr(epci.apl, 2)] * 2  # one vintage: same value


def test_lien_depuis_la_page_de_l_observatoire(client):
    assert reverse("rapports:liste") in client.get(reverse("observatoire:accueil")).content.decode()


# --- the back office ----------------------------------------------------------------------------------------
def test_gestion_demander_un_rapport_interne(lot_et_garonne, client, django_capture_on_commit_callbacks):
    agent = membre(OBSERVATOIRE)
    equipe = client_de(client, agent)
    url = reverse("admin:observatoire_rapport_add")
    page = equipe.post(url, {"perimetre": "epci", "date": "2026-06-01", "edition": "interne"}).content.decode()
    assert "Choisissez l’intercommunalité du rapport." in page and not Rapport.objects.exists()
    donnees = {"perimetre": "epci", "epci": _un_epci().pk, "date": "2026-06-01", "edition": "interne"}
    with (
        mock.patch.object(services, "rendre_pdf", return_value=(b"%PDF-1.7 test", 1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reponse = equipe.post(url, donnees)
    rapport = Rapport.objects.get()
    assert reponse.status_code == 302 and reponse.url == rapport.get_absolute_url()
    assert (rapport.edition, rapport.demande_par, rapport.statut) == (Edition.INTERNE, agent, StatutRapport.PRET)
    assert client_de(client, membre(None)).get(url).status_code == 403  # staff without the permission


def test_gestion_relancer_un_rapport_echoue(lot_et_garonne, client, django_capture_on_commit_callbacks):
    rapport = Rapport.objects.create(
        departement_code="47", perimetre=Perimetre.EPCI, epci=_un_epci(), intitule="Agen", date=AUJOURD_HUI,
        statut=StatutRapport.ECHOUE, raison_echec="OSError : disque plein",
    )  # fmt: skip
    equipe = client_de(client, membre(RESPONSABLE))
    with (
        mock.patch.object(services, "rendre_pdf", return_value=(b"%PDF-1.7 test", 1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reponse = equipe.post(
            reverse("admin:observatoire_rapport_changelist"),
            {"action": "relancer", "_selected_action": [rapport.pk]},
        )
    assert reponse.status_code == 302
    rapport.refresh_from_db()
    assert rapport.statut == StatutRapport.PRET and rapport.raison_echec == "" and rapport.tentatives == 1


def test_taches_planifiees_et_delai_de_visibilite(settings):
    from bienvenuedoc.celery import app

    planifiees = {e["task"]: e for e in settings.CELERY_BEAT_SCHEDULE.values()}
    app.loader.import_default_modules()  # what a worker or beat does at start: the autodiscovery of the tasks
    for nom in ("relancer_rapports_task", "regenerer_rapports_standard_task", "generer_rapport_task"):
        assert f"observatoire.rapports.tasks.{nom}" in app.tasks  # found by the worker's autodiscovery
    assert "observatoire.rapports.tasks.relancer_rapports_task" in planifiees
    assert planifiees["observatoire.rapports.tasks.regenerer_rapports_standard_task"]["schedule"].day_of_month == {1}
    # a message of a dead worker is redelivered, but never while a task still waits its retry countdown
    tache = app.tasks["observatoire.rapports.tasks.generer_rapport_task"]
    assert tache.acks_late and tache.reject_on_worker_lost
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] >= 3600


def test_demo_demande_le_rapport_public_du_departement(lot_et_garonne, django_capture_on_commit_callbacks):
    from observatoire.rapports import demo

    class Sortie(list):
        write = list.append

    with (
        mock.patch.object(services, "rendre_pdf", return_value=(b"%PDF-1.7 test", 1)) as rendu,
        django_capture_on_commit_callbacks(execute=True),
    ):
        demo.generer(departement="47", stdout=Sortie())
    rapport = Rapport.objects.get()
    assert rendu.call_count == 1 and rapport.statut == StatutRapport.PRET  # rendered, not a made-up file
    assert (rapport.perimetre, rapport.edition, rapport.standard) == (Perimetre.DEPARTEMENT, Edition.PUBLIQUE, True)
    sortie = Sortie()
    demo.generer(departement="47", stdout=sortie)
    assert "déjà prêt" in sortie[0] and Rapport.objects.count() == 1
    demo.effacer(stdout=sortie)
    assert not Rapport.objects.exists()
