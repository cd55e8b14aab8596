#!/usr/bin/env bash
# Optional system tools some tests use: a compose CLI to validate docker-compose.yml.
# There is no Docker engine on CI machines, but `docker-compose config` validates the file
# offline. Installed from Debian's packages when we are root; otherwise the test skips.
set -u
if docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose) >/dev/null 2>&1 \
    || echo "note: could not install docker-compose; the compose validation test will skip" >&2
fi
exit 0
