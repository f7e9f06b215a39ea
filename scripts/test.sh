#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# shellcheck source-path=SCRIPTDIR
# Install what is missing, check the format (scripts/format.sh --check),
# build the trees and run every test:
#   build-gcc    gcc, release with LTO (meson.build's defaults): all suites
#   build-clang  clang, debugoptimized, -Dfault_injection=true: the unit
#                suite (test_fault arms the points) and suite 'faults'
#                (dpstack under DPS_FAULTS, tests/integration/test_faults.sh)
#   build-asan   clang, debug, AddressSanitizer + UBSan (leak detection on):
#                the unit suite and the whole-process tests of suite
#                'sanitized' (tests/integration/meson.build)
#   build-fuzz   clang, libFuzzer + ASan + UBSan (the whole stack with
#                libFuzzer's coverage): fuzz_ipc and fuzz_lldp for
#                DPS_FUZZ_SECONDS (default 60) each, the datapath harnesses
#                fuzz_dispatch, fuzz_arp, fuzz_ipv4, fuzz_xconnect for
#                DPS_FUZZ_FRAMES_SECONDS (default 20) each, on copies of
#                their corpora (tests/fuzz/corpus_*); one test each
# Prints each test program's CUnit run summary (or its TAP checks) and ends
# with one line "N passed, N failed": N counts CUnit tests (the "tests" row
# of each Run Summary), integration checks ("ok N" / "not ok N" lines), and
# one failure for a build that fails or a test program that fails without
# reporting a failed test (crash, timeout, sanitizer report at exit).
# Exits non-zero on any failure. Build logs: <tree>/dps-build.log; meson's
# test output: <tree>/dps-test.log and <tree>/meson-logs/dps-testlog.txt.
# DPS_BUILD_PREFIX=build-mine scripts/test.sh uses build-mine-gcc, ... instead.
#
# Usage: scripts/test.sh [-h | --help]   (no other argument)
set -uo pipefail

case ${1:-} in
-h | --help)
	# the comment block at the top, from after the shellcheck line
	awk 'NR > 3 && !/^#/ { exit } NR > 3 { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}"
	exit 0
	;;
"") ;;
*)
	echo "test.sh: unknown argument '$1' (usage: scripts/test.sh [--help])" >&2
	exit 2
	;;
esac

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$DPS_ROOT" || exit 1

"$DPS_ROOT/scripts/deps.sh" || exit 1
[ "$(id -u)" -eq 0 ] && dps_ensure_tun

PASSED=0
FAILED=0
FAILURES=()
WORK=$(mktemp -d /tmp/dpstack-test.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

fail_item() {
	FAILED=$((FAILED + 1))
	FAILURES+=("$1")
}

# report_test TREE JSON_LINE: one test program's result, summary and counts
report_test() {
	local tree=$1 line=$2 name result rc out=$WORK/out p f
	name=$(jq -r '.name | sub("^[^:]*:"; "")' <<<"$line")
	result=$(jq -r '.result' <<<"$line")
	rc=$(jq -r '.returncode // ""' <<<"$line")
	jq -j '(.stdout // "") + (.stderr // "")' <<<"$line" >"$out"
	printf '  %-40s %s\n' "$name" "$result"
	if [ "$result" = SKIP ]; then
		grep -m1 -i 'skip' "$out" | sed 's/^/    /'
		return
	fi

	if grep -q '^Run Summary:' "$out"; then
		# CUnit: the block, and the "tests" row: Total Ran Passed Failed Inactive
		sed -n '/^Run Summary:/,/^ *asserts /p' "$out" | sed 's/^/    /'
		read -r p f < <(awk '/^Run Summary:/ { s = 1 }
			s && $1 == "tests" { p += $4; f += $5; s = 0 }
			END { print p + 0, f + 0 }' "$out")
		if [ "$f" -gt 0 ]; then
			# the failed tests and their assertions
			awk '/\.\.\.FAILED/ { k = 1; print; next }
				k && /^ +[0-9]+\. / { print; next } { k = 0 }' "$out" | sed 's/^/    /'
		fi
	elif grep -Eq '^(not )?ok [0-9]+' "$out"; then
		p=$(grep -Ec '^ok [0-9]+' "$out")
		f=$(grep -Ec '^not ok [0-9]+' "$out")
		printf '    %d ok, %d not ok\n' "$p" "$f"
		# every failed check, with the last lines of the diagnostics after it
		awk 'function flush() { if (c > 15) print "# ..."
				for (i = (c > 15 ? c - 14 : 1); i <= c; i++) print d[i]; c = 0 }
			/^not ok [0-9]+/ { flush(); k = 1; print; next }
			k && /^#/ { d[++c] = $0; next }
			{ flush(); k = 0 }
			END { flush() }' "$out" | sed 's/^/    /'
	else
		# reports no counts: it is one test, judged by its exit code
		p=0
		f=0
		[ "$result" = OK ] && p=1
	fi
	PASSED=$((PASSED + p))
	FAILED=$((FAILED + f))
	[ "$f" -gt 0 ] && FAILURES+=("$tree: $name ($f)")

	if [ "$result" != OK ] && [ "$f" -eq 0 ]; then
		printf '    failed without reporting a failed test (%s, exit code %s); its last lines:\n' \
			"$result" "${rc:-?}"
		tail -n 30 "$out" | sed 's/^/    | /'
		fail_item "$tree: $name ($result)"
	fi
}

# run_tree TREE CC "DESCRIPTION" "MESON TEST ARGS" [meson setup options...]
# The tests run with the variables of TEST_ENV (NAME=VALUE words) set.
TEST_ENV=
run_tree() {
	local tree=$1 cc=$2 what=$3 testargs=$4 log json line
	shift 4
	printf '\n== %s: %s\n' "$tree" "$what"
	if ! dps_build "$tree" "$cc" "$@" 2>&1 | sed 's/^/  | /'; then
		printf '  build failed\n'
		fail_item "$tree: build"
		return
	fi
	log=$DPS_ROOT/$tree/dps-test.log
	json=$DPS_ROOT/$tree/meson-logs/dps-testlog.json
	rm -f "$json"
	# shellcheck disable=SC2086 # lists of words
	env $TEST_ENV meson test -C "$tree" --no-rebuild --logbase dps-testlog $testargs \
		>"$log" 2>&1
	if [ ! -s "$json" ]; then
		printf '  meson test ran nothing; its output:\n'
		tail -n 40 "$log" | sed 's/^/  | /'
		fail_item "$tree: meson test"
		return
	fi
	while IFS= read -r line; do
		report_test "$tree" "$line"
	done <"$json"
}

# fuzz_one TREE NAME SECONDS MAX_LEN: run the libFuzzer harness fuzz_NAME for
# a bounded time on a copy of its committed corpus tests/fuzz/corpus_NAME
# (new inputs stay in the copy). It counts as one test; a crash or a failed
# oracle fails it, and its reproducer is kept as TREE/crash-*.
fuzz_one() {
	local tree=$1 name=fuzz_$2 corpus=corpus_$2 secs=$3 maxlen=$4 path out rc
	path=$DPS_ROOT/$tree
	out=$path/dps-$name.log
	rm -rf "${WORK:?}/$corpus"
	cp -r "$DPS_ROOT/tests/fuzz/$corpus" "$WORK/$corpus"
	timeout $((secs + 120)) "$path/tests/fuzz/$name" -max_total_time="$secs" \
		-rss_limit_mb=2048 -max_len="$maxlen" -print_final_stats=1 -artifact_prefix="$path/" \
		"$WORK/$corpus" >"$out" 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then
		printf '  %-40s %s\n' "$name (${secs}s)" OK
		PASSED=$((PASSED + 1))
	else
		printf '  %-40s %s\n' "$name (${secs}s)" FAIL
		fail_item "$tree: $name (exit code $rc)"
	fi
	# the last coverage line, the run's statistics, and on failure the report
	grep -E '^#[0-9]+.*(DONE|pulse|NEW)' "$out" | tail -n 1 | sed 's/^/    /'
	grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' \
		"$out" | sed 's/^/    /'
	if [ $rc -ne 0 ]; then
		grep -E -A 30 'ERROR|runtime error|deadly signal|oracle failed' "$out" | head -n 40 |
			sed 's/^/    | /'
	fi
}

# run_fuzz TREE: build the libFuzzer harnesses (-Dfuzz=true) in their own
# clang tree, the whole stack compiled with ASan + UBSan and libFuzzer's
# coverage (-fsanitize=fuzzer-no-link, so coverage guides the datapath
# harnesses through it), and run each on a copy of its corpus: fuzz_ipc and
# fuzz_lldp for DPS_FUZZ_SECONDS (default 60) each, the datapath harnesses
# (dispatch, arp, ipv4, xconnect) for DPS_FUZZ_FRAMES_SECONDS (default 20) each.
run_fuzz() {
	local tree=$1 secs=${DPS_FUZZ_SECONDS:-60} fsecs=${DPS_FUZZ_FRAMES_SECONDS:-20} path log rc h
	local frames=(dispatch arp ipv4 xconnect) targets=(tests/fuzz/fuzz_ipc tests/fuzz/fuzz_lldp)
	path=$DPS_ROOT/$tree
	log=$path/dps-build.log
	printf '\n== %s: clang, libFuzzer + ASan + UBSan; ipc, lldp %ss each; %s %ss each\n' \
		"$tree" "$secs" "${frames[*]}" "$fsecs"
	for h in "${frames[@]}"; do
		targets+=("tests/fuzz/fuzz_$h")
	done
	mkdir -p "$path"
	# shellcheck disable=SC2054 # address,undefined is one meson value
	local opts=(-Dfuzz=true -Dtests=false -Db_lto=false -Dbuildtype=debugoptimized
		-Db_sanitize=address,undefined -Db_lundef=false
		"-Dc_args=-fsanitize=fuzzer-no-link -fno-sanitize-recover=undefined")
	if [ -f "$path/meson-private/coredata.dat" ]; then
		meson setup --reconfigure "$tree" "${opts[@]}" >"$log" 2>&1
	else
		CC=clang meson setup "$tree" "${opts[@]}" >"$log" 2>&1
	fi && ninja -C "$path" "${targets[@]}" >>"$log" 2>&1
	rc=$?
	if [ $rc -ne 0 ]; then
		tail -n 40 "$log" | sed 's/^/  | /'
		printf '  build failed\n'
		fail_item "$tree: build"
		return
	fi
	fuzz_one "$tree" ipc "$secs" 16400
	fuzz_one "$tree" lldp "$secs" 16400
	for h in "${frames[@]}"; do
		fuzz_one "$tree" "$h" "$fsecs" 4096
	done
}

PREFIX=${DPS_BUILD_PREFIX:-build}
start=$(date +%s)

# every tracked C source as the repository's .clang-format writes it; one test
printf '\n== format: clang-format --dry-run over the tracked sources\n'
if "$DPS_ROOT/scripts/format.sh" --check >"$WORK/format.log" 2>&1; then
	printf '  %-40s %s\n' format OK
	PASSED=$((PASSED + 1))
else
	printf '  %-40s %s\n' format FAIL
	sed 's/^/    /' "$WORK/format.log" | tail -n 20
	fail_item "format (scripts/format.sh fixes it)"
fi

run_tree "$PREFIX-gcc" gcc "gcc, release, LTO; all suites" "" \
	-Dbuildtype=release -Db_lto=true -Db_sanitize=none -Dpkgconfig.relocatable=true

run_tree "$PREFIX-clang" clang "clang, debugoptimized, fault injection; unit and faults suites" \
	"--suite unit --suite faults" \
	-Dbuildtype=debugoptimized -Db_lto=false -Db_sanitize=none -Dfault_injection=true

TEST_ENV="ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1"
run_tree "$PREFIX-asan" clang "clang, debug, AddressSanitizer + UBSan; unit and sanitized suites" \
	"--suite unit --suite sanitized --timeout-multiplier 3" \
	-Dbuildtype=debug -Db_lto=false -Db_sanitize=address,undefined -Db_lundef=false

run_fuzz "$PREFIX-fuzz"

printf '\n'
if [ ${#FAILURES[@]} -gt 0 ]; then
	printf 'failed:\n'
	printf '  %s\n' "${FAILURES[@]}"
fi
printf 'time: %ds\n' $(($(date +%s) - start))
printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
[ "$FAILED" -eq 0 ]
