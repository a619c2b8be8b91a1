"""The checklist's installation step about aids, seeded by the demo before 2026, spoke of the « contrat d’aide à
l’installation » (CAIM), closed on 31 December 2025. Brings that template, and the steps copied from it on cases
not done yet, to the 2026 rules (accompagnement/demo.py), with a link to the simulator. Only rows still holding
the seeded text exactly are changed: a template the staff rewrote is theirs."""

from django.conf import settings
from django.db import migrations

ANCIENNE_DESCRIPTION = (
    "Selon la commune (zonage) : contrat d’aide à l’installation, contrats de la Région et du département ; "
    "déclaration à l’ARS en cas d’exercice en maison de santé."
)
TITRE = "Aides à l’installation (règles 2026)"
ORGANISME = "CPAM, Agence régionale de santé (ARS), Région et département"
DESCRIPTION = (
    "Selon le zonage de la commune (ZIP, ZAC, QPV) : aide à la primo-installation de l’Assurance Maladie, "
    "versée une fois par la CPAM, majoration du forfait médecin traitant, aides de la Région et du département "
    "(convention à signer). Une aide déjà reçue pour s’installer exclut une aide de même nature pendant 10 ans. "
    "Faites le point avec le simulateur « Quelles aides pour mon projet ? » du site, puis avec la hotline ; "
    "déclaration à l’ARS en cas d’exercice en maison de santé."
)


def mettre_a_jour(apps, schema_editor):
    ModeleEtape = apps.get_model("accompagnement", "ModeleEtape")
    Etape = apps.get_model("accompagnement", "Etape")
    nouveau = {
        "titre": TITRE,
        "organisme": ORGANISME,
        "description": DESCRIPTION,
        "lien": settings.SITE_URL.rstrip("/") + "/aides/",
    }
    ModeleEtape.objects.filter(description=ANCIENNE_DESCRIPTION).update(**nouveau)
    Etape.objects.filter(description=ANCIENNE_DESCRIPTION, statut__in=["a_faire", "en_cours"]).update(**nouveau)


class Migration(migrations.Migration):
    dependencies = [("accompagnement", "0014_recherche_sans_accents")]

    operations = [migrations.RunPython(mettre_a_jour, migrations.RunPython.noop)]
