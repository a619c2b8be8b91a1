from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partenaires.enums import TypeZone
from partenaires.importers.zonage import ZonageInvalide, importer_zonage


class Command(BaseCommand):
    help = (
        "Importe le zonage des communes (ZIP, ZAC, ZV, hors zone, QPV, ZFRR, ZFRR+) depuis un fichier CSV "
        "(format : partenaires/README-zonage.md). Tout ou rien : une seule ligne fausse et rien n’est écrit."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", type=Path)
        parser.add_argument("--source", default="", help="source par défaut des lignes sans colonne « source »")
        parser.add_argument("--encodage", default="utf-8", help="encodage du fichier (utf-8 par défaut, ou cp1252)")

    def handle(self, *args, fichier: Path, source: str, encodage: str, **options):
        try:
            contenu = fichier.read_text(encoding=encodage)
        except FileNotFoundError:
            raise CommandError(f"Fichier introuvable : {fichier}") from None
        except UnicodeDecodeError:
            raise CommandError(f"Le fichier n’est pas en {encodage} : essayez --encodage cp1252") from None
        try:
            rapport = importer_zonage(contenu, source_par_defaut=source or fichier.name)
        except ZonageInvalide as erreur:
            lignes = "\n".join(f"  - {e}" for e in erreur.erreurs[:200])
            suite = f"\n  … et {len(erreur.erreurs) - 200} autre(s)" if len(erreur.erreurs) > 200 else ""
            raise CommandError(
                f"Import annulé, rien n’a été enregistré : {len(erreur.erreurs)} erreur(s)\n{lignes}{suite}"
            ) from None
        details = ", ".join(f"{TypeZone.sigle(t)} : {n}" for t, n in sorted(rapport.par_type.items()))
        self.stdout.write(
            self.style.SUCCESS(
                f"Zonage importé : {rapport.crees} ligne(s) pour {rapport.communes} commune(s) "
                f"({details}) ; {rapport.supprimes} ancienne(s) ligne(s) remplacée(s)."
            )
        )
