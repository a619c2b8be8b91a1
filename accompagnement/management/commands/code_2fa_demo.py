"""`manage.py code_2fa_demo [compte]` (`make code-2fa`): the current second-factor code of a DEMO account, so
that `make run`'s demo stays usable without a phone. Refuses any account that is not a demo one."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from bienvenuedoc.demo import COMPTE_DEMO

from ...securite.comptes_demo import appareil_demo, appareil_demo_installer, code_actuel, est_compte_demo
from ...services.double_facteur import appareil_totp, codes_secours_restants, double_facteur_obligatoire


class Command(BaseCommand):
    help = "Affiche le code de double authentification du moment d’un compte de DÉMONSTRATION (et lui seul)."

    def add_arguments(self, parser):
        parser.add_argument("compte", nargs="?", default=COMPTE_DEMO["username"], help="identifiant du compte")

    def handle(self, *args, compte, **options):
        user = get_user_model().objects.filter(username=compte).first()
        if user is None:
            raise CommandError(f"Compte « {compte} » introuvable.")
        if not est_compte_demo(user):
            raise CommandError(
                f"« {compte} » n’est pas un compte de démonstration : cette commande ne donne les codes que des "
                "comptes de la démo (adresse en @demo.invalid)."
            )
        appareil = appareil_demo(user)
        if appareil is None:
            if appareil_totp(user) is not None:
                raise CommandError(f"« {compte} » utilise sa propre application d’authentification : code inconnu.")
            if not double_facteur_obligatoire(user):
                raise CommandError(f"« {compte} » se connecte avec son seul mot de passe : aucun code n’est demandé.")
            appareil = appareil_demo_installer(user)  # a demo generated before the second factor existed
        code, secondes = code_actuel(appareil.key)
        self.stdout.write(
            f"DÉMONSTRATION — code de double authentification de « {compte} » : {code} "
            f"(valable encore {secondes} s ; un code ne sert qu’une fois : déjà utilisé, relancez dans {secondes} s)"
        )
        self.stdout.write(
            f"Codes de secours restants : {codes_secours_restants(user)} (affichés par `make run`/`make demo`)."
        )
