"""No personal data in the logs: every log record of a whole request journey — the public form, the e-mails
sent by a real Celery worker through Redis (one refused by the mail server), the private space (page, message,
new link), the back office (search, case page, taking the case, message, need status, anonymisation) — read at
DEBUG level from every logger, plus everything written on stdout/stderr, holds neither the requester's
e-mail address nor phone number nor name.

Records are taken where every logger hands them to its handlers (`Logger.callHandlers`), so a logger that does
not propagate to the root is read too; caplog (root logger, DEBUG) is read as well."""

import logging
import re
import time
from smtplib import SMTPRecipientsRefused
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from accompagnement.enums import StatutBesoin, TypeNotification
from accompagnement.models import Besoin, Demande, Notification
from bienvenuedoc.celery import app as celery_app
from tests.accompagnement.factories_backoffice import CHARGE, RESPONSABLE, client_de, membre
from tests.accompagnement.test_notifications import ENVOI_LOCMEM, _lien_espace, _oublier_connexions_celery
from tests.accompagnement.test_public_demande import donnees
from tests.observatoire.factories import CommuneFactory

PRENOM, NOM = "Zoéline", "Quintard-Lebrun"
EMAIL = "zoeline.quintard@exemple.test"
TELEPHONE = "06 48 21 37 59"
# every way these data could be written in a log line
INTERDITS = [EMAIL, "zoeline.quintard", TELEPHONE, "0648213759", "06.48.21.37.59", "+33648213759", PRENOM, NOM]
INTERDITS += ["Quintard", "Zoeline"]


class _ToutGarder(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.enregistrements: list[logging.LogRecord] = []

    def emit(self, record):
        self.enregistrements.append(record)


@pytest.fixture
def journaux(monkeypatch, caplog):
    """Every record of every logger at DEBUG level, in this thread and the worker's."""
    caplog.set_level(logging.DEBUG)
    tout = _ToutGarder()
    origine = logging.Logger.callHandlers

    def appeler(self, record):
        tout.handle(record)
        origine(self, record)

    monkeypatch.setattr(logging.Logger, "callHandlers", appeler)
    niveaux = {}
    for nom in ["", *logging.root.manager.loggerDict]:
        journal = logging.getLogger(nom)
        niveaux[nom] = journal.level
        journal.setLevel(logging.DEBUG)
    logging.disable(logging.NOTSET)
    yield tout.enregistrements, caplog
    for nom, niveau in niveaux.items():
        logging.getLogger(nom).setLevel(niveau)


def _texte(enregistrement: logging.LogRecord) -> str:
    formate = logging.Formatter("%(name)s %(levelname)s %(message)s").format(enregistrement)
    return f"{formate} {enregistrement.__dict__!r}"


def _attendre(condition, message: str, secondes: float = 20):
    limite = time.monotonic() + secondes
    while time.monotonic() < limite:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(message)


def _envoyee(type_notification) -> bool:
    return Notification.objects.filter(type=type_notification, envoyee_le__isnull=False).exists()


@pytest.mark.celery_reel
@pytest.mark.django_db(transaction=True)
def test_un_parcours_complet_ne_laisse_aucune_donnee_personnelle_dans_les_journaux(
    celery_worker_reel, journaux, capfd, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    enregistrements, caplog = journaux
    CommuneFactory(agen=True)
    _oublier_connexions_celery()
    demandeur = Client()
    try:
        # --- the public form (an error first, then corrected)
        identite = {"prenom": PRENOM, "nom": NOM, "email": EMAIL, "telephone": TELEPHONE}
        jeton = re.search(r'name="jeton" value="([^"]+)"', demandeur.get("/demande/").content.decode()).group(1)
        assert demandeur.post("/demande/", donnees(**identite, jeton=jeton, rpps="123")).status_code == 200
        assert demandeur.post("/demande/", donnees(**identite, jeton=jeton)).status_code == 302
        demande = Demande.objects.get()
        _attendre(lambda: _envoyee(TypeNotification.ACCUSE_RECEPTION), "accusé de réception non envoyé")
        accuse = next(m for m in mail.outbox if m.to == [EMAIL])

        # --- the private space: page, message (with the phone number in it), a new link asked for
        espace = _lien_espace(accuse.body)
        assert demandeur.get(espace).status_code == 200
        corps = f"Vous pouvez m’appeler au {TELEPHONE}, {PRENOM} {NOM}."
        assert demandeur.post(espace + "message/", {"message-corps": corps}).status_code == 302
        Notification.objects.filter(type=TypeNotification.LIEN_ACCES).delete()
        assert demandeur.post(reverse("accompagnement:espace_lien"), {"email": EMAIL}).status_code == 302
        _attendre(lambda: _envoyee(TypeNotification.LIEN_ACCES), "nouveau lien non envoyé")

        # --- the back office: search by name and e-mail, case page, take it, answer, change a need
        charge = client_de(Client(), membre(CHARGE, first_name="Camille", last_name="Chargée"))
        for terme in (NOM, EMAIL, TELEPHONE):
            assert charge.get(reverse("admin:accompagnement_demande_changelist"), {"q": terme}).status_code == 200
        page = reverse("admin:accompagnement_demande_change", args=[demande.pk])
        assert charge.get(page).status_code == 200

        def action(nom):
            return reverse("admin:accompagnement_demande_action", args=[demande.pk, nom])

        charge.post(action("prendre"))
        besoin = Besoin.objects.filter(demande=demande).first()
        charge.post(action("statut-besoin"), {"sb-besoin": besoin.pk, "sb-vers": StatutBesoin.EN_COURS})
        # the mail server refuses the requester's address: the failure is recorded and retried, not logged
        refus = SMTPRecipientsRefused({EMAIL: (550, f"5.1.1 <{EMAIL}>: utilisateur inconnu".encode())})
        with mock.patch(ENVOI_LOCMEM, side_effect=refus):
            charge.post(action("message"), {"message-corps": f"Bonjour {PRENOM}, nous vous appelons au {TELEPHONE}."})
            _attendre(
                lambda: Notification.objects.filter(type=TypeNotification.MESSAGE_HOTLINE, tentatives__gte=1).exists(),
                "le message de la hotline n'a pas été tenté",
            )
            time.sleep(0.5)  # the worker logs the retry after recording the attempt

        # --- anonymisation by the Responsable, with a reason typed carelessly
        responsable = client_de(Client(), membre(RESPONSABLE, first_name="Rémi", last_name="Responsable"))
        motif = f"Demande d’effacement de {PRENOM} {NOM} ({EMAIL})"
        responsable.post(action("anonymiser"), {"anon-motif": motif, "anon-confirmation": "on"})
        demande.refresh_from_db()
        assert demande.anonymisee_le is not None
        assert demandeur.get(espace).status_code == 404
    finally:
        celery_app.control.purge()  # the retried e-mail waits in the broker: forget it
        connection.close()

    textes = [_texte(e) for e in enregistrements] + [_texte(e) for e in caplog.records]
    sorties = capfd.readouterr()
    textes += [sorties.out, sorties.err]
    assert len(enregistrements) >= 10, "le parcours devrait produire des journaux (requêtes, worker Celery)"
    assert any(e.name.startswith("celery") for e in enregistrements)  # the worker's records are read too
    fuites = [
        (interdit, texte[:300]) for texte in textes for interdit in INTERDITS if interdit.lower() in texte.lower()
    ]
    assert not fuites, "\n".join(f"{interdit!r} dans : {texte}" for interdit, texte in fuites)
