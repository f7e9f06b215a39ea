#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The installed SDK (issue 8 point 4, COORD decisions 1 and 4):
#   - meson install --destdir puts exactly the expected files there;
#   - pkg-config --cflags --libs libdpstack works against the destdir;
#   - a protocol that includes only dps_protocol.h builds into a plugin with
#     those flags, needs libdpstack.so.<ABI> and only DPSTACK_<ABI> symbols;
#   - libdpstack.so exports in DPSTACK_<ABI> exactly the functions the
#     installed headers declare, everything else it exports is a dps_
#     function of DPSTACK_INTERNAL, and nothing else;
#   - the installed dpstack runs on the installed library.
# Usage: test_sdk_install.sh BUILD_DIR SOURCE_DIR. TAP output.
# Checks are bash expressions in single quotes, evaluated by check():
# shellcheck disable=SC2016,SC2034 # checks are strings evaluated later, and read the variables
set -u
BUILD=$(realpath "$1")
SRC=$(realpath "$2")
TMP=$(mktemp -d /tmp/dps-sdk-install.XXXXXX)
DEST=$TMP/dest
N=0
FAILS=0
trap 'rm -rf "$TMP"' EXIT

check() {
	N=$((N + 1))
	if eval "$2"; then
		echo "ok $N - $1"
	else
		echo "not ok $N - $1"
		sed 's/^/# /' "$TMP/log" 2>/dev/null | tail -n 40
		FAILS=$((FAILS + 1))
	fi
}

opt() {
	meson introspect "$BUILD" --buildoptions | jq -r ".[] | select(.name == \"$1\") | .value"
}
san=$(opt b_sanitize)
if [ "$san" != none ]; then
	echo "1..0 # SKIP the build uses -Db_sanitize=$san; the test plugin is built with plain cc"
	exit 77
fi
PREFIX=$(opt prefix)
LIBDIR=$(opt libdir)
INCDIR=$(opt includedir)
BINDIR=$(opt bindir)
DATADIR=$(opt datadir)
MANDIR=$(opt mandir)
case $DATADIR in /*) ;; *) DATADIR=$PREFIX/$DATADIR ;; esac
case $MANDIR in /*) ;; *) MANDIR=$PREFIX/$MANDIR ;; esac
case $LIBDIR in /*) ;; *) LIBDIR=$PREFIX/$LIBDIR ;; esac
case $INCDIR in /*) ;; *) INCDIR=$PREFIX/$INCDIR ;; esac
case $BINDIR in /*) ;; *) BINDIR=$PREFIX/$BINDIR ;; esac
ABI=$(sed -n 's/^#define DPS_PROTOCOL_ABI_VERSION \([0-9]*\)u\{0,1\}$/\1/p' \
	"$SRC/lib/sdk/dpstack/dps_protocol.h")
VERSION=$(meson introspect "$BUILD" --projectinfo | jq -r .version)

meson install -C "$BUILD" --no-rebuild --destdir "$DEST" >"$TMP/log" 2>&1
RC=$?
check "meson install --destdir" '[ $RC -eq 0 ]'

# ---- exactly the expected files ----
{
	echo "$BINDIR/dpstack"
	echo "$BINDIR/dpsctl"
	for h in "$SRC"/lib/sdk/dpstack/*.h; do echo "$INCDIR/dpstack/${h##*/}"; done
	echo "$INCDIR/dpstack/dps_client.h"
	echo "$LIBDIR/libdpstack.so"
	echo "$LIBDIR/libdpstack.so.$ABI"
	echo "$LIBDIR/libdpstack.so.$ABI.${VERSION#*.}"
	echo "$LIBDIR/libdpsclient.so"
	echo "$LIBDIR/libdpsclient.so.0"
	echo "$LIBDIR/libdpsclient.so.0.${VERSION#*.}"
	echo "$LIBDIR/pkgconfig/libdpstack.pc"
	echo "$LIBDIR/pkgconfig/dpsclient.pc"
	# what an operator reads (issue 13): man pages, units, completion, examples, docs
	echo "$MANDIR/man8/dpstack.8"
	echo "$MANDIR/man8/dpsctl.8"
	echo "$MANDIR/man5/dpstack.ini.5"
	echo "$PREFIX/lib/systemd/system/dpstack.service"
	echo "$PREFIX/lib/systemd/system/dpstack@.service"
	echo "$DATADIR/bash-completion/completions/dpsctl"
	echo "$DATADIR/dpstack/default.ini"
	for f in "$SRC"/config/examples/*.ini; do echo "$DATADIR/dpstack/examples/${f##*/}"; done
	for f in README.md GUIDE.md CLIENT.md OIDS.md TELEMETRY.md PROTOCOLS.md; do
		echo "$DATADIR/doc/dpstack/$f"
	done
} | sort -u >"$TMP/want"
(cd "$DEST" && find . -type f -o -type l) | sed 's/^\.//' | sort >"$TMP/got"
diff "$TMP/want" "$TMP/got" >"$TMP/log"
check "installed: exactly the SDK headers, the two libraries, their .pc files, dpstack, dpsctl (ABI $ABI), the man pages, units, completion, examples and docs" \
	'[ -n "$ABI" ] && [ ! -s "$TMP/log" ]'

LIB=$DEST$LIBDIR/libdpstack.so.$ABI
readelf -d "$LIB" >"$TMP/log" 2>&1
check "soname libdpstack.so.$ABI: the SDK's ABI version" \
	'grep -q "(SONAME).*\[libdpstack.so.$ABI\]" "$TMP/log"'

# ---- pkg-config against the destdir ----
# libdpstack.pc is relocatable (pkgconfig.relocatable: its prefix is
# relative to the file), so it works where it is; libdpdk.pc stays the
# system's (a PKG_CONFIG_SYSROOT_DIR would move DPDK's paths too)
export PKG_CONFIG_PATH=$DEST$LIBDIR/pkgconfig
FLAGS=$(pkg-config --cflags --libs libdpstack 2>"$TMP/log")
# the first -I and -L of the output are libdpstack's own
INC=$(tr ' ' '\n' <<<"$FLAGS" | sed -n 's/^-I//p' | head -n 1)
LDIR=$(tr ' ' '\n' <<<"$FLAGS" | sed -n 's/^-L//p' | head -n 1)
check "pkg-config --cflags --libs libdpstack: -I<destdir>$INCDIR/dpstack, -L<destdir>$LIBDIR, -ldpstack and DPDK's flags" \
	'[ -n "$INC" ] && [ "$(realpath "$INC")" = "$DEST$INCDIR/dpstack" ] &&
	 [ -n "$LDIR" ] && [ "$(realpath "$LDIR")" = "$DEST$LIBDIR" ] &&
	 [[ " $FLAGS " == *" -ldpstack "* ]] && [[ " $FLAGS " == *"-lrte_eal"* ]]'
pkg-config --print-requires libdpstack >"$TMP/log" 2>&1
check "libdpstack.pc requires libdpdk" 'grep -qx "libdpdk" "$TMP/log"'

# ---- a protocol built against the installed SDK only ----
cat >"$TMP/probe.c" <<'C'
#include "dps_protocol.h"

struct probe_ctx {
	uint64_t n;
};
static const struct dps_context_type probe_ctx_type = {
	.name = "probe", .size = sizeof(struct probe_ctx)};

static void
probe_receive(struct dps_binding *b, void *ctx, struct rte_mbuf **pkts, uint16_t n, uint32_t flags)
{
	(void)b;
	(void)flags;
	((struct probe_ctx *)ctx)->n += n;
	rte_pktmbuf_free_bulk(pkts, n);
}

static const uint16_t probe_types[] = {0x88b5};
static const struct dps_protocol_ops probe_ops = {.receive = probe_receive};
static const struct dps_protocol_desc probe_desc = {
	.name = "probe",
	.ethertypes = probe_types,
	.nb_ethertypes = 1,
	.ops = &probe_ops,
	.binding_ctx = &probe_ctx_type,
};
DPS_PLUGIN_EXPORT(probe_desc);

/* a function of the SDK, so the plugin needs the library */
int probe_state_is_running(const struct dps_binding *b);
int
probe_state_is_running(const struct dps_binding *b)
{
	return dps_binding_state(b) == DPS_BINDING_RUNNING;
}
C
# shellcheck disable=SC2086 # pkg-config's words
# DPDK's headers need POSIX/GNU declarations (as in any DPDK program)
cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -fPIC -shared "$TMP/probe.c" $FLAGS -o "$TMP/probe.so" \
	>"$TMP/log" 2>&1
RC=$?
check "a plugin including only dps_protocol.h builds with those flags" '[ $RC -eq 0 ]'
readelf -d "$TMP/probe.so" >"$TMP/log" 2>&1
check "the plugin needs libdpstack.so.$ABI" 'grep -q "(NEEDED).*\[libdpstack.so.$ABI\]" "$TMP/log"'
readelf --dyn-syms -W "$TMP/probe.so" >"$TMP/log" 2>&1
check "the plugin takes dps_binding_state@DPSTACK_$ABI and exports dps_plugin_entry" \
	'grep -Eq " UND dps_binding_state@DPSTACK_$ABI( |\$)" "$TMP/log" &&
	 grep -Eq "OBJECT +GLOBAL +DEFAULT +[0-9]+ dps_plugin_entry$" "$TMP/log"'

# ---- the exported symbols against the installed headers ----
# the functions the installed headers declare (gcc's -aux-info lists each
# declaration with its file)
(cd "$DEST$INCDIR/dpstack" && printf '#include "%s"\n' *.h) >"$TMP/all.c"
# shellcheck disable=SC2086
gcc -std=c11 -D_GNU_SOURCE $FLAGS -fsyntax-only -aux-info "$TMP/aux" "$TMP/all.c" \
	>"$TMP/log" 2>&1
RC=$?
check "the installed headers compile together" '[ $RC -eq 0 ]'
grep -F "/include/dpstack/" "$TMP/aux" | grep -v '^/\*[^*]*\*/ static ' |
	sed -E 's/^\/\*[^*]*\*\/ extern [^(]*[ *]([a-z_][a-z0-9_]*) \(.*/\1/' |
	grep -v '^dps_client_' >"$TMP/declared"
# and the thread-local variables they declare (-aux-info lists functions only)
grep -h '^extern __thread ' "$DEST$INCDIR/dpstack/"*.h |
	sed -E 's/^extern __thread [^;]*[ *]([a-z_][a-z0-9_]*) *(__attribute__.*)?;$/\1/' >>"$TMP/declared"
sort -u -o "$TMP/declared" "$TMP/declared"
readelf --dyn-syms -W "$LIB" | awk '$7 != "UND" && ($5 == "GLOBAL" || $5 == "WEAK") { print $8 }' |
	grep -v '^DPSTACK_' | sort -u >"$TMP/exported"
sed -n 's/@@DPSTACK_'"$ABI"'$//p' "$TMP/exported" | sort >"$TMP/sdk"
diff "$TMP/declared" "$TMP/sdk" >"$TMP/log"
check "DPSTACK_$ABI = the $(wc -l <"$TMP/declared") functions the installed headers declare (the version map lib/libdpstack.map)" \
	'[ -s "$TMP/declared" ] && [ ! -s "$TMP/log" ]'
grep -v -e "@@DPSTACK_$ABI\$" -e '^dps_[a-z0-9_]*@@DPSTACK_INTERNAL$' "$TMP/exported" >"$TMP/log"
check "everything else exported is a dps_ function in DPSTACK_INTERNAL ($(grep -c @@DPSTACK_INTERNAL "$TMP/exported") of them)" \
	'[ ! -s "$TMP/log" ]'

# ---- the installed dpstack uses the installed library ----
readelf -d "$DEST$BINDIR/dpstack" >"$TMP/log" 2>&1
check "dpstack needs libdpstack.so.$ABI, runpath $LIBDIR" \
	'grep -q "(NEEDED).*\[libdpstack.so.$ABI\]" "$TMP/log" && grep -q "(RUNPATH).*\[$LIBDIR\]" "$TMP/log"'
LD_LIBRARY_PATH=$DEST$LIBDIR ldd "$DEST$BINDIR/dpstack" >"$TMP/log" 2>&1
check "it loads the installed libdpstack" 'grep -q "libdpstack.so.$ABI => $DEST$LIBDIR/" "$TMP/log"'
LD_LIBRARY_PATH=$DEST$LIBDIR "$DEST$BINDIR/dpstack" --version >"$TMP/log" 2>&1
check "the installed dpstack --version runs" 'grep -q "^dpstack $VERSION " "$TMP/log"'

echo "1..$N"
[ "$FAILS" -eq 0 ]
