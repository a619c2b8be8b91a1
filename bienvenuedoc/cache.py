"""The Redis cache backend of the site, tolerant of a Redis outage.

The cache is an optimisation, never a dependency (ARCHITECTURE.md, section 7): when Redis cannot be reached,
every cache operation (get, set, add, incr, get_many, delete, clear…) falls back to a local-memory cache of
the process instead of raising, so that

- the site configuration and the cached reference lists are read from the database (a cache miss);
- django-ratelimit keeps counting (add / incr on the local cache: a per-process count, stricter than none);
- single-use keys (anti-spam tokens) still work within the process.

One warning is logged when the outage starts and one when Redis answers again, per process, not one per
request. During the outage Redis is not asked again before DELAI_NOUVEL_ESSAI seconds (then by one request
at a time, with a PING), so no request waits on a dead server; give the connection short timeouts in OPTIONS
(`socket_connect_timeout`, `socket_timeout`). When Redis is back, the keys written locally during the outage
are deleted from Redis (its copies may be stale: a configuration saved meanwhile, a bumped version) and the
local copy is emptied.

Settings: CACHES = {"default": {"BACKEND": "bienvenuedoc.cache.RedisCacheTolerant", "LOCATION": REDIS_URL,
"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, "DELAI_NOUVEL_ESSAI": 5}}}.
"""

import logging
import threading
import time
from dataclasses import dataclass, field

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis import exceptions as erreurs_redis

logger = logging.getLogger(__name__)

# Redis unreachable or unable to serve (not a programming error such as a wrong type, which must show).
ERREURS_INDISPONIBILITE = (
    erreurs_redis.ConnectionError,  # includes authentication, server loading, too many connections
    erreurs_redis.TimeoutError,
    erreurs_redis.ReadOnlyError,  # a replica after a fail-over
    erreurs_redis.OutOfMemoryError,
    erreurs_redis.InvalidResponse,  # connection cut in the middle of an answer
)
# Keys remembered to be invalidated in Redis when it comes back (beyond that, they expire on their own).
CLES_RETENUES_MAX = 10_000


@dataclass
class _Etat:
    """The state of one Redis server in this process, shared by all threads (Django gives each thread its own
    cache object, the outage is the server's)."""

    verrou: threading.Lock = field(default_factory=threading.Lock)
    en_panne_depuis: float | None = None  # time.monotonic() of the first failure
    prochain_essai: float = 0.0
    essai_en_cours: bool = False
    cles_ecrites: set = field(default_factory=set)  # (key, version) written locally during the outage


_etats: dict[str, _Etat] = {}
_etats_verrou = threading.Lock()


def _etat(location: str) -> _Etat:
    with _etats_verrou:
        return _etats.setdefault(location, _Etat())


_INCR_SI_PRESENTE = "if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('INCRBY', KEYS[1], ARGV[1]) end"


class _ClientRedisReutilise(RedisCacheClient):
    """Django builds a new redis.Redis object for every cache operation; this one keeps one per connection pool
    (a redis.Redis holds no connection of its own: it takes one from the pool for each command, so reusing it
    changes nothing to reconnection after an outage). A POST of the request form makes about ten operations."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))  # the pools live as long as this object (self._pools): ids stay theirs
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def incr(self, key, delta):
        """As Django's (ValueError for a missing key) in one round trip instead of EXISTS then INCRBY, and
        atomic: a key expiring between the two can no longer come back as a counter without expiry."""
        client = self.get_client(key, write=True)
        script = self.__dict__.setdefault("_scripts", {}).get(id(client))
        if script is None:
            script = self._scripts[id(client)] = client.register_script(_INCR_SI_PRESENTE)
        valeur = script(keys=[key], args=[delta])
        if valeur is None:
            raise ValueError(f"Key '{key}' not found.")
        return valeur


class RedisCacheTolerant(RedisCache):
    DELAI_NOUVEL_ESSAI = 5.0

    def __init__(self, server, params):
        params = {**params, "OPTIONS": dict(params.get("OPTIONS") or {})}
        self.delai_nouvel_essai = float(params["OPTIONS"].pop("DELAI_NOUVEL_ESSAI", self.DELAI_NOUVEL_ESSAI))
        super().__init__(server, params)
        self._class = _ClientRedisReutilise
        self._location = ",".join(self._servers)
        self._etat = _etat(self._location)
        # LocMemCache keeps its data per name at module level: every thread of the process shares this copy.
        self._secours = LocMemCache(
            f"bienvenuedoc-secours:{self._location}",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "KEY_PREFIX": params.get("KEY_PREFIX", ""),
                "VERSION": params.get("VERSION", 1),
                "OPTIONS": {"MAX_ENTRIES": 10_000},
            },
        )

    # --- outage bookkeeping ------------------------------------------------------------------------------
    @property
    def en_panne(self) -> bool:
        return self._etat.en_panne_depuis is not None

    def _signaler_panne(self, erreur: Exception) -> None:
        etat = self._etat
        with etat.verrou:
            maintenant = time.monotonic()
            etat.prochain_essai = maintenant + self.delai_nouvel_essai
            etat.essai_en_cours = False
            if etat.en_panne_depuis is not None:
                return
            etat.en_panne_depuis = maintenant
        # the exception type only: its text may hold the server's address
        logger.warning(
            "Cache Redis injoignable (%s) : cache local du processus jusqu’à son retour, nouvel essai toutes les %s s",
            type(erreur).__name__,
            self.delai_nouvel_essai,
        )

    def _redis_a_essayer(self) -> bool:
        """Whether this operation goes to Redis: always when it is up; during an outage, one caller at a time
        once the delay has passed, after a PING (which ends the outage)."""
        etat = self._etat
        if etat.en_panne_depuis is None:
            return True
        with etat.verrou:
            if etat.essai_en_cours or time.monotonic() < etat.prochain_essai:
                return False
            etat.essai_en_cours = True
        try:
            self._cache.get_client(write=True).ping()
            self._retablir()
        except ERREURS_INDISPONIBILITE as erreur:
            self._signaler_panne(erreur)
            return False
        finally:
            with etat.verrou:
                etat.essai_en_cours = False
        return True

    def _retablir(self) -> None:
        """Redis answers again. Its copies of what was written during the outage may be stale (a configuration
        saved meanwhile, a bumped version): drop them, then forget the local copy."""
        etat = self._etat
        with etat.verrou:
            cles = list(etat.cles_ecrites)
        par_version: dict = {}
        for cle, version in cles:
            par_version.setdefault(version, []).append(cle)
        for version, liste in par_version.items():
            super().delete_many(liste, version=version)  # may fail again: the outage then goes on
        self._secours.clear()
        with etat.verrou:
            duree = time.monotonic() - (etat.en_panne_depuis or time.monotonic())
            etat.cles_ecrites = set()
            etat.en_panne_depuis = None
        logger.warning("Cache Redis de nouveau joignable après %.0f s d’interruption", duree)

    def _retenir(self, cles, version) -> None:
        etat = self._etat
        with etat.verrou:
            for cle in cles:
                if len(etat.cles_ecrites) >= CLES_RETENUES_MAX:
                    break
                etat.cles_ecrites.add((cle, version))

    def _executer(self, nom: str, args: tuple, kwargs: dict, *, cles=(), version=None):
        """Runs the operation on Redis, or on the local copy when Redis is down."""
        if self._redis_a_essayer():
            try:
                return getattr(super(), nom)(*args, **kwargs)
            except ERREURS_INDISPONIBILITE as erreur:
                self._signaler_panne(erreur)
        if cles:
            self._retenir(cles, version)
        return getattr(self._secours, nom)(*args, **kwargs)

    # --- the cache API (the async variants of BaseCache call these) ----------------------------------------
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._executer("add", (key, value, timeout), {"version": version}, cles=[key], version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._executer("set", (key, value, timeout), {"version": version}, cles=[key], version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._executer("set_many", (data, timeout), {"version": version}, cles=list(data), version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._executer("touch", (key, timeout), {"version": version})

    def incr(self, key, delta=1, version=None):
        return self._executer("incr", (key, delta), {"version": version}, cles=[key], version=version)

    def delete(self, key, version=None):
        return self._executer("delete", (key,), {"version": version}, cles=[key], version=version)

    def delete_many(self, keys, version=None):
        return self._executer("delete_many", (keys,), {"version": version}, cles=list(keys), version=version)

    def get(self, key, default=None, version=None):
        return self._executer("get", (key, default), {"version": version})

    def get_many(self, keys, version=None):
        return self._executer("get_many", (keys,), {"version": version})

    def has_key(self, key, version=None):
        return self._executer("has_key", (key,), {"version": version})

    def clear(self):
        return self._executer("clear", (), {})

    def redis_joignable(self) -> bool:
        """PING to the server itself, bypassing the local copy (for /sante/)."""
        try:
            return bool(self._cache.get_client(write=True).ping())
        except ERREURS_INDISPONIBILITE:
            return False
