#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""A client of dpstack's control socket written from lib/ipc/dps_ipc.h alone,
plus AF_PACKET helpers, for tests/integration/test_raw.sh.

Usage: dps_wire.py COMMAND ARGS...
  tx IFACE HEX...                     send each frame (hex) from an AF_PACKET
                                      socket bound to IFACE
  sniff IFACE TYPE COUNT SECONDS READY
                                      print "LEN HEX" for the first COUNT
                                      frames of EtherType TYPE that arrive on
                                      IFACE (not those it sends) within
                                      SECONDS; creates file READY once bound
  pcap FILE                           print "LEN ORIG_LEN HEX" per record of
                                      a classic pcap file (checks its header)
  tel PREFIX CMD [KEY]                DPDK telemetry: the JSON reply to CMD, or
                                      with KEY the value of that key in it
  refuse SOCK ADAPTER IFACE KMAC      sends the server refuses, and the
                                      boundaries it accepts
  queue SOCK ADAPTER IFACE            1000 frames into an open of 256
  filter SOCK ADAPTER IFACE KMAC      pcap filters narrow an open; counters
  badinput SOCK ADAPTER               malformed and unknown requests
  vanish SOCK ADAPTER                 clients that go away mid-request
  hold SOCK ADAPTER IFACE SECONDS     20 frames queued on one open, a RECV
                                      waiting on another; "READY <pid>", sleep
  flood SOCK                          a client that never reads its replies
  clients SOCK MAX                    MAX clients at once, and one more
Each test command prints "PASS what" or "FAIL what: why" per check, and
"COUNT name value" lines for the shell to compare with dpstack's counters.
Exit code 0, or 1 when something broke before the checks could run.
Only the test's own namespace and addresses are used.
"""
import os
import select
import socket
import struct
import sys
import time

# ---- dps_ipc.h ----
VERSION = 1
HDR = struct.Struct("<BBHIIi")  # version, type, flags, id, len, status
F_REASON = 0x0001  # on a failure reply: the payload starts with a reason block
REASON_MAX = 255
HDR_LEN = 16
MAX_MSG = 16384
MAX_FRAME = 9622
REPLY = 0x80
ERROR = 0xFF
(LIST_BINDINGS, WAIT_BINDS, OPEN, CLOSE, RECV, SEND, OID_QUERY, OID_SET, WAIT_STATUS,
 OPEN_STATS) = range(1, 11)

# ---- dps_status.h ----
STATUS = {
    0: "DPS_OK", -1: "DPS_E_NOT_SUPPORTED", -2: "DPS_E_BUFFER_TOO_SHORT",
    -3: "DPS_E_INVALID_LENGTH", -4: "DPS_E_INVALID_DATA", -5: "DPS_E_INVALID_PARAMETER",
    -6: "DPS_E_INVALID_STATE", -7: "DPS_E_NOT_READY", -8: "DPS_E_RESOURCES",
    -9: "DPS_E_LEVEL", -10: "DPS_E_NOT_FOUND", -11: "DPS_E_NOT_INITIALIZED",
    -12: "DPS_E_DELETED", -13: "DPS_E_STALE_HANDLE", -14: "DPS_E_BUSY",
    -15: "DPS_E_TIMEOUT", -16: "DPS_E_REQUEST_ABORTED", -17: "DPS_E_ADAPTER_REMOVED",
    -18: "DPS_E_NO_MORE_ENTRIES", -19: "DPS_E_EXISTS", -20: "DPS_E_IO",
    -21: "DPS_E_PERMISSION", -22: "DPS_E_FAILURE",
}
S = {v: k for k, v in STATUS.items()}

OID_802_3_CURRENT_ADDRESS = 0x01010102
OID_DPS_MTU = 0xFF010001
OID_DPS_MAC_ADDRESS = 0xFF010002
OID_DPS_ADAPTER_REMOVE = 0xFF010006
OID_GEN_LINK_SPEED = 0x00010107

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4


def sname(st):
    return STATUS.get(st, "status %d" % st)


def hdr(mtype, mid, length, status=0, version=VERSION, flags=0):
    return HDR.pack(version, mtype, flags, mid, length, status)


class Closed(Exception):
    """The server closed the connection."""


class Client:
    """One connection; requests carry increasing ids."""

    def __init__(self, path, timeout=5.0):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.s.settimeout(timeout)
        self.s.connect(path)
        self.timeout = timeout
        self.reason = ""
        self.next_id = 100

    def close(self):
        self.s.close()

    def new_id(self):
        self.next_id += 1
        return self.next_id

    def send_raw(self, data):
        self.s.send(data)

    def read(self, timeout=None):
        """(type, id, status, payload) of the next datagram; Closed at EOF."""
        self.s.settimeout(self.timeout if timeout is None else timeout)
        data = self.s.recv(65536)
        if not data:
            raise Closed()
        if len(data) < HDR_LEN:
            raise ValueError("reply of %d bytes" % len(data))
        ver, mtype, flags, mid, length, status = HDR.unpack_from(data)
        if (ver != VERSION or flags not in (0, F_REASON) or
                (flags and status >= 0) or length != len(data) - HDR_LEN):
            raise ValueError("malformed reply header %s" % data[:HDR_LEN].hex())
        p = data[HDR_LEN:]
        self.reason = ""
        if flags & F_REASON:
            # a failure's reason block: u16 length, then the text
            if len(p) < 2:
                raise ValueError("reason block of %d bytes" % len(p))
            n = struct.unpack_from("<H", p)[0]
            if n == 0 or n > REASON_MAX or len(p) < 2 + n:
                raise ValueError("reason length %d in %d bytes" % (n, len(p)))
            text = p[2:2 + n]
            if any(b < 0x20 or b == 0x7f for b in text):
                raise ValueError("control character in reason %r" % text)
            self.reason = text.decode("utf-8", "replace")
            p = p[2 + n:]
        return mtype, mid, status, p

    def call(self, mtype, payload, timeout=None):
        """Send a request, return (reply type, status, payload); checks the id."""
        mid = self.new_id()
        self.s.send(hdr(mtype, mid, len(payload)) + payload)
        rtype, rid, status, p = self.read(timeout)
        if rid != mid:
            raise ValueError("reply id %d for request %d" % (rid, mid))
        return rtype, status, p

    def typed(self, mtype, payload, timeout=None):
        """A request whose reply must be typed (not DPS_IPC_ERROR): (status, payload)."""
        rtype, status, p = self.call(mtype, payload, timeout)
        if rtype != (mtype | REPLY):
            raise ValueError("reply type 0x%02x to request %d (status %s)" %
                             (rtype, mtype, sname(status)))
        return status, p

    # ---- operations ----
    def open(self, adapter, types, filt="", qlen=0):
        t = list(types) + [0] * (8 - len(types))
        f = filt.encode()
        p = (adapter.encode().ljust(16, b"\0") + struct.pack("<IHH", qlen, len(types), len(f)) +
             struct.pack("<8H", *t) + f)
        st, r = self.typed(OPEN, p)
        return st, (struct.unpack("<Q", r)[0] if st == 0 else None)

    def close_open(self, h):
        return self.typed(CLOSE, struct.pack("<Q", h))[0]

    def recv(self, h, timeout_ms=0, max_len=MAX_FRAME):
        st, p = self.typed(RECV, struct.pack("<QII", h, timeout_ms, max_len),
                           timeout=self.timeout + timeout_ms / 1000.0)
        if st != 0:
            return st, None, None, None
        orig_len, dropped = struct.unpack_from("<II", p)
        return st, orig_len, dropped, p[8:]

    def send(self, h, frame):
        return self.typed(SEND, struct.pack("<Q", h) + frame)[0]

    def stats(self, h):
        st, p = self.typed(OPEN_STATS, struct.pack("<Q", h))
        if st != 0:
            return st, None
        names = ("received", "delivered", "dropped", "filtered", "queued", "sent",
                 "send_refused")
        return st, dict(zip(names, struct.unpack("<7Q", p)))

    def oid_query(self, h, oid, buf_len=512):
        st, p = self.typed(OID_QUERY, struct.pack("<QII", h, oid, buf_len))
        return st, (p[12:] if st == 0 else None)

    def oid_set(self, h, oid, data):
        return self.typed(OID_SET, struct.pack("<QII", h, oid, len(data)) + data)[0]

    def list(self, index):
        return self.typed(LIST_BINDINGS, struct.pack("<I", index))


# ---- results ----
FAILS = 0


def check(what, cond, why=""):
    global FAILS
    if cond:
        print("PASS " + what, flush=True)
    else:
        FAILS += 1
        print("FAIL %s: %s" % (what, why), flush=True)


def expect(what, got, want):
    check(what, got == want, "got %s, want %s" % (fmt(got), fmt(want)))


def fmt(v):
    if isinstance(v, int) and -22 <= v <= 0:
        return sname(v)
    return repr(v)


def count(name, value):
    print("COUNT %s %d" % (name, value), flush=True)


# ---- frames ----
def mac(s):
    return bytes(int(x, 16) for x in s.split(":"))


def pkt_socket(iface):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.bind((iface, ETH_P_ALL))
    return s


def tx(iface, frames, pace=0):
    s = pkt_socket(iface)
    for i, f in enumerate(frames):
        s.send(f)
        if pace and i % pace == pace - 1:
            time.sleep(0.002)  # let the stack's worker keep up with the tap
    s.close()


def stack_mac(c, adapter):
    """The adapter's MAC and MTU, from LIST_BINDINGS."""
    i = 0
    while True:
        st, p = c.list(i)
        if st != 0:
            raise SystemExit("adapter %s is not listed (%s)" % (adapter, sname(st)))
        name = p[:16].split(b"\0")[0].decode()
        if name == adapter:
            return p[80:86], struct.unpack_from("<I", p, 88)[0]
        i += 1


def wait_stats(c, h, key, value, seconds=5.0):
    """Poll OPEN_STATS until stats[key] >= value; the last stats."""
    end = time.monotonic() + seconds
    while True:
        st, s = c.stats(h)
        if st != 0 or s[key] >= value or time.monotonic() > end:
            return s
        time.sleep(0.01)


# ---- commands ----
def cmd_tx(iface, *hexes):
    tx(iface, [bytes.fromhex(x) for x in hexes])


def cmd_sniff(iface, etype, n, seconds, ready):
    etype, n, seconds = int(etype, 0), int(n), float(seconds)
    s = pkt_socket(iface)
    open(ready, "w").close()
    end = time.monotonic() + seconds
    got = 0
    while got < n:
        left = end - time.monotonic()
        if left <= 0 or not select.select([s], [], [], left)[0]:
            break
        data, addr = s.recvfrom(65536)
        if addr[2] == PACKET_OUTGOING or len(data) < 14:
            continue
        if struct.unpack_from("!H", data, 12)[0] != etype:
            continue
        print("%d %s" % (len(data), data.hex()), flush=True)
        got += 1
    return 0 if got == n else 1


def cmd_pcap(path):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        raise SystemExit("pcap: %d bytes, no header" % len(data))
    magic, vmaj, vmin, _, _, snap, link = struct.unpack_from("<IHHiIII", data)
    if magic != 0xA1B2C3D4 or (vmaj, vmin) != (2, 4) or link != 1:
        raise SystemExit("pcap: bad header magic 0x%08x version %d.%d linktype %d" %
                         (magic, vmaj, vmin, link))
    off = 24
    while off < len(data):
        if off + 16 > len(data):
            raise SystemExit("pcap: truncated record header at %d" % off)
        _, _, incl, orig = struct.unpack_from("<IIII", data, off)
        off += 16
        if off + incl > len(data) or incl > orig or incl > snap:
            raise SystemExit("pcap: bad record at %d (incl %d orig %d)" % (off, incl, orig))
        print("%d %d %s" % (incl, orig, data[off:off + incl].hex()))
        off += incl
    return 0


def cmd_tel(prefix, cmd, key=None):
    import json
    path = "/var/run/dpdk/%s/dpdk_telemetry.v2" % prefix
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    s.settimeout(5)
    s.connect(path)
    json.loads(s.recv(16384).decode())  # the greeting
    s.send(cmd.encode())
    reply = json.loads(s.recv(65536).decode())
    s.close()
    if key is None:
        print(json.dumps(reply))
    else:
        print(json.dumps(reply[cmd.split(",")[0]][key]))
    return 0


def cmd_refuse(path, adapter, iface, kmac):
    c = Client(path)
    smac, mtu = stack_mac(c, adapter)
    kmac = mac(kmac)
    st, h = c.open(adapter, [0x88B5])
    expect("OPEN %s for 0x88b5" % adapter, st, 0)
    if st != 0:
        return 1

    def frame(n, src=smac, etype=b"\x88\xb5"):
        body = bytes(i & 0xFF for i in range(max(n - 14, 0)))
        return (kmac + src + etype + body)[:n]

    expect("SEND of 13 bytes: DPS_E_BUFFER_TOO_SHORT", c.send(h, frame(13)),
           S["DPS_E_BUFFER_TOO_SHORT"])
    expect("SEND of 1 byte: DPS_E_BUFFER_TOO_SHORT", c.send(h, frame(1)),
           S["DPS_E_BUFFER_TOO_SHORT"])
    expect("SEND of MTU+15 = %d bytes: DPS_E_INVALID_LENGTH" % (mtu + 15),
           c.send(h, frame(mtu + 15)), S["DPS_E_INVALID_LENGTH"])
    expect("SEND of %d bytes (the largest frame carried): DPS_E_INVALID_LENGTH" % MAX_FRAME,
           c.send(h, frame(MAX_FRAME)), S["DPS_E_INVALID_LENGTH"])
    expect("SEND with a foreign source MAC: DPS_E_PERMISSION",
           c.send(h, frame(60, src=mac("02:00:00:00:00:99"))), S["DPS_E_PERMISSION"])
    expect("SEND of EtherType 0x88b6 on an open of 0x88b5: DPS_E_INVALID_PARAMETER",
           c.send(h, frame(60, etype=b"\x88\xb6")), S["DPS_E_INVALID_PARAMETER"])
    vlan = kmac + smac + b"\x81\x00\x00\x64\x88\xb6" + bytes(46)
    expect("SEND of a tagged frame, inner type 0x88b6: DPS_E_INVALID_PARAMETER",
           c.send(h, vlan), S["DPS_E_INVALID_PARAMETER"])
    # the boundaries are accepted (and reach the kernel, where nobody wants 0x88b5)
    expect("SEND of 14 bytes (header only): DPS_OK", c.send(h, frame(14)), 0)
    expect("SEND of MTU+14 = %d bytes: DPS_OK" % (mtu + 14), c.send(h, frame(mtu + 14)), 0)
    vlan = kmac + smac + b"\x81\x00\x00\x64\x88\xb5" + bytes(46)
    expect("SEND of a tagged frame, inner type 0x88b5: DPS_OK", c.send(h, vlan), 0)
    expect("OID_SET OID_DPS_ADAPTER_REMOVE (not on the allow-list): DPS_E_PERMISSION",
           c.oid_set(h, OID_DPS_ADAPTER_REMOVE, struct.pack("<I", 1)), S["DPS_E_PERMISSION"])
    expect("OID_SET OID_GEN_LINK_SPEED (query-only): DPS_E_NOT_SUPPORTED",
           c.oid_set(h, OID_GEN_LINK_SPEED, struct.pack("<I", 1)), S["DPS_E_NOT_SUPPORTED"])
    expect("... with the reason", c.reason, "OID_GEN_LINK_SPEED is query-only")
    # root is an admin: an adapter-wide set to the current value is accepted, changes nothing
    expect("OID_SET OID_DPS_MAC_ADDRESS to its own MAC by root (an admin): DPS_OK",
           c.oid_set(h, OID_DPS_MAC_ADDRESS, smac), 0)
    st, s = c.stats(h)
    expect("OPEN_STATS: sent 3, send_refused 7", (st, s and s["sent"], s and s["send_refused"]),
           (0, 3, 7))
    expect("OID_QUERY OID_802_3_CURRENT_ADDRESS still answers the adapter's MAC",
           c.oid_query(h, OID_802_3_CURRENT_ADDRESS, 6), (0, smac))
    expect("CLOSE", c.close_open(h), 0)
    c.close()
    count("sent", 3)
    count("send_refused", 7)
    return 0


def numbered(dst, src, etype, i, size=60):
    return (dst + src + struct.pack("!H", etype) + struct.pack("!I", i) +
            bytes(size - 18))


def cmd_queue(path, adapter, iface):
    N, Q = 1000, 256
    c = Client(path)
    smac, _ = stack_mac(c, adapter)
    src = mac("02:00:00:00:00:42")
    st, h = c.open(adapter, [0x88B5], qlen=Q)
    expect("OPEN with a queue of %d frames" % Q, st, 0)
    if st != 0:
        return 1
    tx(iface, [numbered(smac, src, 0x88B5, i) for i in range(N)], pace=50)
    s = wait_stats(c, h, "received", N)
    expect("OPEN_STATS: received %d, dropped %d, queued %d" % (N, N - Q, Q),
           (s["received"], s["dropped"], s["queued"]), (N, N - Q, Q))
    nums, dropped_fields, bad = [], set(), []
    for _ in range(Q):
        st, orig_len, dropped, data = c.recv(h, 0)
        if st != 0:
            bad.append(sname(st))
            break
        nums.append(struct.unpack_from("!I", data, 14)[0])
        dropped_fields.add(dropped)
    expect("the %d frames delivered are the newest, in order (%d..%d)" % (Q, N - Q, N - 1),
           (bad, nums), ([], list(range(N - Q, N))))
    expect("each delivered frame says %d dropped" % (N - Q), dropped_fields, {N - Q})
    st, _, _, _ = c.recv(h, 0)
    expect("then RECV without waiting: DPS_E_TIMEOUT (the queue is empty)", st,
           S["DPS_E_TIMEOUT"])
    st, s = c.stats(h)
    expect("OPEN_STATS: delivered %d, dropped %d, queued 0" % (Q, N - Q),
           (st, s["delivered"], s["dropped"], s["queued"]), (0, Q, N - Q, 0))
    expect("CLOSE", c.close_open(h), 0)
    c.close()
    count("received", N)
    count("delivered", Q)
    count("dropped", N - Q)
    return 0


def cmd_filter(path, adapter, iface, kmac):
    c = Client(path)
    smac, _ = stack_mac(c, adapter)
    kmac, other = mac(kmac), mac("02:00:00:00:00:99")
    opens = {}
    for name, filt in (("all", ""), ("byte7", "ether[14] == 7"),
                       ("kernel", "ether src %s" % ":".join("%02x" % b for b in kmac))):
        st, h = c.open(adapter, [0x88B5], filt)
        expect("OPEN 0x88b5 with filter '%s'" % filt, st, 0)
        if st != 0:
            return 1
        opens[name] = h
    frames = []
    for i in range(8):
        src = kmac if i % 2 == 0 else other
        first = 7 if i % 4 < 2 else 8
        frames.append(smac + src + b"\x88\xb5" + bytes([first, i]) + bytes(44))
    tx(iface, frames)
    want = {
        "all": frames,
        "byte7": [f for f in frames if f[14] == 7],
        "kernel": [f for f in frames if f[6:12] == kmac],
    }
    for name, h in opens.items():
        s = wait_stats(c, h, "received", len(want[name]))
        time.sleep(0.05)  # a frame too many would have arrived by now
        got = []
        while True:
            st, _, _, data = c.recv(h, 0)
            if st != 0:
                break
            got.append(data)
        st, s = c.stats(h)
        expect("open '%s' receives exactly the %d matching frames of 8" % (name, len(want[name])),
               [g.hex() for g in got], [w.hex() for w in want[name]])
        expect("open '%s': OPEN_STATS filtered %d" % (name, 8 - len(want[name])),
               (st, s["received"], s["filtered"]), (0, len(want[name]), 8 - len(want[name])))
    st, h = c.open(adapter, [0x88B5], "ether[14] ==")
    expect("OPEN with a filter that does not compile: DPS_E_INVALID_DATA", st,
           S["DPS_E_INVALID_DATA"])
    expect("its reason is libpcap's message", c.reason,
           "filter: can't parse filter expression: syntax error")
    for h in opens.values():
        c.close_open(h)
    c.close()
    count("received", 8 + 4 + 4)
    count("delivered", 8 + 4 + 4)
    count("filtered", 4 + 4)
    return 0


def cmd_hold(path, adapter, iface, seconds):
    """Two opens: 20 frames queued on one, a RECV waiting on the other; then
    print "READY <pid>" and sleep, for the shell to SIGKILL this process."""
    c = Client(path)
    smac, _ = stack_mac(c, adapter)
    st, ha = c.open(adapter, [0x88B5], qlen=64)
    st2, hb = c.open(adapter, [0x88B6])
    if st != 0 or st2 != 0:
        check("hold: two opens", False, "%s %s" % (sname(st), sname(st2)))
        return 1
    mid = c.new_id()
    c.send_raw(hdr(RECV, mid, 16) + struct.pack("<QII", hb, 60000, MAX_FRAME))
    tx(iface, [numbered(smac, mac("02:00:00:00:00:42"), 0x88B5, i) for i in range(20)])
    s = wait_stats(c, ha, "queued", 20)
    if s["queued"] != 20:
        check("hold: 20 frames queued", False, "%d queued" % s["queued"])
        return 1
    print("READY %d" % os.getpid(), flush=True)
    time.sleep(float(seconds))
    return 0


def error_reply(c, data, want, what, echo_id=None):
    """Send one datagram; the reply must be DPS_IPC_ERROR with status @want."""
    try:
        c.send_raw(data)
        rtype, rid, st, p = c.read()
    except (Closed, OSError, ValueError) as e:
        check(what, False, "no ERROR reply (%s)" % (e.__class__.__name__ + " " + str(e)))
        return
    ok = rtype == ERROR and st == S[want] and not p
    why = "got type 0x%02x id %d %s (%d payload bytes)" % (rtype, rid, sname(st), len(p))
    if echo_id is not None:
        ok = ok and rid == echo_id
        why += ", want id %d" % echo_id
    check(what, ok, why)


def cmd_badinput(path, adapter):
    c = Client(path)
    bad = 0

    def err(data, want, what, echo_id=None):
        nonlocal bad
        bad += 1
        error_reply(c, data, want, "%s: ERROR %s" % (what, want), echo_id)

    lb = struct.pack("<I", 0)
    err(hdr(LIST_BINDINGS, 7, 4)[:10], "DPS_E_INVALID_LENGTH",
        "a truncated header (10 bytes)", echo_id=7)
    err(b"\x01", "DPS_E_INVALID_LENGTH", "a 1-byte datagram", echo_id=0)
    err(hdr(LIST_BINDINGS, 8, 8) + lb, "DPS_E_INVALID_LENGTH",
        "a header whose length says 8, 4 bytes follow", echo_id=8)
    err(hdr(LIST_BINDINGS, 9, 4) + lb + b"garbage!", "DPS_E_INVALID_LENGTH",
        "garbage after a valid LIST_BINDINGS request", echo_id=9)
    err(hdr(LIST_BINDINGS, 10, 12) + lb + b"garbage!", "DPS_E_INVALID_LENGTH",
        "a LIST_BINDINGS payload of 12 bytes (the length counts the garbage)", echo_id=10)
    big = hdr(SEND, 11, MAX_MSG + 100 - HDR_LEN) + bytes(MAX_MSG + 100 - HDR_LEN)
    err(big, "DPS_E_INVALID_LENGTH", "a datagram of %d bytes (> %d)" % (len(big), MAX_MSG),
        echo_id=11)
    big = hdr(SEND, 12, MAX_MSG - HDR_LEN) + bytes(MAX_MSG - HDR_LEN)
    err(big, "DPS_E_INVALID_LENGTH", "a SEND of %d frame bytes (> %d)" % (MAX_MSG - 24,
                                                                          MAX_FRAME), echo_id=12)
    err(hdr(11, 13, 4) + lb, "DPS_E_NOT_SUPPORTED", "unknown type 11", echo_id=13)
    err(hdr(0, 14, 4) + lb, "DPS_E_NOT_SUPPORTED", "type 0", echo_id=14)
    err(hdr(0x3f, 15, 0), "DPS_E_NOT_SUPPORTED", "unknown type 0x3f", echo_id=15)
    err(hdr(LIST_BINDINGS | REPLY, 16, 4) + lb, "DPS_E_NOT_SUPPORTED",
        "a reply type (0x81) as a request", echo_id=16)
    err(hdr(ERROR, 17, 0), "DPS_E_NOT_SUPPORTED", "type ERROR (0xff) as a request", echo_id=17)
    err(hdr(LIST_BINDINGS, 18, 4, version=2) + lb, "DPS_E_NOT_SUPPORTED", "version 2",
        echo_id=18)
    err(hdr(LIST_BINDINGS, 19, 4, version=0) + lb, "DPS_E_NOT_SUPPORTED", "version 0",
        echo_id=19)
    err(hdr(LIST_BINDINGS, 20, 4, flags=1) + lb, "DPS_E_INVALID_DATA", "flags 0x0001",
        echo_id=20)
    err(hdr(LIST_BINDINGS, 21, 4, flags=0x8000) + lb, "DPS_E_INVALID_DATA", "flags 0x8000",
        echo_id=21)
    err(hdr(LIST_BINDINGS, 22, 4, status=-1) + lb, "DPS_E_INVALID_DATA",
        "a request with a status", echo_id=22)

    def open_payload(types, nb=None, filt=b"", flen=None, name=adapter.encode(), qlen=0):
        t = list(types) + [0] * (8 - len(types))
        return (name.ljust(16, b"\0")[:16] +
                struct.pack("<IHH", qlen, len(types) if nb is None else nb,
                            len(filt) if flen is None else flen) + struct.pack("<8H", *t) + filt)

    def open_err(payload, want, what):
        err(hdr(OPEN, 30, len(payload)) + payload, want, what, echo_id=30)

    open_err(open_payload([]), "DPS_E_INVALID_DATA", "an OPEN with 0 EtherTypes")
    open_err(open_payload([0x88B5] * 8, nb=9), "DPS_E_INVALID_DATA", "an OPEN with 9 EtherTypes")
    open_err(open_payload([0x05DC]), "DPS_E_INVALID_DATA",
             "an OPEN of EtherType 0x05dc (a length)")
    open_err(open_payload([0x88B5, 0x88B6], nb=1), "DPS_E_INVALID_DATA",
             "an OPEN with a type past nb_types")
    open_err(open_payload([0x88B5], qlen=65537), "DPS_E_INVALID_DATA",
             "an OPEN with a queue of 65537")
    open_err(open_payload([0x88B5], filt=b"ether", flen=10), "DPS_E_INVALID_LENGTH",
             "an OPEN whose filter_len says 10, 5 bytes follow")
    open_err(open_payload([0x88B5], filt=b"ether\0src"), "DPS_E_INVALID_DATA",
             "an OPEN with a NUL in its filter")
    open_err(open_payload([0x88B5], name=b""), "DPS_E_INVALID_DATA", "an OPEN of adapter ''")
    open_err(open_payload([0x88B5], name=b"x" * 16), "DPS_E_INVALID_DATA",
             "an OPEN of a 16-character name (no NUL)")
    open_err(open_payload([0x88B5])[:39], "DPS_E_INVALID_LENGTH", "an OPEN of 39 bytes")
    p = struct.pack("<QII", 1, 0, 0)
    err(hdr(RECV, 31, 16) + p, "DPS_E_INVALID_DATA", "a RECV with max_len 0", echo_id=31)
    err(hdr(RECV, 32, 12) + p[:12], "DPS_E_INVALID_LENGTH", "a RECV of 12 bytes", echo_id=32)
    err(hdr(SEND, 33, 8) + p[:8], "DPS_E_INVALID_LENGTH", "a SEND with no frame", echo_id=33)
    err(hdr(CLOSE, 34, 4) + p[:4], "DPS_E_INVALID_LENGTH", "a CLOSE of 4 bytes", echo_id=34)
    p = struct.pack("<QII", 1, OID_DPS_MTU, 513)
    err(hdr(OID_QUERY, 35, 16) + p, "DPS_E_INVALID_DATA", "an OID_QUERY for 513 bytes",
        echo_id=35)
    p = struct.pack("<QII", 1, OID_DPS_MTU, 8) + bytes(4)
    err(hdr(OID_SET, 36, 20) + p, "DPS_E_INVALID_LENGTH",
        "an OID_SET that says 8 bytes, 4 follow", echo_id=36)
    err(hdr(WAIT_STATUS, 37, 8) + bytes(8), "DPS_E_INVALID_LENGTH", "a WAIT_STATUS of 8 bytes",
        echo_id=37)
    err(hdr(OPEN_STATS, 38, 9) + bytes(9), "DPS_E_INVALID_LENGTH", "an OPEN_STATS of 9 bytes",
        echo_id=38)

    # the connection is still served after all that
    st, p = c.list(0)
    expect("after %d bad requests the same connection is served (LIST_BINDINGS 0)" % bad, st, 0)

    # typed replies
    st, h = c.open("nosuch0", [0x88B5])
    expect("OPEN of an unknown adapter: DPS_E_NOT_FOUND", st, S["DPS_E_NOT_FOUND"])
    st, h = c.open(adapter, [0x88B5], "ether[14] ==")
    expect("OPEN with a bad pcap filter: DPS_E_INVALID_DATA", st, S["DPS_E_INVALID_DATA"])
    st, h = c.open(adapter, [0x88B5], "no such filter words")
    expect("OPEN with a filter of unknown words: DPS_E_INVALID_DATA", st,
           S["DPS_E_INVALID_DATA"])
    st, p = c.list(1000)
    expect("LIST_BINDINGS past the last: DPS_E_NO_MORE_ENTRIES", (st, p),
           (S["DPS_E_NO_MORE_ENTRIES"], b""))
    expect("WAIT_BINDS: DPS_OK", c.typed(WAIT_BINDS, struct.pack("<I", 1000))[0], 0)
    for hh in (0, 1, 0xFFFFFFFFFFFFFFFF):
        expect("RECV with handle 0x%x: DPS_E_STALE_HANDLE" % hh, c.recv(hh, 0)[0],
               S["DPS_E_STALE_HANDLE"])
    st, h = c.open(adapter, [0x88B5])
    expect("OPEN", st, 0)
    st, _, _, _ = c.recv(h, 0)
    expect("RECV on the new open, nothing queued: DPS_E_TIMEOUT", st, S["DPS_E_TIMEOUT"])
    # a pending RECV, then another: BUSY; the pending one times out by itself
    mid = c.new_id()
    c.send_raw(hdr(RECV, mid, 16) + struct.pack("<QII", h, 300, MAX_FRAME))
    st, _, _, _ = c.recv(h, 0)
    expect("a second RECV while one waits: DPS_E_BUSY", st, S["DPS_E_BUSY"])
    rtype, rid, st, p = c.read(3)
    expect("the waiting RECV (300 ms) ends: DPS_E_TIMEOUT", (rtype, rid, st),
           (RECV | REPLY, mid, S["DPS_E_TIMEOUT"]))
    expect("CLOSE", c.close_open(h), 0)
    expect("RECV with the handle after CLOSE: DPS_E_STALE_HANDLE", c.recv(h, 0)[0],
           S["DPS_E_STALE_HANDLE"])
    expect("SEND with the handle after CLOSE: DPS_E_STALE_HANDLE",
           c.send(h, bytes(60)), S["DPS_E_STALE_HANDLE"])
    expect("CLOSE of the closed handle: DPS_E_STALE_HANDLE", c.close_open(h),
           S["DPS_E_STALE_HANDLE"])
    # another client's handle
    other = Client(path)
    st, ho = other.open(adapter, [0x88B5])
    expect("a second client opens", st, 0)
    expect("RECV with the other client's handle: DPS_E_STALE_HANDLE", c.recv(ho, 0)[0],
           S["DPS_E_STALE_HANDLE"])
    expect("SEND with the other client's handle: DPS_E_STALE_HANDLE", c.send(ho, bytes(60)),
           S["DPS_E_STALE_HANDLE"])
    expect("OPEN_STATS with the other client's handle: DPS_E_STALE_HANDLE", c.stats(ho)[0],
           S["DPS_E_STALE_HANDLE"])
    expect("OID_QUERY with the other client's handle: DPS_E_STALE_HANDLE",
           c.oid_query(ho, OID_DPS_MTU, 4)[0], S["DPS_E_STALE_HANDLE"])
    expect("CLOSE of the other client's handle: DPS_E_STALE_HANDLE", c.close_open(ho),
           S["DPS_E_STALE_HANDLE"])
    st, s = other.stats(ho)
    expect("the other client's open is untouched (OPEN_STATS: DPS_OK)", st, 0)
    expect("the other client closes its open", other.close_open(ho), 0)
    other.close()
    c.close()
    count("bad", bad)
    count("opened", 2)
    return 0


def cmd_vanish(path, adapter):
    # requests sent, connection closed before any reply is read
    c = Client(path)
    for i in range(50):
        c.send_raw(hdr(LIST_BINDINGS, i, 4) + struct.pack("<I", 0))
    c.close()
    # an open with a RECV waiting, then gone
    c = Client(path)
    st, h = c.open(adapter, [0x88B5])
    expect("a client opens, then starts a RECV of 10 s", st, 0)
    c.send_raw(hdr(RECV, 1, 16) + struct.pack("<QII", h, 10000, MAX_FRAME))
    c.send_raw(hdr(WAIT_STATUS, 2, 12) + struct.pack("<QI", h, 10000))
    time.sleep(0.1)
    c.close()
    # half a request: shutdown of the writing side after an OPEN, then close
    c = Client(path)
    t = [0x88B5] + [0] * 7
    p = adapter.encode().ljust(16, b"\0") + struct.pack("<IHH", 0, 1, 0) + struct.pack("<8H", *t)
    c.send_raw(hdr(OPEN, 3, len(p)) + p)
    c.s.shutdown(socket.SHUT_WR)
    try:
        rtype, rid, st, _ = c.read(3)
        expect("after SHUT_WR the OPEN is still answered", (rtype, st), (OPEN | REPLY, 0))
    except (Closed, OSError) as e:
        check("after SHUT_WR the OPEN is still answered", False, str(e))
    c.close()
    # an empty datagram: a bad request (DPS_IPC_ERROR, DPS_E_INVALID_LENGTH),
    # not a hang-up; the connection stays usable
    c = Client(path)
    c.send_raw(b"")
    try:
        rtype, rid, st, _ = c.read(2)
        expect("an empty datagram: an ERROR reply with DPS_E_INVALID_LENGTH", (rtype, st),
               (ERROR, S["DPS_E_INVALID_LENGTH"]))
        count("bad", 1)
        expect("after an empty datagram the connection still works (LIST_BINDINGS 0)",
               c.list(0)[0], 0)
    except (Closed, socket.timeout) as e:
        check("an empty datagram: an ERROR reply with DPS_E_INVALID_LENGTH", False,
              "%s" % type(e).__name__)
        count("bad", 0)
    c.close()
    # the others are served
    c = Client(path)
    expect("another client is served afterwards (LIST_BINDINGS 0)", c.list(0)[0], 0)
    c.close()
    count("opened", 2)
    return 0


def cmd_clients(path, limit):
    """[stack] max_clients connections are served, one more is refused, and
    a new one is served once they are gone."""
    limit = int(limit)
    cs = [Client(path) for _ in range(limit)]
    sts = set(c.list(0)[0] for c in cs)
    expect("%d clients connected at once are each served" % limit, sts, {0})
    extra = Client(path)
    try:
        st, _ = extra.list(0)
        got = "served (%s)" % sname(st)
    except (Closed, ConnectionResetError, BrokenPipeError):
        got = "refused"
    except socket.timeout:
        got = "no answer"
    expect("client %d is refused (its connection closed)" % (limit + 1), got, "refused")
    extra.close()
    expect("client 1 is still served", cs[0].list(0)[0], 0)
    for c in cs:
        c.close()
    time.sleep(0.1)
    end = time.monotonic() + 5
    while True:  # the server notices the closes on its next polls
        try:
            c = Client(path)
            st = c.list(0)[0]
            c.close()
            break
        except (Closed, ConnectionResetError, BrokenPipeError) as e:
            st = e.__class__.__name__
            if time.monotonic() > end:
                break
            time.sleep(0.05)
    expect("once they are gone a new client is served", st, 0)
    count("refused", 1)
    return 0


def cmd_flood(path, limit=400000, seconds=25):
    """LIST_BINDINGS requests without reading a reply, until the server drops us;
    meanwhile a second client must be answered promptly."""
    c = Client(path)
    c.s.setblocking(False)
    watcher = Client(path, timeout=2)
    req = hdr(LIST_BINDINGS, 1, 4) + struct.pack("<I", 0)
    sent, dropped, worst, polls = 0, None, 0.0, 0
    end = time.monotonic() + seconds
    while sent < limit and time.monotonic() < end:
        try:
            c.s.send(req)
            sent += 1
        except BlockingIOError:
            select.select([], [c.s], [], 0.2)
        except (BrokenPipeError, ConnectionResetError) as e:
            dropped = e.__class__.__name__
            break
        if sent % 2000 == 0:
            t0 = time.monotonic()
            try:
                st, _ = watcher.list(0)
            except (OSError, ValueError, Closed) as e:
                st = str(e)
            worst = max(worst, time.monotonic() - t0)
            polls += 1
            if st != 0:
                check("another client is answered during the flood", False,
                      "LIST_BINDINGS after %d flood requests: %s" % (sent, fmt(st)))
                return 1
    if dropped is None:
        # it may have been dropped while we were not sending: a read tells
        try:
            c.s.setblocking(True)
            c.s.settimeout(0.5)
            while c.s.recv(65536):
                pass
            dropped = "EOF"
        except (ConnectionResetError, BrokenPipeError):
            dropped = "reset"
        except socket.timeout:
            pass
    check("a client that never reads is dropped (after %d requests: %s)" % (sent, dropped),
          dropped is not None, "still connected after %d requests" % sent)
    check("another client was answered during the flood (%d times, slowest %.0f ms)" %
          (polls, worst * 1000), polls > 0 and worst < 2.0, "%d answers" % polls)
    expect("and after it (LIST_BINDINGS 0)", watcher.list(0)[0], 0)
    watcher.close()
    c.close()
    return 0


def main(argv):
    cmds = {
        "tx": cmd_tx, "sniff": cmd_sniff, "pcap": cmd_pcap, "tel": cmd_tel,
        "refuse": cmd_refuse, "queue": cmd_queue, "filter": cmd_filter,
        "badinput": cmd_badinput, "hold": cmd_hold, "vanish": cmd_vanish, "flood": cmd_flood,
        "clients": cmd_clients,
    }
    if len(argv) < 2 or argv[1] not in cmds:
        sys.stderr.write(__doc__)
        return 2
    try:
        rc = cmds[argv[1]](*argv[2:])
    except (OSError, ValueError, Closed, struct.error) as e:
        print("FAIL %s: %s %s" % (argv[1], e.__class__.__name__, e), flush=True)
        return 1
    return rc if rc else (1 if FAILS else 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
