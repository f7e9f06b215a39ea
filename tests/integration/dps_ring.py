#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""A client of dpstack's shared-memory rings written from lib/ipc/dps_ring.h
and dps_ipc.h alone (RING_SETUP, SCM_RIGHTS, the memory layout), for
tests/integration/test_ring.sh. Uses dps_wire.py's connection and AF_PACKET
helpers.

Usage: dps_ring.py COMMAND ARGS...
  drop SOCK ADAPTER IFACE       two opens with 16-slot receive rings, one
                                drop-oldest and one drop-newest, a client
                                that does not read, 100 frames: counters and
                                what is left, exactly
  seal SOCK ADAPTER             the client cannot write the stack's memory,
                                nor shrink or grow either memory
  txring SOCK ADAPTER KMAC      frames put into a send ring: good ones,
                                spoofed, a wrong EtherType, bad lengths;
                                the counters per reason
  scribble SOCK ADAPTER SECONDS a client that writes garbage over all of its
                                memory (indices, lengths, sleep words) while
                                frames arrive; dpstack counts what it would
                                not follow and keeps serving
  holdring SOCK ADAPTER SECONDS a ring open; prints "READY <pid>", sleeps
Output: "PASS what" / "FAIL what: why" per check, as dps_wire.py.
"""
import mmap
import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dps_wire as w  # noqa: E402

RING_SETUP, SEND_BATCH, RECV_BATCH = 0x50, 0x51, 0x52
DROP_OLDEST, DROP_NEWEST = 0, 1
PAGE = 4096
RX_SLOT_HDR, TX_SLOT_HDR = 32, 16
(R_LENGTH, R_SPOOF, R_ETHERTYPE, R_RESOURCES, R_STATE, R_INDEX) = range(6)
MAGIC = 0x52535044
U64_MAX = (1 << 64) - 1


def align(v, a):
    return (v + a - 1) // a * a


class Ring:
    """The two memories and the eventfd of one open's rings."""

    def __init__(self, c, h, rx_slots, rx_size, tx_slots, tx_size, policy):
        p = struct.pack("<QIIIIII", h, rx_slots, rx_size, tx_slots, tx_size, policy, 0)
        mid = c.new_id()
        c.s.send(w.hdr(RING_SETUP, mid, len(p)) + p)
        c.s.settimeout(5.0)
        data, fds, _, _ = socket.recv_fds(c.s, 65536, 8)
        ver, mtype, flags, rid, length, status = w.HDR.unpack_from(data)
        self.status = status
        self.fds = fds
        if status != 0:
            for fd in fds:
                os.close(fd)
            return
        if rid != mid or mtype != RING_SETUP | w.REPLY or len(fds) != 3:
            raise ValueError("RING_SETUP reply: type 0x%x, %d fds" % (mtype, len(fds)))
        (self.nb_sub, self.rx_slots, self.rx_size, self.tx_slots, self.tx_size,
         self.policy, self.size_a, self.size_b) = struct.unpack_from("<IIIIIIQQ", data, 16)
        n = self.nb_sub
        self.tx_cons = 64
        self.rx_prod = 64 + 128
        self.rx_slots_off = align(self.rx_prod + n * 128, PAGE)
        self.rx_cons = 64
        self.tx_slots_off = align(64 + n * 64, PAGE)
        want_a = align(self.rx_slots_off + n * self.rx_slots * self.rx_size, PAGE)
        want_b = align(self.tx_slots_off + self.tx_slots * self.tx_size, PAGE)
        if (want_a, want_b) != (self.size_a, self.size_b):
            raise ValueError("sizes %d %d, layout says %d %d" %
                             (self.size_a, self.size_b, want_a, want_b))
        self.a = mmap.mmap(fds[0], self.size_a, mmap.MAP_SHARED, mmap.PROT_READ)
        self.b = mmap.mmap(fds[1], self.size_b, mmap.MAP_SHARED,
                           mmap.PROT_READ | mmap.PROT_WRITE)
        self.efd = fds[2]
        self.tail = [self.u64b(self.rx_cons + 64 * s) for s in range(n)]

    def u64a(self, off):
        return struct.unpack_from("<Q", self.a, off)[0]

    def u64b(self, off):
        return struct.unpack_from("<Q", self.b, off)[0]

    def put64b(self, off, v):
        struct.pack_into("<Q", self.b, off, v & U64_MAX)

    def info(self):
        return struct.unpack_from("<II", self.a, 0)

    def closed(self):
        return struct.unpack_from("<I", self.a, 32)[0]

    def rx_counters(self):
        """(received, dropped, truncated) summed over the sub-rings."""
        t = [0, 0, 0]
        for s in range(self.nb_sub):
            for i in range(3):
                t[i] += self.u64a(self.rx_prod + 128 * s + 8 + 8 * i)
        return tuple(t)

    def tx_counters(self):
        """(tail, sent, refused[6])."""
        v = struct.unpack_from("<QQ6Q", self.a, self.tx_cons)
        return v[0], v[1], list(v[2:])

    def read_all(self):
        """Every frame left in the receive ring: (sub, seq, ts, flags, bytes)."""
        out = []
        for s in range(self.nb_sub):
            head = self.u64a(self.rx_prod + 128 * s)
            t = max(self.tail[s], head - self.rx_slots if head > self.rx_slots else 0)
            base = self.rx_slots_off + s * self.rx_slots * self.rx_size
            while t < head:
                off = base + (t % self.rx_slots) * self.rx_size
                seq, ts, ln, orig, flags, tci = struct.unpack_from("<QQIIHH", self.a, off)
                data = bytes(self.a[off + RX_SLOT_HDR:off + RX_SLOT_HDR + ln])
                if struct.unpack_from("<Q", self.a, off)[0] == seq == t:
                    out.append((s, seq, ts, flags, data))
                t += 1
            self.tail[s] = t
            self.put64b(self.rx_cons + 64 * s, t)
        return out

    def tx_put(self, frames, lens=None):
        head = self.u64b(16)
        for i, f in enumerate(frames):
            off = self.tx_slots_off + (head % self.tx_slots) * self.tx_size
            ln = len(f) if lens is None or lens[i] is None else lens[i]
            struct.pack_into("<IIQ", self.b, off, ln, 0, 0)
            self.b[off + TX_SLOT_HDR:off + TX_SLOT_HDR + len(f)] = f
            head += 1
        self.put64b(16, head)
        return head

    def close(self):
        if self.status == 0:
            self.a.close()
            self.b.close()
            for fd in self.fds:
                os.close(fd)


def wait_for(what, fn, seconds=10.0):
    end = time.monotonic() + seconds
    while True:
        v = fn()
        if v or time.monotonic() > end:
            return v
        time.sleep(0.05)


def cmd_drop(path, adapter, iface):
    N, Q = 100, 16
    c = w.Client(path)
    smac, _ = w.stack_mac(c, adapter)
    src = w.mac("02:00:00:00:00:42")
    rings = {}
    for name, pol in (("drop-oldest", DROP_OLDEST), ("drop-newest", DROP_NEWEST)):
        st, h = c.open(adapter, [0x88B5])
        w.expect("OPEN (%s)" % name, st, 0)
        r = Ring(c, h, Q, 128, 0, 128, pol)
        w.expect("RING_SETUP with %d slots, %s" % (Q, name), r.status, 0)
        if st != 0 or r.status != 0:
            return 1
        rings[name] = r
    w.expect("memory A starts with the magic and version 1",
             rings["drop-oldest"].info(), (MAGIC, 1))
    t0 = time.time_ns()
    w.tx(iface, [w.numbered(smac, src, 0x88B5, i) for i in range(N)], pace=20)
    for name, r in rings.items():
        wait_for("received", lambda r=r: r.rx_counters()[0] >= N)
    t1 = time.time_ns()
    old, new = rings["drop-oldest"], rings["drop-newest"]
    w.expect("drop-oldest: received %d, dropped %d (exactly), truncated 0" % (N, N - Q),
             old.rx_counters(), (N, N - Q, 0))
    w.expect("drop-newest: received %d, dropped %d (exactly), truncated 0" % (N, N - Q),
             new.rx_counters(), (N, N - Q, 0))
    fo, fn = old.read_all(), new.read_all()
    nums = [struct.unpack_from("!I", f[4], 14)[0] for f in fo]
    w.expect("drop-oldest keeps the newest %d, in order (%d..%d)" % (Q, N - Q, N - 1),
             nums, list(range(N - Q, N)))
    nums = [struct.unpack_from("!I", f[4], 14)[0] for f in fn]
    w.expect("drop-newest keeps the first %d, in order (0..%d)" % (Q, Q - 1), nums,
             list(range(Q)))
    w.expect("their bytes are what was sent",
             [f[4] for f in fo] + [f[4] for f in fn],
             [w.numbered(smac, src, 0x88B5, i) for i in list(range(N - Q, N)) + list(range(Q))])
    w.check("their worker timestamps are inside the test's window",
            all(t0 <= f[2] <= t1 for f in fo + fn),
            "window %d..%d, got %s" % (t0, t1, [f[2] for f in fo[:3]]))
    w.expect("no flags (not looped back, no stripped tag)", {f[3] for f in fo + fn}, {0})
    for r in rings.values():
        r.close()
    c.close()
    w.count("received", 2 * N)
    return 0


def cmd_seal(path, adapter):
    c = w.Client(path)
    st, h = c.open(adapter, [0x88B5])
    r = Ring(c, h, 16, 128, 16, 128, DROP_OLDEST)
    w.expect("OPEN and RING_SETUP", (st, r.status), (0, 0))
    if r.status != 0:
        return 1
    try:
        m = mmap.mmap(r.fds[0], r.size_a, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE)
        m.close()
        w.check("the stack's memory (A) cannot be mapped writable", False, "it could")
    except PermissionError:
        w.check("the stack's memory (A) cannot be mapped writable", True)
    for i, name in ((0, "A"), (1, "B")):
        for size, what in ((PAGE, "shrunk"), (r.size_a + r.size_b + PAGE, "grown")):
            try:
                os.ftruncate(r.fds[i], size)
                w.check("memory %s cannot be %s" % (name, what), False, "it could")
            except PermissionError:
                w.check("memory %s cannot be %s" % (name, what), True)
    r2 = Ring(c, h, 16, 128, 0, 128, DROP_OLDEST)
    w.expect("a second RING_SETUP on the open: DPS_E_INVALID_STATE", r2.status,
             w.S["DPS_E_INVALID_STATE"])
    st, h2 = c.open(adapter, [0x88B5])
    r3 = Ring(c, h2, 65536, 16384, 0, 128, DROP_OLDEST)
    w.expect("rings past the client's budget (ring_mem_mb): DPS_E_RESOURCES", r3.status,
             w.S["DPS_E_RESOURCES"])
    p = struct.pack("<QIIIIII", h2, 1000, 128, 0, 128, 0, 0)
    rtype, status, _ = c.call(RING_SETUP, p)
    w.expect("RING_SETUP with 1000 slots (not a power of two): ERROR DPS_E_INVALID_DATA",
             (rtype, status), (w.ERROR, w.S["DPS_E_INVALID_DATA"]))
    r.close()
    w.expect("CLOSE of the ring open", c.close_open(h), 0)
    c.close()
    return 0


def cmd_txring(path, adapter, kmac):
    c = w.Client(path)
    smac, _ = w.stack_mac(c, adapter)
    dst = w.mac(kmac)
    st, h = c.open(adapter, [0x88B5])
    r = Ring(c, h, 0, 128, 64, 2048, DROP_OLDEST)
    w.expect("OPEN and RING_SETUP (send ring of 64 slots of 2048 bytes)", (st, r.status), (0, 0))
    if r.status != 0:
        return 1
    good = [w.numbered(dst, smac, 0x88B5, 7000 + i, 60 + 100 * i) for i in range(3)]
    frames = good + [
        w.numbered(dst, w.mac("02:00:00:00:00:99"), 0x88B5, 1, 60),  # spoofed
        w.numbered(dst, smac, 0x88B6, 2, 60),  # not the open's EtherType
        w.numbered(dst, smac, 0x88B5, 3, 60),  # len field 10
        w.numbered(dst, smac, 0x88B5, 4, 60),  # len field past the slot
        w.numbered(dst, smac, 0x88B5, 5, 60),  # len field past the MTU (slot is larger)
    ]
    head = r.tx_put(frames, [None] * 5 + [10, 5000, 2040])
    tail = wait_for("tail", lambda: r.tx_counters()[0] >= head and r.tx_counters())
    tail, sent, refused = r.tx_counters()
    w.expect("the stack took all %d frames off the ring (completion count)" % head, tail, head)
    w.expect("sent 3; refused: length 3, spoof 1, ethertype 1, resources 0, state 0, index 0",
             (sent, refused), (3, [3, 1, 1, 0, 0, 0]))
    r.close()
    c.close_open(h)
    c.close()
    w.count("sent", 3)
    w.count("send_refused", 5)
    return 0


def cmd_scribble(path, adapter, seconds):
    seconds = float(seconds)
    c = w.Client(path)
    st, h = c.open(adapter, [0x88B5])
    r = Ring(c, h, 16, 128, 16, 128, DROP_OLDEST)
    w.expect("OPEN and RING_SETUP", (st, r.status), (0, 0))
    if r.status != 0:
        return 1
    nasty = [U64_MAX, 1 << 63, 17, 16, 15, 1, 0, U64_MAX - 15]
    print("READY %d" % os.getpid(), flush=True)
    start = time.monotonic()
    end = start + seconds
    rounds = 0
    # at least SECONDS, and until frames came in meanwhile (at most 30 s)
    while time.monotonic() < end or (r.rx_counters()[0] == 0 and
                                     time.monotonic() < start + 30):
        rounds += 1
        # everything of B at once: garbage
        r.b[0:r.size_b] = os.urandom(r.size_b)
        time.sleep(0.002)
        # then pointed values: heads and tails out of range, lengths past the slot
        tail = r.tx_counters()[0]
        for v in nasty:
            r.put64b(16, tail + v)
            for s in range(r.nb_sub):
                r.put64b(r.rx_cons + 64 * s, v)
            for i in range(r.tx_slots):
                struct.pack_into("<I", r.b, r.tx_slots_off + i * r.tx_size,
                                 [U64_MAX & 0xFFFFFFFF, 128, 113, 0, 13][i % 5])
            time.sleep(0.001)
    tail, sent, refused = r.tx_counters()
    w.check("after %d rounds of scribbling: out-of-range heads counted (%d), not followed" %
            (rounds, refused[R_INDEX]), refused[R_INDEX] > 0)
    w.check("frames the stack took were checked: length refusals %d, none sent with a "
            "foreign MAC (sent %d)" % (refused[R_LENGTH], sent),
            refused[R_LENGTH] + refused[R_SPOOF] + refused[R_ETHERTYPE] > 0)
    received, dropped, _ = r.rx_counters()
    w.check("frames kept arriving in the receive ring meanwhile (%d received)" % received,
            received > 0)
    r.close()
    w.expect("the connection still answers: CLOSE", c.close_open(h), 0)
    c.close()
    return 0


def cmd_holdring(path, adapter, seconds):
    c = w.Client(path)
    st, h = c.open(adapter, [0x88B5])
    r = Ring(c, h, 1024, 2048, 256, 2048, DROP_OLDEST)
    if st != 0 or r.status != 0:
        print("FAIL holdring: OPEN %s RING_SETUP %s" % (w.sname(st), w.sname(r.status)))
        return 1
    print("READY %d" % os.getpid(), flush=True)
    time.sleep(float(seconds))
    return 0


def main(argv):
    cmds = {"drop": cmd_drop, "seal": cmd_seal, "txring": cmd_txring,
            "scribble": cmd_scribble, "holdring": cmd_holdring}
    if len(argv) < 2 or argv[1] not in cmds:
        sys.stderr.write(__doc__)
        return 2
    try:
        rc = cmds[argv[1]](*argv[2:])
    except (OSError, ValueError, w.Closed, struct.error) as e:
        print("FAIL %s: %s %s" % (argv[1], e.__class__.__name__, e), flush=True)
        return 1
    return rc if rc else (1 if w.FAILS else 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
