from django.conf import settings

from .models import configuration_courante


def site(request):
    return {
        "config": configuration_courante(),
        "carte": {"tuiles": settings.CARTE_TUILES_URL, "attribution": settings.CARTE_TUILES_ATTRIBUTION},
    }
