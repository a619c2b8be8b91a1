"""Synthetic, seeded demo data for `make run`. Each app contributes a `demo.py` module with
`generer(*, rng, departement, stdout)` and optionally `effacer(*, stdout)`; they run in INSTALLED_APPS order
(lowest layer first), so the territory exists before partners, partners before requests."""

import random
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from bienvenuedoc.models import DemoGeneree

GRAINE = 47_2026


def modules_demo():
    for config in apps.get_app_configs():
        nom = f"{config.name}.demo"
        if config.path.startswith(str(settings.BASE_DIR)) and find_spec(nom):
            yield config.label, import_module(nom)


class Command(BaseCommand):
    help = "Génère les données de démonstration (synthétiques, déterministes) du département configuré."

    def add_arguments(self, parser):
        parser.add_argument("--reinitialiser", action="store_true", help="efface puis régénère la démonstration")
        parser.add_argument("--graine", type=int, default=GRAINE)

    def handle(self, *args, reinitialiser, graine, **options):
        departement = settings.DEPARTEMENT
        if DemoGeneree.objects.filter(departement_code=departement).exists() and not reinitialiser:
            self.stdout.write("Données de démonstration déjà présentes (--reinitialiser pour les refaire).")
            return
        with transaction.atomic():
            if reinitialiser:
                for label, module in reversed(list(modules_demo())):
                    if hasattr(module, "effacer"):
                        self.stdout.write(f"- effacement : {label}")
                        module.effacer(stdout=self.stdout)
            for label, module in modules_demo():
                self.stdout.write(f"- démonstration : {label}")
                module.generer(rng=random.Random(f"{graine}-{label}"), departement=departement, stdout=self.stdout)
            DemoGeneree.objects.update_or_create(departement_code=departement, defaults={"graine": graine})
        self.stdout.write(self.style.SUCCESS("Données de démonstration prêtes (fictives, marquées comme telles)."))
