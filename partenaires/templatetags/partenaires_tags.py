from django import template
from django.utils.html import format_html_join

register = template.Library()


@register.simple_tag
def lignes_non_eligibles(resultats):
    """The aids that don't match, one <li> each with the failing criteria: rendered in one pass because the
    simulator may list hundreds of them (benchmarks/partenaires.py)."""
    return format_html_join(
        "\n",
        '<li class="border-bottom py-2 resultat-non-eligible"><span class="fw-semibold">{}</span> ({})<br>'
        '<span aria-hidden="true">✗</span> Critère non rempli : {}</li>',
        ((r.aide.nom, r.aide.financeur.nom, r.motifs_echec) for r in resultats),
    )
