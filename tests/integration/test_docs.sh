#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The docs match a real run (issue 13 point 6): dpstack started as
# docs/GUIDE.md's "By hand" says, in a namespace made here, stopped with
# SIGINT; the lines a user checks against the docs are compared: the
# start-up lines (configuration, lcores, mempool, the adapter's queues and
# rings), the mempool line at exit in README, GUIDE and CLIENT, the shape of
# each exit-report line (digits aside), dpstack --help's options in README
# and dpstack(8), and dpsctl --help's commands in docs/CLIENT.md.
#
# Usage: test_docs.sh PATH/TO/dpstack PATH/TO/dpsctl PATH/TO/SOURCE
set -uo pipefail

BIN=$(realpath "${1:?usage: $0 DPSTACK DPSCTL SOURCE}")
CTL=$(realpath "${2:?usage: $0 DPSTACK DPSCTL SOURCE}")
SRC=$(realpath "${3:?usage: $0 DPSTACK DPSCTL SOURCE}")

if [ "$(id -u)" -ne 0 ]; then
	echo "1..0 # SKIP needs root for ip netns"
	exit 77
fi

. "$(dirname "$0")/lib.sh"

PREFIX=dpstest$$doc
PREFIXES+=("$PREFIX")
NS=$(new_ns doc) || { echo "not ok 1 - create a namespace"; exit 1; }
quiet_ns "$NS"
OUT=$TMP/run.out
ip netns exec "$NS" "$BIN" --no-huge --no-pci -m 512 -l 0-1 --file-prefix="$PREFIX" >"$OUT" 2>&1 &
PID=$!
PIDS+=("$PID")
if wait_for "$OUT" '^dpstack: running' "$PID" 40; then
	ok "dpstack starts as the GUIDE's 'By hand' says"
else
	not_ok "dpstack starts"
	show "$OUT"
fi
kill -INT "$PID"
wait_exit "$PID" 20
check "it exits 0 (exit $RC)" test "$RC" = 0

"$BIN" --help >"$TMP/help.txt" 2>&1
"$CTL" --help >"$TMP/ctlhelp.txt" 2>&1

python3 - "$SRC" "$OUT" "$TMP/help.txt" "$TMP/ctlhelp.txt" "$PREFIX" >"$TMP/py.tap" 2>&1 <<'PY'
import re, sys
src, run_file, help_file, ctl_file, prefix = sys.argv[1:]
run = open(run_file).read().splitlines()
readme = open(src + "/README.md").read()
guide = open(src + "/docs/GUIDE.md").read()
client = open(src + "/docs/CLIENT.md").read()
man = open(src + "/man/dpstack.8.in").read().replace("\\-", "-")
n = 0

def check(ok, what, detail=""):
    global n
    n += 1
    print(("ok %d - %s" if ok else "not ok %d - %s") % (n, what))
    if not ok and detail:
        for l in detail.splitlines():
            print("# " + l)

def in_doc(line, doc):
    return ("\n" + line + "\n") in ("\n" + doc + "\n")

# start-up lines: exactly as the GUIDE shows them (the socket path has our prefix)
for pat in (r"^dpstack \S+: configuration ", r"^dpstack: control on lcore ", r"^dpstack: mempool: ",
            r"^dpstack\.adapter: dps0: (net_tap pairs|RSS over|port 0 )", r"^dpstack: running",
            r"^dpstack\.(arp|ipv4): dps0: "):
    lines = [l for l in run if re.match(pat, l)]
    check(lines and all(in_doc(l, guide) for l in lines),
          "GUIDE shows the run's start-up line(s) %s" % pat, "\n".join(lines))
sock = [l for l in run if l.startswith("dpstack: control socket ")]
check(sock and in_doc(sock[0].replace(prefix, "demo"), guide), "GUIDE shows the control socket line",
      "\n".join(sock))
# and nothing stale of those kinds in the GUIDE's start-up block
stale = [l for l in guide.splitlines()
         if re.match(r"^dpstack\.adapter: dps0: (net_tap|RSS|port 0 )", l) and l not in run]
check(not stale, "GUIDE has no start-up line the run does not print", "\n".join(stale))

# the mempool line at exit, wherever the docs quote it for the default configuration
mp = [l for l in run if l.startswith("dpstack: mempool dps_mbuf: ")]
check(len(mp) == 1 and mp[0].endswith("mbufs free"), "the run prints its mempool line", "\n".join(mp))
for name, doc in (("README", readme.replace("\n", " ")), ("GUIDE", guide), ("CLIENT", client)):
    quoted = set(re.findall(r"dpstack: mempool dps_mbuf: \d+ of \d+ mbufs free", doc))
    check(quoted and quoted == {mp[0]} if mp else False,
          "%s quotes the run's mempool line (%s)" % (name, mp[0] if mp else "?"), "\n".join(quoted))

# the exit report: each line's shape (numbers aside) is one the GUIDE shows
def shape(l):
    return re.sub(r"\d+", "N", l)
shapes = {shape(l) for l in guide.splitlines()}
a = run.index("dpstack: counters") if "dpstack: counters" in run else len(run)
report = [l for l in run[a:] if re.match(r"^  (worker|adapter|binding|raw:|control|oid)", l) or
          l.startswith("dpstack: counters") or l.startswith("leak report")]
missing = [l for l in report if shape(l) not in shapes]
check(report and not missing, "every exit-report line of the run has its shape in the GUIDE",
      "\n".join(missing))

# dpstack --help: every option in README's command line and in dpstack(8)
htext = open(help_file).read()
opts = sorted(set(re.findall(r"^  (--[a-z-]+)", htext[:htext.index("With no EAL")], re.M)))
synopsis = [l for l in readme.splitlines() if l.startswith("dpstack [EAL options] -- ")]
miss = [o for o in opts if not synopsis or o not in synopsis[0]]
check(opts and not miss, "README's command line has every --help option %s" % opts, " ".join(miss))
miss = [o for o in opts if o not in man]
check(not miss, "dpstack(8) has every --help option", " ".join(miss))
check("protocols arp, ipv4" in open(help_file).read() and "raw" in open(help_file).read(),
      "dpstack --help names the default's protocols arp, ipv4 and raw")

# dpsctl --help: its synopsis and command list is CLIENT.md's dpsctl block
ctl = open(ctl_file).read()
head = ctl[:ctl.index("Options:")].rstrip() + "\n"
m = re.search(r"## dpsctl\n\n```\n(.*?)```\n", client, re.S)
check(m is not None and m.group(1) == head, "CLIENT.md's dpsctl block is dpsctl --help's",
      "" if m is None else "\n".join(l for l in head.splitlines() if l not in m.group(1).splitlines()))
sys.exit(0)
PY
while IFS= read -r line; do
	case $line in
	"ok "*) ok "${line#ok [0-9]* - }" ;;
	"not ok "*) not_ok "${line#not ok [0-9]* - }" ;;
	*) echo "$line" ;;
	esac
done <"$TMP/py.tap"

echo "1..$n"
[ "$failed" -eq 0 ]
