#!/usr/bin/env bash
# Writes manpages/zcmk-tui.1.gz, the man page release archives ship, from the
# binary's hidden `man` command.
#   usage: scripts/manpage.sh [VERSION [DATE]]
# VERSION and DATE (RFC 3339) go into the page footer; GoReleaser's `before`
# hook passes the release version and the commit date, so the page is the
# same for the same commit.
set -euo pipefail
cd "$(dirname "$0")/.."

version=${1:-dev}
date=${2:-unknown}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -ldflags "-X main.version=$version -X main.date=$date" -o "$tmp/zcmk-tui" ./cmd/zcmk-tui

rm -rf manpages
mkdir -p manpages
"$tmp/zcmk-tui" man > "$tmp/zcmk-tui.1"
if ! grep -q '^\.TH ' "$tmp/zcmk-tui.1"; then
  echo "manpage.sh: 'zcmk-tui man' printed no man page" >&2
  exit 1
fi
# -n: no name or timestamp in the gzip header, so the archive is reproducible.
gzip -n -9 -c "$tmp/zcmk-tui.1" > manpages/zcmk-tui.1.gz
echo "manpage.sh: wrote manpages/zcmk-tui.1.gz"
