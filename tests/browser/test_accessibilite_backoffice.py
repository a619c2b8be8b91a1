"""Issue 15: axe-core (WCAG 2.1 A/AA, under the site's Content-Security-Policy) finds no violation on any page of
the back office that each group reaches — the admin index and every link on it, then, from the admin registry
(tests/registre_admin.py, shared with the permission matrix), every admin's list, add form, change form with
its inlines, history, past version, import and export forms and its own GET views, for one object of each
model; a page the group may not open (403, 404, redirect) is skipped. A new admin is crawled without writing
a test. Also the login page and the second factor's pages (code, recovery code, enrolment, codes shown once,
« Sécurité du compte »), and the case page showing a message and a form error.

One browser context per group, each page visited once; the violations of every page are gathered and
reported together."""

import time

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from accompagnement.enums import TypeEvenement
from accompagnement.models import NoteInterne
from accompagnement.securite.views import CLE_CODES_A_AFFICHER
from tests.accompagnement.factories import (
    AgentFactory,
    BesoinFactory,
    DocumentFactory,
    EtapeFactory,
    EvenementFactory,
    MessageFactory,
)
from tests.accompagnement.factories_backoffice import CHARGE, OBSERVATOIRE, RESPONSABLE, client_de, membre
from tests.registre_admin import adresses, objet_de, objets_par_modele
from tests.remplacements.factories import OffreFactory

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True), pytest.mark.ignore_template_errors]

# the demo's « responsable » account is a superuser: it reaches what no group does (users, groups, every add form)
GROUPES = {"chargé·e": CHARGE, "responsable": RESPONSABLE, "observatoire": OBSERVATOIRE, "superutilisateur": None}
OUVRIR_DETAILS = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"


def _donnees():
    """One object of each model; the case is unassigned (a Chargé·e sees it and may take it) and full: needs
    of several types and statuses, checklist steps, a note, a shared document, messages, timeline rows."""
    autre = AgentFactory(first_name="Alix", last_name="Autre")
    objets = objets_par_modele(autre, referent=None)
    demande = objets["accompagnement.demande"]
    BesoinFactory(demande=demande, logement=True)
    BesoinFactory(demande=demande, emploi_conjoint=True, en_cours=True)
    BesoinFactory(demande=demande, scolarite=True, oriente=True)
    EtapeFactory(demande=demande)
    EtapeFactory(demande=demande, faite=True)
    NoteInterne.objects.create(demande=demande, auteur=autre, corps="Rappeler mardi.")
    DocumentFactory(demande=demande, auteur=autre)
    MessageFactory(demande=demande)
    MessageFactory(demande=demande, de_hotline=True)
    EvenementFactory(demande=demande, type=TypeEvenement.NOTE)
    # a published offer near a desired commune: the case page shows « Orienter vers cette offre » (issue 12)
    commune = objets["observatoire.commune"]
    demande.communes.add(commune)
    OffreFactory(logement=True, titre="Studio près de la mairie (fictif)", commune=commune)
    return objets


def _cookie_de(client, live_server) -> dict:
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }


def _contexte(browser, browser_context_args, live_server, client):
    contexte = browser.new_context(**browser_context_args)
    if client is not None:
        contexte.add_cookies([_cookie_de(client, live_server)])
    return contexte


def _pages_du_registre(client, objets) -> list[tuple[str, str]]:
    """(description, URL) of the admin pages answered with HTML (200) for the client's user, from the admin
    registry: standard GET views and the admins' own views taking no argument or the object."""
    pages = []
    for modele, model_admin in admin.site._registry.items():
        objet = objet_de(modele, objets)
        for adresse in adresses(modele, model_admin, objet):
            if adresse.methode == "POST":
                continue
            url = adresse.url
            if adresse.propre:
                convertisseurs = adresse.motif.pattern.converters
                if len(convertisseurs) > 1 or (convertisseurs and objet is None):
                    continue  # an action or a download of a format: POST targets and files, not pages
                url = reverse(f"admin:{adresse.motif.name}", args=[objet.pk] if convertisseurs else [])
            pages.append((f"{modele._meta.label_lower} {adresse.vue}", url))
    return pages


def _est_une_page(client, url) -> bool:
    """Asked first through the test client (cheaper than the browser for the pages the group may not open)."""
    reponse = client.get(url)
    return reponse.status_code == 200 and reponse["Content-Type"].startswith("text/html")


def _liens_de_l_index(page, live_server) -> list[tuple[str, str]]:
    page.goto(live_server.url + "/gestion/")
    hrefs = page.eval_on_selector_all("#content a[href], #header a[href]", "liens => liens.map(a => a.href)")
    return [
        (f"lien de l’index {href}", href.removeprefix(live_server.url))
        for href in hrefs
        if href.startswith(live_server.url + "/gestion/")
    ]


class Releve:
    """The violations of every page visited, reported at the end of the test."""

    def __init__(self, axe):
        self.axe, self.ecarts, self.vues = axe, [], 0

    def verifier(self, page, description: str):
        page.evaluate(OUVRIR_DETAILS)  # the anonymisation form, folded, is checked too
        self.vues += 1
        try:
            self.axe(page, f"{description} ({page.url})")
        except AssertionError as erreur:
            self.ecarts.append(str(erreur))


def test_le_back_office_n_a_aucune_violation_axe(live_server, browser, browser_context_args, axe):
    objets = _donnees()
    demande = objets["accompagnement.demande"]
    releve = Releve(axe)
    debut = time.monotonic()
    durees = {}

    for nom, groupe in GROUPES.items():
        depart = time.monotonic()
        user = membre(groupe, first_name="Dominique", last_name=nom.capitalize(), is_superuser=groupe is None)
        client = client_de(Client(), user)
        contexte = _contexte(browser, browser_context_args, live_server, client)
        page = contexte.new_page()
        vues = set()
        for description, url in _liens_de_l_index(page, live_server) + _pages_du_registre(client, objets):
            if url in vues or not _est_une_page(client, url):
                continue  # seen, or refused (403, 404), sent elsewhere, a file: not a page of this group
            vues.add(url)
            page.goto(live_server.url + url)
            releve.verifier(page, f"{nom} : {description}")
        if nom != "observatoire":
            # the case page after an action (the message shown) and after a refused form (an error)
            page.goto(live_server.url + f"/gestion/accompagnement/demande/{demande.pk}/change/")
            assert (
                page.get_by_role("button", name="Orienter vers cette offre : « Studio près de la mairie").count() == 1
            )
            page.click("button:text-is('Envoyer au demandeur')")
            page.wait_for_load_state()
            releve.verifier(page, f"{nom} : page de la demande après un formulaire refusé")
        contexte.close()
        durees[nom] = (len(vues), round(time.monotonic() - depart, 1))

    # the login and the second factor's steps, each in the state that shows it
    depart = time.monotonic()
    contexte = _contexte(browser, browser_context_args, live_server, None)
    page = contexte.new_page()
    page.goto(live_server.url + "/gestion/login/?next=/gestion/")
    releve.verifier(page, "connexion")
    page.click("input[type=submit]")  # empty: the form's errors
    releve.verifier(page, "connexion refusée")

    avec_appareil = membre(RESPONSABLE, username="rose.verif")
    client_de(Client(), avec_appareil)  # gives her a device
    client = Client()
    client.force_login(avec_appareil)
    contexte.add_cookies([_cookie_de(client, live_server)])
    for url, description in (
        ("/gestion/securite/verification/", "code de l’application"),
        ("/gestion/securite/secours/", "code de secours"),
    ):
        page.goto(live_server.url + url)
        releve.verifier(page, description)
        page.click("input[type=submit]")
        releve.verifier(page, f"{description}, code manquant")

    client = Client()
    client.force_login(membre(RESPONSABLE, username="remi.sans.appareil"))
    contexte.add_cookies([_cookie_de(client, live_server)])
    page.goto(live_server.url + "/gestion/securite/activation/")
    releve.verifier(page, "activation de la double authentification")

    client = client_de(Client(), membre(CHARGE, username="codes.secours"))
    session = client.session
    session[CLE_CODES_A_AFFICHER] = [f"code{n:04d}" for n in range(10)]
    session.save()
    contexte.add_cookies([_cookie_de(client, live_server)])
    page.goto(live_server.url + "/gestion/securite/codes/")
    releve.verifier(page, "codes de secours affichés une fois")
    contexte.close()
    durees["connexion"] = (6, round(time.monotonic() - depart, 1))

    print(f"\naxe-core sur {releve.vues} pages du back-office en {time.monotonic() - debut:.0f} s : {durees}")
    assert releve.vues > 60
    assert not releve.ecarts, f"{len(releve.ecarts)} page(s) avec des violations :\n" + "\n".join(releve.ecarts)
