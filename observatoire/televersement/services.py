"""Runs the uploads of official files (`TacheImport`): created with the file in the request's transaction and
queued after commit; executed by the Celery task `observatoire.tasks.executer_import` with its progress saved
as it goes; a task left « en attente » by a broker outage is queued again, one left « en cours » by a killed
worker becomes « échouée » (« interrompu ») — by the periodic task and whenever its page is read.

The same pattern as the e-mail outbox (bienvenuedoc/courriels.py): the row is the truth, the queue a means."""

import logging
import time
import uuid
from datetime import timedelta
from functools import partial
from pathlib import Path

from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone

from observatoire.importers import ErreurImport
from observatoire.importers.registre import importeur
from observatoire.models import ImportDonnees

from .models import StatutTache, TacheImport

logger = logging.getLogger(__name__)

BASE_INCHANGEE = "La base de données n’a pas été modifiée."
INTERVALLE_PROGRESSION_S = 1.0  # at most one progress write per second
MISES_EN_FILE_MAX = 10


class ErreurTransitoire(Exception):
    """The database went away during the import (restart, failover): the task is tried again later."""


def delai_interruption() -> timedelta:
    return timedelta(minutes=getattr(settings, "IMPORT_DELAI_INTERRUPTION_MINUTES", 15))


def tache_creer(*, jeu: str, fichier, options: dict, utilisateur) -> TacheImport:
    """Saves the upload (file and row) and queues its import once the transaction commits."""
    importeur(jeu)  # an unknown data set is a programming error: fail before writing anything
    with transaction.atomic():
        tache = TacheImport(jeu=jeu, nom_fichier=fichier.name[:255], options=options, demande_par=utilisateur)
        tache.fichier.save(Path(fichier.name).name, fichier, save=False)
        tache.save()
        transaction.on_commit(partial(mettre_en_file, tache.pk))
    return tache


def mettre_en_file(tache_pk: int) -> None:
    """Sends the task to the queue; a broker outage is logged, the periodic task will send it again."""
    from observatoire.tasks import executer_import

    id_celery = uuid.uuid4().hex
    TacheImport.objects.filter(pk=tache_pk).update(id_tache_celery=id_celery, tentatives=F("tentatives") + 1)
    try:
        executer_import.apply_async(args=[tache_pk], task_id=id_celery)
    except Exception:  # broker down: the row stays « en attente », taches_surveiller queues it again
        logger.warning("Import %s gardé en attente : file de tâches injoignable", tache_pk)


def _echouer(tache_pk: int, message: str) -> None:
    TacheImport.objects.filter(pk=tache_pk).exclude(statut=StatutTache.TERMINEE).update(
        statut=StatutTache.ECHOUEE, erreur=message, fin_le=timezone.now()
    )


def tache_echouer(tache_pk: int, message: str) -> None:
    _echouer(tache_pk, message)


def tache_executer(tache_pk: int) -> str:
    """Runs one import; returns its final status. Idempotent: a finished task is left alone (a redelivered
    message after a worker crash runs the import again, which changes nothing twice: importers are idempotent).
    Bad input → « échouée » with the importer's French message; the database's going away → ErreurTransitoire."""
    with transaction.atomic():
        tache = TacheImport.objects.select_for_update().filter(pk=tache_pk).first()
        if tache is None or tache.finie:
            return tache.statut if tache else "absente"
        maintenant = timezone.now()
        tache.statut = StatutTache.EN_COURS
        tache.debut_le = tache.debut_le or maintenant
        tache.progression_le = maintenant
        tache.fait = tache.total = 0
        tache.erreur = ""
        tache.save(update_fields=["statut", "debut_le", "progression_le", "fait", "total", "erreur"])
    derniere = [0.0]

    def progression(fait: int, total: int) -> None:
        if time.monotonic() - derniere[0] < INTERVALLE_PROGRESSION_S and fait < total:
            return
        derniere[0] = time.monotonic()
        TacheImport.objects.filter(pk=tache_pk, statut=StatutTache.EN_COURS).update(
            fait=fait, total=total, progression_le=timezone.now()
        )

    try:
        chemin = Path(tache.fichier.path)
        if not chemin.is_file():
            raise ErreurImport(f"Le fichier envoyé « {tache.nom_fichier} » n’est plus sur le serveur : renvoyez-le.")
        resultat = importeur(tache.jeu).fonction(chemin, progression=progression, **_options(tache.options))
    except (ErreurImport, LookupError) as erreur:
        _echouer(tache_pk, f"Fichier refusé : {erreur} {BASE_INCHANGEE}")
        return StatutTache.ECHOUEE
    except (OperationalError, InterfaceError) as erreur:
        TacheImport.objects.filter(pk=tache_pk, statut=StatutTache.EN_COURS).update(statut=StatutTache.EN_ATTENTE)
        raise ErreurTransitoire(str(erreur)) from erreur
    except Exception as erreur:
        logger.exception("Import %s : erreur inattendue", tache_pk)
        _echouer(tache_pk, f"Erreur inattendue pendant l’import ({type(erreur).__name__}). {BASE_INCHANGEE}")
        return StatutTache.ECHOUEE
    instantane = resultat if isinstance(resultat, ImportDonnees) else getattr(resultat, "instantane", None)
    TacheImport.objects.filter(pk=tache_pk).update(
        statut=StatutTache.TERMINEE,
        instantane=instantane,
        fait=F("total"),
        fin_le=timezone.now(),
        progression_le=timezone.now(),
        erreur="",
    )
    return StatutTache.TERMINEE


def _options(options: dict) -> dict:
    """The form's options as the importers take them (`departements`: a list of codes; `date`: a date)."""
    resultat = {}
    if options.get("departements"):
        resultat["departements"] = list(options["departements"])
    if options.get("date"):
        resultat["date"] = timezone.datetime.fromisoformat(options["date"]).date()
    return resultat


def tache_actualiser(tache: TacheImport) -> TacheImport:
    """Called when a task is read: one left « en cours » without progress for too long is marked interrupted."""
    if (
        tache.statut == StatutTache.EN_COURS
        and tache.progression_le
        and (timezone.now() - tache.progression_le > delai_interruption())
    ):
        taches_marquer_interrompues()
        tache.refresh_from_db()
    return tache


def message_interruption() -> str:
    minutes = int(delai_interruption().total_seconds() // 60)
    return (
        f"Import interrompu : aucune progression depuis {minutes} minutes (le processus qui l’exécutait s’est "
        f"arrêté). {BASE_INCHANGEE} Relancez l’import en renvoyant le fichier."
    )


def taches_marquer_interrompues() -> int:
    seuil = timezone.now() - delai_interruption()
    return TacheImport.objects.filter(statut=StatutTache.EN_COURS, progression_le__lt=seuil).update(
        statut=StatutTache.ECHOUEE, erreur=message_interruption(), fin_le=timezone.now()
    )


def taches_relancer_en_attente(*, delai_minutes: int = 5) -> int:
    """Queues again the tasks still « en attente » after `delai_minutes` (broker down at submit time, lost
    message); gives up after MISES_EN_FILE_MAX attempts. Returns how many were queued."""
    seuil = timezone.now() - timedelta(minutes=delai_minutes)
    attente = TacheImport.objects.filter(statut=StatutTache.EN_ATTENTE, cree_le__lte=seuil)
    attente.filter(tentatives__gte=MISES_EN_FILE_MAX).update(
        statut=StatutTache.ECHOUEE,
        erreur=f"La file des tâches est restée injoignable. {BASE_INCHANGEE} Relancez l’import.",
        fin_le=timezone.now(),
    )
    pks = list(attente.filter(tentatives__lt=MISES_EN_FILE_MAX).values_list("pk", flat=True)[:100])
    for pk in pks:
        mettre_en_file(pk)
    return len(pks)


def fichiers_purger() -> int:
    """Deletes the uploaded files of the imports finished more than IMPORT_CONSERVATION_FICHIERS_JOURS ago (an
    RPPS extract weighs 800 MB); the row stays, with its file's name and its snapshot. Returns how many."""
    jours = getattr(settings, "IMPORT_CONSERVATION_FICHIERS_JOURS", 30)
    seuil = timezone.now() - timedelta(days=jours)
    purges = 0
    for tache in TacheImport.objects.filter(
        statut__in=[StatutTache.TERMINEE, StatutTache.ECHOUEE], fin_le__lt=seuil
    ).exclude(fichier="")[:200]:
        tache.fichier.delete(save=False)  # the storage ignores a file already gone
        TacheImport.objects.filter(pk=tache.pk).update(fichier="")
        purges += 1
    return purges


def taches_surveiller() -> dict:
    return {
        "interrompues": taches_marquer_interrompues(),
        "relancees": taches_relancer_en_attente(),
        "fichiers_purges": fichiers_purger(),
    }
