"""The site search (/recherche/) reads the pages, events and news through a GIN index on their search vector
instead of computing the vector of every row (PostgreSQL only; see bienvenuedoc.utils.recherche)."""

from django.db import migrations

from bienvenuedoc.utils.recherche import operations_index_recherche


class Migration(migrations.Migration):
    dependencies = [("contenus", "0002_territoires_signalements")]

    operations = operations_index_recherche(
        [
            ("page_recherche_site_idx", "contenus_page", ["titre", "resume", "corps"]),
            (
                "evenement_recherche_site_idx",
                "contenus_evenement",
                ["titre", "resume", "description", "commune_nom", "lieu"],
            ),
            ("actualite_recherche_site_idx", "contenus_actualite", ["titre", "resume", "corps"]),
        ]
    )
