"""The committed reverse proxy (deploy/nginx.conf) really run by Debian's nginx in front of the live server:
whatever X-Forwarded-For / X-Forwarded-Proto a client sends, the site sees the client's real address and
the scheme nginx served. Only three things of the file are adapted: the upstream (the live server instead
of web:8000), the listening ports and the certificate (a self-signed one made here)."""

import http.client
import json
import shutil
import socket
import ssl
import subprocess
import time

import pytest
from django.http import HttpResponse
from django.urls import include, path

from bienvenuedoc.utils.http import client_ip
from tests.bienvenuedoc.test_docker import RACINE

pytestmark = pytest.mark.django_db(transaction=True)

CLIENT_USURPE = "203.0.113.9"  # an address a client claims for itself (documentation range)


def _ce_que_voit_le_site(request):
    return HttpResponse(
        json.dumps({"adresse": client_ip(request), "https": request.is_secure(), "hote": request.get_host()}),
        content_type="application/json",
    )


urlpatterns = [path("adresse/", _ce_que_voit_le_site), path("", include("bienvenuedoc.urls"))]


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def site(settings, live_server):
    settings.ROOT_URLCONF = __name__
    settings.NOMBRE_PROXIES = 1  # docker-compose.yml's value
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    return live_server


@pytest.fixture
def nginx(site, tmp_path):
    """Starts nginx with the committed configuration in front of the live server; yields (http, https) ports."""
    binaire = shutil.which("nginx") or "/usr/sbin/nginx"
    if not shutil.which(binaire):
        pytest.fail("nginx est introuvable : `make test` l'installe (paquet Debian nginx-light, APT_TEST)")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-keyout", str(tmp_path / "privkey.pem"), "-out", str(tmp_path / "fullchain.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    port_http, port_https = _port_libre(), _port_libre()
    amont = site.url.removeprefix("http://")
    conf = (RACINE / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    remplacements = {
        "server web:8000;": f"server {amont};",
        "listen 80;": f"listen 127.0.0.1:{port_http};",
        "listen 443 ssl;": f"listen 127.0.0.1:{port_https} ssl;",
        "/etc/nginx/certs/": f"{tmp_path}/",
    }
    for avant, apres in remplacements.items():
        assert avant in conf, f"{avant!r} absent de deploy/nginx.conf"
        conf = conf.replace(avant, apres)
    (tmp_path / "site.conf").write_text(conf, encoding="utf-8")
    for dossier in ("corps", "proxy"):
        (tmp_path / dossier).mkdir()
    (tmp_path / "nginx.conf").write_text(
        f"""{"user root;" if hasattr(__import__("os"), "geteuid") and __import__("os").geteuid() == 0 else ""}
daemon off;
worker_processes 1;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {tmp_path}/corps;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/proxy;
    uwsgi_temp_path {tmp_path}/proxy;
    scgi_temp_path {tmp_path}/proxy;
    include {tmp_path}/site.conf;
}}
""",
        encoding="utf-8",
    )
    processus = subprocess.Popen(
        [binaire, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        limite = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port_https), timeout=0.2).close()
                break
            except OSError:
                if processus.poll() is not None or time.monotonic() > limite:
                    sortie = processus.stdout.read().decode() if processus.poll() is not None else ""
                    journal = (tmp_path / "error.log").read_text() if (tmp_path / "error.log").exists() else ""
                    pytest.fail(f"nginx n'a pas démarré : {sortie}\n{journal}")
                time.sleep(0.05)
        yield port_http, port_https
    finally:
        processus.terminate()
        processus.wait(timeout=10)


def _get(port: int, *, https: bool, entetes: dict[str, str] | None = None):
    if https:
        contexte = ssl.create_default_context()
        contexte.check_hostname = False
        contexte.verify_mode = ssl.CERT_NONE
        connexion = http.client.HTTPSConnection("127.0.0.1", port, timeout=10, context=contexte)
    else:
        connexion = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connexion.request("GET", "/adresse/", headers={"Host": "bienvenuedoc.example.fr", **(entetes or {})})
    reponse = connexion.getresponse()
    corps = reponse.read()
    connexion.close()
    return reponse, corps


@pytest.mark.parametrize(
    "entetes",
    [
        {},
        {"X-Forwarded-For": CLIENT_USURPE},
        {"X-Forwarded-For": f"{CLIENT_USURPE}, 198.51.100.7"},
        {"X-Forwarded-For": CLIENT_USURPE, "X-Real-IP": CLIENT_USURPE, "Forwarded": f"for={CLIENT_USURPE}"},
        {"X-Forwarded-Proto": "http", "X-Forwarded-For": "unknown"},
    ],
)
def test_le_site_voit_l_adresse_reelle_du_client_derriere_le_proxy(nginx, entetes):
    _, port_https = nginx
    reponse, corps = _get(port_https, https=True, entetes=entetes)
    assert reponse.status == 200, corps
    vu = json.loads(corps)
    assert vu == {"adresse": "127.0.0.1", "https": True, "hote": "bienvenuedoc.example.fr"}


def test_http_redirige_vers_https_sans_toucher_au_site(nginx):
    port_http, _ = nginx
    reponse, _ = _get(port_http, https=False, entetes={"X-Forwarded-Proto": "https"})
    assert reponse.status == 301
    assert reponse.getheader("Location") == "https://bienvenuedoc.example.fr/adresse/"


def test_sans_le_proxy_l_adresse_serait_usurpable(site):
    """What the proxy protects from: gunicorn reached directly (the old compose file's published port) with
    NOMBRE_PROXIES=1 believes the client's header. This is why only the proxy is published."""
    port = int(site.url.rsplit(":", 1)[1])
    reponse, corps = _get(port, https=False, entetes={"X-Forwarded-For": CLIENT_USURPE, "X-Forwarded-Proto": "https"})
    assert json.loads(corps)["adresse"] == CLIENT_USURPE
