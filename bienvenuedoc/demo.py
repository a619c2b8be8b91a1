"""Demo accounts. The password is printed by `make run` and the README: it is a demo instance only."""

from django.contrib.auth import get_user_model

COMPTE_DEMO = {"username": "responsable", "password": "demo-bienvenue-2026", "email": "responsable@demo.invalid"}


def generer(*, rng, departement, stdout):
    User = get_user_model()
    user, _ = User.objects.get_or_create(
        username=COMPTE_DEMO["username"],
        defaults={"email": COMPTE_DEMO["email"], "first_name": "Camille", "last_name": "Responsable (démo)"},
    )
    user.is_staff = True
    user.is_superuser = True
    user.set_password(COMPTE_DEMO["password"])
    user.save()
    stdout.write(
        f"  compte de démonstration : {COMPTE_DEMO['username']} / {COMPTE_DEMO['password']} "
        "sur http://127.0.0.1:8000/gestion/"
    )
