#!/usr/bin/env bash
# Copies the pinned front-end packages (package.json) into static/vendor and the test helpers.
set -euo pipefail
NM=${1:?node_modules folder}
cd "$(dirname "$0")/.."
rm -rf static/vendor && mkdir -p static/vendor/bootstrap static/vendor/leaflet tests/browser/vendor
cp "$NM"/bootstrap/dist/css/bootstrap.min.css{,.map} "$NM"/bootstrap/dist/js/bootstrap.bundle.min.js{,.map} static/vendor/bootstrap/
cp "$NM/bootstrap/LICENSE" static/vendor/bootstrap/LICENSE
cp "$NM"/leaflet/dist/leaflet.js{,.map} "$NM/leaflet/dist/leaflet.css" "$NM/leaflet/LICENSE" static/vendor/leaflet/
cp -r "$NM/leaflet/dist/images" static/vendor/leaflet/images
mkdir -p static/vendor/leaflet.markercluster
cp "$NM"/leaflet.markercluster/dist/leaflet.markercluster.js{,.map} "$NM"/leaflet.markercluster/dist/MarkerCluster{,.Default}.css \
  "$NM/leaflet.markercluster/MIT-LICENCE.txt" static/vendor/leaflet.markercluster/
mkdir -p static/vendor/chartjs
cp "$NM"/chart.js/dist/chart.umd.min.js{,.map} "$NM/chart.js/LICENSE.md" static/vendor/chartjs/
cp "$NM/axe-core/axe.min.js" "$NM/axe-core/LICENSE" tests/browser/vendor/
echo "static/vendor et tests/browser/vendor mis à jour"
