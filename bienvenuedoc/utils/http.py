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
