from django.conf import settings


def client_ip(request) -> str:
    """The client's address, trusting X-Forwarded-For only for the configured number of proxies."""
    nombre = settings.NOMBRE_PROXIES
    if nombre:
        adresses = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(adresses) >= nombre:
            return adresses[-nombre]
    return request.META.get("REMOTE_ADDR", "")


def ratelimit_key(group, request) -> str:
    """Key function for django-ratelimit (`key="bienvenuedoc.utils.http.ratelimit_key"`)."""
    return client_ip(request)


def reponse_trop_de_requetes(request):
    """The French 429 page, for views that find `request.limited` set by django-ratelimit."""
    from django.shortcuts import render

    reponse = render(request, "429.html", status=429)
    reponse["Retry-After"] = "60"
    return reponse
