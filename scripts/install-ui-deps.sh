#!/bin/sh
# Install what the control panel's browser tests (pytest -m ui) need: Debian's chromium and
# chromium-driver (apt), and the Selenium Python driver (pip, into the given interpreter's
# environment). Selenium is pointed at /usr/bin/chromium and /usr/bin/chromedriver
# explicitly, so it never tries to download a browser or a driver of its own.
# usage: scripts/install-ui-deps.sh [PYTHON]   (default: python3; .ci/run passes .venv/bin/python)
set -eu
python=${1:-python3}

if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium chromium-driver >/dev/null
fi
"$python" -m pip install -q "selenium>=4.20"
/usr/bin/chromium --version
"$python" -c "import selenium; print('selenium', selenium.__version__)"
