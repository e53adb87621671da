#!/usr/bin/env bash
# Installs what Tatami needs on a fresh Debian 12 machine and is quiet when it is all there:
# the C libraries' development packages (apt) and a Python venv for the reference checks and baselines.
set -euo pipefail
cd "$(dirname "$0")/.."

# chromium renders the HTML report in its test; slurmctld, slurmd, slurm-client and munge make the single-node
# cluster the Slurm test submits a bench to.
packages=(libarchive-dev libcurl4-openssl-dev libsqlite3-dev pkg-config python3-venv zstd tmux bubblewrap
  chromium slurmctld slurmd slurm-client munge)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_prefix=""
  [ "$(id -u)" -eq 0 ] || sudo_prefix="sudo"
  $sudo_prefix apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_prefix apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null; then
  [ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
  command -v swift >/dev/null || { echo "setup: Swift 6 is not installed; see https://www.swift.org/install/linux/" >&2; exit 1; }
fi

requirements=tools/requirements.txt
stamp=.venv/.requirements
if [ ! -x .venv/bin/python ] || ! cmp -s "$requirements" "$stamp"; then
  echo "setup: creating the Python venv .venv from $requirements"
  python3 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check -r "$requirements"
  cp "$requirements" "$stamp"
fi
