"""Tags rendering the simulator's long lists in one pass: hundreds of lines through the template engine (or
through `format_html`, whose lazy-string checks cost per argument) were most of the page's server time
(benchmarks/partenaires.py)."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def lignes_non_eligibles(resultats):
    """The aids that don't match, one <li> each with the failing criteria."""
    return mark_safe(  # every value is escaped
        "\n".join(
            '<li class="border-bottom py-2 resultat-non-eligible"><span class="fw-semibold">'
            f"{escape(r.aide.nom)}</span> ({escape(r.aide.financeur.nom)})<br>"
            f'<span aria-hidden="true">✗</span> Critère non rempli : {escape(r.motifs_echec)}</li>'
            for r in resultats
        )
    )


@register.simple_tag
def datalist_communes(identifiant, communes):
    """The commune suggestions of the field's <datalist> (several hundred options)."""
    options = "".join(f'<option value="{escape(c)}"></option>' for c in communes)
    return mark_safe(f'<datalist id="{escape(identifiant)}">{options}</datalist>')  # escaped
