"""Demo data of the territory: nothing synthetic, the territory is the real one imported by
`importer_territoire` (`make run` runs it before `generer_demo`); this module only checks it is there."""

from django.core.management.base import CommandError

from .models import Commune, Departement


def generer(*, rng, departement: str, stdout) -> None:
    nom = Departement.objects.filter(code=departement).values_list("nom", flat=True).first()
    nombre = Commune.objects.filter(departement__code=departement).count()
    if nom is None or not nombre:
        raise CommandError(
            f"Le territoire du département {departement} n’est pas importé : lancez d’abord "
            f"« manage.py importer_territoire --departement {departement} »."
        )
    stdout.write(f"  territoire réel : {nom} ({departement}), {nombre} communes (importées, non générées)")
