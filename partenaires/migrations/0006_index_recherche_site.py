"""The site search (/recherche/) reads the partners and the aids through a GIN index on their search vector
instead of computing the vector of every row (PostgreSQL only; see bienvenuedoc.utils.recherche)."""

from django.db import migrations

from bienvenuedoc.utils.recherche import operations_index_recherche


class Migration(migrations.Migration):
    dependencies = [("partenaires", "0005_champ_url")]

    operations = operations_index_recherche(
        [
            ("partenaire_recherche_site_idx", "partenaires_partenaire", ["nom", "description", "ville"]),
            ("aide_recherche_site_idx", "partenaires_aidefinanciere", ["nom", "resume", "conditions"]),
        ]
    )
