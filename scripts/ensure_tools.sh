#!/usr/bin/env bash
# Optional system tools, installed from Debian's packages when we are root; without them the
# dependent step degrades instead of failing:
# - a compose CLI to validate docker-compose.yml. There is no Docker engine on CI machines, but
#   `docker-compose config` validates the file offline; without it the validation test skips.
# - wrk, the load generator of bench/api_load.py: a C client takes far less CPU from the server
#   it measures than a Python one on a 2-core machine; without it the bench uses its Python client.
# - chromium and fonts-wqy-zenhei: the web page and /docs tests (tests/ui) look at the pages in
#   headless Chromium, and Chinese needs a CJK font there and in the notebook's plot
#   (kg.plotting); without them those tests skip and say why.
set -u
missing=()
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing+=(chromium)
[ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || missing+=(fonts-wqy-zenhei)
if ! docker compose version >/dev/null 2>&1 && ! command -v docker-compose >/dev/null 2>&1; then
  missing+=(docker-compose)
fi
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
if [ "${#missing[@]}" -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq >/dev/null 2>&1
  for pkg in "${missing[@]}"; do
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null 2>&1 \
      || echo "note: could not install $pkg; the step that uses it falls back or skips" >&2
  done
fi
exit 0
