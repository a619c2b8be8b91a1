#!/usr/bin/env bash
# Makes sure PostgreSQL (127.0.0.1:5432, trust) and Redis (127.0.0.1:6379) answer; starts throwaway ones if not.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "PostgreSQL ne répond pas sur 127.0.0.1:5432 : démarrage d'une instance jetable dans .pg/"
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  D=$PWD/.pg
  mkdir -p "$D" && chown postgres:postgres "$D"
  [ -d "$D/data" ] || runuser -u postgres -- "$PGBIN/initdb" -D "$D/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$D/data" -l "$D/log" -w start \
    -o "-c listen_addresses=127.0.0.1 -p 5432 -k $D -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null
fi
pg_isready -h 127.0.0.1 -p 5432 || { echo "PostgreSQL est injoignable sur 127.0.0.1:5432" >&2; exit 1; }
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "Redis ne répond pas sur 127.0.0.1:6379 : démarrage d'une instance sans persistance"
  redis-server --bind 127.0.0.1 --port 6379 --save '' --appendonly no --daemonize yes --pidfile "$PWD/.redis.pid"
  for _ in $(seq 50); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 0.1; done
fi
echo "Redis : $(redis-cli -h 127.0.0.1 -p 6379 ping)"
