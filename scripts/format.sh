#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# clang-format the project's C sources with the repository's .clang-format.
#   scripts/format.sh          rewrite every tracked .c/.h file in place
#   scripts/format.sh --check  change nothing; list the files that differ and exit 1
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$DPS_ROOT"
command -v clang-format >/dev/null || dps_die "clang-format is missing (scripts/deps.sh installs it)"
mode=fix
case "${1:-}" in
'') ;;
--check) mode=check ;;
*) echo "usage: scripts/format.sh [--check]" >&2; exit 2 ;;
esac
mapfile -t files < <(git ls-files '*.c' '*.h')
[ ${#files[@]} -gt 0 ] || dps_die "no C sources found (not a git checkout?)"
if [ $mode = fix ]; then
	clang-format -i --style=file "${files[@]}"
	exit 0
fi
bad=0
for f in "${files[@]}"; do
	if ! clang-format --style=file --dry-run --Werror "$f" >/dev/null 2>&1; then
		echo "not formatted: $f (scripts/format.sh fixes it)"
		bad=$((bad + 1))
	fi
done
echo "format: ${#files[@]} files checked, $bad not formatted"
[ $bad -eq 0 ]
