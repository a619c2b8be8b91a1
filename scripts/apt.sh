#!/usr/bin/env bash
# Installs the Debian packages given as arguments when they are missing (root), or says exactly what to run.
set -euo pipefail
missing=()
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Paquets Debian manquants : ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "Lancez en root : apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
