"""Benchmark of the hotline's back office on big data.

    DATABASE_URL=postgres://… .venv/bin/python benchmarks/accompagnement.py [--demandes 100000] [--repetitions 7]

Works in a throwaway PostgreSQL database (`test_bd_bench_accompagnement`, created with the migrations then
destroyed) on DATABASE_URL's server. Loads with COPY 100,000 cases (5 years), 400,000 needs, 1,000,000
timeline events, one desired commune per case; then measures with Django's test client, logged in as a
superuser, the server time (median of N requests, after one warm-up) and the SQL query count of:
the admin case list, a filtered list, a case page, the workload view and the activity view (12 months: as
served from its five-minute cache, and computed, the cache emptied before each request).
Goal: each under 200 ms on 2 cores.
"""

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bienvenuedoc.settings_test")

SEUIL_MS = 200.0
BESOINS_PAR_DEMANDE = 4
EVENEMENTS_PAR_DEMANDE = 10
NB_AGENTS = 5
NB_PARTENAIRES = 60
NB_EPCI = 12
COMMUNES_PAR_EPCI = 25


def _copier(curseur, table: str, colonnes: list[str], lignes) -> int:
    n = 0
    with curseur.copy(f"COPY {table} ({', '.join(colonnes)}) FROM STDIN") as copie:
        for ligne in lignes:
            copie.write_row(ligne)
            n += 1
    return n


def charger(nb_demandes: int, rng: random.Random, *, departement_existant: str | None = None) -> dict:
    """Reference rows through the ORM, the big tables through COPY. Returns ids the scenarios need.

    `departement_existant`: the territory is already loaded (benchmarks/charge.py loads all of France): the
    cases point at the real communes and EPCI of this département instead of a synthetic territory."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from accompagnement.enums import ProfilDemandeur, StatutBesoin, StatutDemande, TypeEvenement, TypeProjet
    from observatoire.models import EPCI, Commune, Departement
    from partenaires.enums import TypeBesoin, TypePartenaire
    from partenaires.models import Partenaire

    User = get_user_model()
    admin = User.objects.create_superuser("bench", "bench@exemple.test", "bench-mot-de-passe-123")
    agents = [
        User.objects.create_user(
            f"agent{i}", f"agent{i}@exemple.test", is_staff=True, first_name="Agent", last_name=str(i)
        )
        for i in range(NB_AGENTS)
    ]
    if departement_existant:
        communes = list(Commune.objects.filter(departement__code=departement_existant, epci__isnull=False))
        epcis = list(EPCI.objects.filter(communes__in=communes).distinct().order_by("siren"))
    else:
        dep, _ = Departement.objects.get_or_create(code="47", defaults={"nom": "Lot-et-Garonne"})
        epcis = EPCI.objects.bulk_create(
            [EPCI(siren=f"2470000{i:02d}", nom=f"Communauté {i:02d}", type="CC") for i in range(NB_EPCI)]
        )
        communes = Commune.objects.bulk_create(
            [
                Commune(
                    code_insee=f"47{i * COMMUNES_PAR_EPCI + j:03d}",
                    nom=f"Commune {i}-{j}",
                    nom_normalise=f"commune {i}-{j}",
                    departement=dep,
                    epci=epcis[i],
                )
                for i in range(NB_EPCI)
                for j in range(COMMUNES_PAR_EPCI)
            ]
        )
    partenaires = Partenaire.objects.bulk_create(
        [
            Partenaire(nom=f"Partenaire {i:03d}", slug=f"partenaire-{i:03d}", type=TypePartenaire.AUTRE)
            for i in range(NB_PARTENAIRES)
        ]
    )

    maintenant = timezone.now()
    profils, projets = ProfilDemandeur.values, TypeProjet.values
    types_besoin, types_evt = TypeBesoin.values, TypeEvenement.values
    agent_ids = [a.pk for a in agents]
    partenaire_ids = [p.pk for p in partenaires]
    commune_ids = [c.pk for c in communes]
    cinq_ans = 5 * 365 * 86400

    demandes = []  # (id, recue_le, ouverte)
    for i in range(1, nb_demandes + 1):
        recue = maintenant - timedelta(seconds=rng.randrange(cinq_ans))
        age = (maintenant - recue).days
        if age < 60:
            statut = rng.choice([StatutDemande.NOUVELLE, StatutDemande.EN_COURS, StatutDemande.EN_COURS])
        elif age < 365:
            statut = rng.choice([StatutDemande.EN_COURS] + [StatutDemande.TERMINEE] * 3 + [StatutDemande.SANS_SUITE])
        else:
            statut = rng.choice([StatutDemande.TERMINEE] * 4 + [StatutDemande.SANS_SUITE, StatutDemande.RETIREE])
        demandes.append((i, recue, statut))

    def lignes_demandes():
        for i, recue, statut in demandes:
            ouverte = statut in (StatutDemande.NOUVELLE, StatutDemande.EN_COURS)
            reponse = None if statut == StatutDemande.NOUVELLE else recue + timedelta(hours=rng.randrange(1, 200))
            cloture = None if ouverte else recue + timedelta(days=rng.randrange(5, 200))
            derniere = cloture or recue + timedelta(days=rng.randrange(0, 30))
            yield (
                i,
                uuid.uuid4(),
                f"B-{i:07d}",
                rng.choice(profils),
                f"Prénom{i}",
                f"Nom{i}",
                f"demandeur{i}@exemple.test",
                "06 00 00 00 00",
                f"{10000000000 + i}",
                "",
                "",
                rng.choice(projets),
                "",
                "[]",
                "Présentation du projet.",
                recue,
                statut,
                rng.choice(agent_ids) if statut != StatutDemande.NOUVELLE or rng.random() < 0.3 else None,
                recue,
                reponse,
                cloture,
                min(derniere, maintenant),
                maintenant,
            )

    def lignes_besoins():
        n = 0
        for i, recue, _ in demandes:
            for t in rng.sample(types_besoin, BESOINS_PAR_DEMANDE):
                n += 1
                s = rng.choice(StatutBesoin.values)
                partenaire = rng.choice(partenaire_ids) if s == StatutBesoin.ORIENTE or rng.random() < 0.1 else None
                yield (
                    n,
                    i,
                    t,
                    "",
                    "",
                    "",
                    s,
                    rng.choice(agent_ids) if rng.random() < 0.7 else None,
                    (recue + timedelta(days=rng.randrange(10, 90))).date() if rng.random() < 0.5 else None,
                    partenaire,
                    recue + timedelta(days=3) if partenaire else None,
                    recue + timedelta(days=30) if s == StatutBesoin.RESOLU else None,
                    recue,
                    maintenant,
                )

    def lignes_evenements():
        for i, recue, _ in demandes:
            for k in range(EVENEMENTS_PAR_DEMANDE):
                yield (
                    i,
                    None,
                    types_evt[k % len(types_evt)],
                    "",
                    "",
                    rng.choice(agent_ids) if k else None,
                    k == 0,
                    "",
                    recue + timedelta(hours=k * 7),
                )

    with connection.cursor() as enveloppe:
        curseur = enveloppe.cursor
        n_d = _copier(
            curseur,
            "accompagnement_demande",
            [
                "id",
                "uuid",
                "reference",
                "profil",
                "prenom",
                "nom",
                "email",
                "telephone",
                "rpps",
                "specialite",
                "universite",
                "type_projet",
                "mode_exercice",
                "structures",
                "message",
                "consentement_le",
                "statut",
                "referent_id",
                "recue_le",
                "premiere_reponse_le",
                "cloturee_le",
                "derniere_action_le",
                "modifiee_le",
            ],
            lignes_demandes(),
        )
        n_b = _copier(
            curseur,
            "accompagnement_besoin",
            [
                "id",
                "demande_id",
                "type",
                "precision",
                "domaine_conjoint",
                "ages_enfants",
                "statut",
                "agent_id",
                "echeance",
                "partenaire_id",
                "oriente_le",
                "resolu_le",
                "cree_le",
                "modifie_le",
            ],
            lignes_besoins(),
        )
        n_e = _copier(
            curseur,
            "accompagnement_evenement",
            ["demande_id", "besoin_id", "type", "de", "vers", "auteur_id", "par_demandeur", "commentaire", "cree_le"],
            lignes_evenements(),
        )
        _copier(
            curseur,
            "accompagnement_demande_communes",
            ["demande_id", "commune_id"],
            ((i, rng.choice(commune_ids)) for i, _, _ in demandes),
        )
        for table in ("accompagnement_demande", "accompagnement_besoin"):
            curseur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    # A production table has been through autovacuum (which PostgreSQL ≥ 13 also runs after bulk inserts):
    # visibility map and hint bits set. Without it the first reads of freshly copied rows measure the load.
    with connection.cursor() as enveloppe:
        for table in (
            "accompagnement_demande",
            "accompagnement_besoin",
            "accompagnement_evenement",
            "accompagnement_demande_communes",
        ):
            enveloppe.execute(f"VACUUM ANALYZE {table}")
    page_demande = next(i for i, recue, statut in reversed(demandes) if statut == StatutDemande.EN_COURS)
    return {
        "admin": admin,
        "compte": (n_d, n_b, n_e),
        "demande": page_demande,
        "agent": agent_ids[0],
        "epci": epcis[3].pk,
    }


def mesurer(client, url: str, repetitions: int, avant=None):
    """`avant`, if given, runs before each request, outside the measured time (e.g. emptying the cache)."""
    from django.db import connection

    avant = avant or (lambda: None)
    avant()
    reponse = client.get(url)  # warm-up (caches, plans)
    durees = []
    requetes = []

    def compter(execute, sql, params, many, context):
        requetes.append(sql)
        return execute(sql, params, many, context)

    avant()
    with connection.execute_wrapper(compter):
        client.get(url)
    for _ in range(repetitions):
        avant()
        debut = time.perf_counter()
        reponse = client.get(url)
        durees.append((time.perf_counter() - debut) * 1000)
    return durees, len(requetes), reponse.status_code


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demandes", type=int, default=100_000)
    parser.add_argument("--repetitions", type=int, default=7)
    parser.add_argument("--garder", action="store_true", help="garder la base après la mesure (pour EXPLAIN)")
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import teardown_test_environment

    from benchmarks.outils import figer_comme_un_worker, preparer_mesure_serveur

    if connection.vendor != "postgresql":
        sys.stderr.write("Ce banc d’essai demande PostgreSQL : DATABASE_URL=postgres://…\n")
        return 2
    out = sys.stdout
    preparer_mesure_serveur()
    ancien_nom = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = "test_bd_bench_accompagnement"
    nom_base = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        debut = time.perf_counter()
        donnees = charger(args.demandes, random.Random(2026))
        n_d, n_b, n_e = donnees["compte"]
        out.write(
            f"Base « {nom_base} » : {n_d} demandes, {n_b} besoins, {n_e} événements — chargés en "
            f"{time.perf_counter() - debut:.1f} s\n"
        )
        figer_comme_un_worker()
        with override_settings(DEBUG=False):
            client = Client()
            client.force_login(donnees["admin"])
            base = "/gestion/accompagnement/demande/"
            scenarios = [
                ("liste des demandes", base),
                ("liste, page 40", f"{base}?p=40"),
                (
                    "liste filtrée (statut + besoin + EPCI)",
                    f"{base}?statut__exact=en_cours&besoin=logement&epci={donnees['epci']}",
                ),
                ("liste filtrée (référent + sans action 15 j)", f"{base}?referent={donnees['agent']}&sans_action=15"),
                ("liste filtrée (en retard)", f"{base}?retard=oui"),
                ("recherche par nom", f"{base}?q=Nom4242"),
                ("page d’une demande", f"{base}{donnees['demande']}/change/"),
                ("charge de travail", f"{base}charge/"),
                # the figures are cached five minutes per period (the page says how old they are): measured
                # both as most visits see them and as the first visit of a period computes them
                ("activité (12 derniers mois)", f"{base}activite/"),
                ("activité, calculée (cache vidé)", f"{base}activite/", cache.clear),
            ]
            out.write(f"\n{'scénario':46s} {'HTTP':>4s} {'requêtes':>8s} {'médiane':>9s} {'max':>9s}\n")
            pires = []
            for libelle, url, *avant in scenarios:
                durees, requetes, statut = mesurer(client, url, args.repetitions, *avant)
                mediane = statistics.median(durees)
                pires.append(mediane)
                out.write(f"{libelle:46s} {statut:>4d} {requetes:>8d} {mediane:>7.1f} ms {max(durees):>6.1f} ms\n")
            out.write(
                f"→ médiane la plus haute {max(pires):.1f} ms (objectif < {SEUIL_MS:.0f} ms) : "
                f"{'OK' if max(pires) < SEUIL_MS else 'DÉPASSÉ'}\n"
            )
    finally:
        connection.close()
        if not args.garder:
            connection.creation.destroy_test_db(ancien_nom, verbosity=0)
        teardown_test_environment()
    return 0


if __name__ == "__main__":
    sys.exit(main())
