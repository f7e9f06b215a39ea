#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""An 802.1Q peer for dpstack's virtual adapters, from an AF_PACKET socket.

The kernel of the test machine may have no VLAN interfaces (no 8021q), so
this speaks the tagged side itself on IFACE (the kernel side of the tap):
it writes frames with their tags inline, and reads the tag of what it
receives from PACKET_AUXDATA (the kernel takes tags off received frames
before any packet socket sees them).

Usage:
  vlan_peer.py IFACE talk VID STACK_IP PEER_IP
      ARP request, ICMP echo and UDP echo (port 7, 1, 100, 1400 bytes) on
      VLAN VID; each answer must come back tagged VID, from the MAC the ARP
      reply gave, to our MAC. Prints "mac MAC", "arp ok", "icmp ok",
      "udp N ok" (one line per size); exit 1 on the first failure.
  vlan_peer.py IFACE silent VID STACK_IP PEER_IP COUNT KIND
      COUNT frames nobody may answer (KIND: "unknown": ICMP echoes tagged
      VID, a VLAN without a virtual adapter; "qinq": 802.1ad outer tag 7,
      802.1Q inner tag VID; "double": 802.1Q 7 (unknown) then 802.1Q VID),
      then listens 1.5 s: any answer is a failure. Prints "sent N".
  vlan_peer.py IFACE tagged VID ETHERTYPE COUNT SECONDS
      Count frames of ETHERTYPE (hex) that arrive tagged VID within
      SECONDS; prints "ready" once listening, then "got N" (exit 1 unless
      N >= COUNT).
  vlan_peer.py IFACE send VID DST_MAC ETHERTYPE COUNT
      Send COUNT frames of ETHERTYPE tagged VID to DST_MAC (payload
      "vlan-peer <i>"); prints "sent N".
Only the addresses given (the test's documentation ranges) are used.
"""
import ctypes
import select
import socket
import struct
import sys
import time

SOL_PACKET = 263
PACKET_AUXDATA = 8
TP_STATUS_VLAN_VALID = 1 << 4
ETH_P_ALL = 0x0003


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def mac_b(s):
    return bytes(int(x, 16) for x in s.split(":"))


def mac_s(b):
    return ":".join("%02x" % x for x in b)


def ipv4(src, dst, proto, payload):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 0x4321, 0, 64, proto, 0,
                      src, dst)
    return hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:] + payload


def icmp_echo(ident, seq):
    body = struct.pack("!BBHHH", 8, 0, 0, ident, seq) + b"vlan-peer" * 4
    return body[:2] + struct.pack("!H", csum(body)) + body[4:]


def udp(src, dst, sport, dport, payload):
    ln = 8 + len(payload)
    c = csum(src + dst + struct.pack("!BBH", 0, 17, ln) + struct.pack("!HHHH", sport, dport,
                                                                       ln, 0) + payload)
    return struct.pack("!HHHH", sport, dport, ln, c or 0xFFFF) + payload


class Peer:
    def __init__(self, iface):
        self.s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        self.s.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
        self.s.bind((iface, 0))
        self.mac = self.s.getsockname()[4]

    def send(self, dst, tags, etype, payload):
        f = dst + self.mac
        for tpid, tci in tags:
            f += struct.pack("!HH", tpid, tci)
        self.s.send(f + struct.pack("!H", etype) + payload)

    def recv(self, deadline):
        """(vid or None, dst, src, ethertype, payload) of the next frame, or None."""
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            r, _, _ = select.select([self.s], [], [], left)
            if not r:
                return None
            data, anc, _, _ = self.s.recvmsg(65536, socket.CMSG_SPACE(20))
            vid = None
            for level, kind, cdata in anc:
                if level == SOL_PACKET and kind == PACKET_AUXDATA and len(cdata) >= 20:
                    status, _, _, _, _, tci, _ = struct.unpack("IIIHHHH", cdata[:20])
                    if status & TP_STATUS_VLAN_VALID:
                        vid = tci & 0x0FFF
            if len(data) < 14:
                continue
            etype = struct.unpack("!H", data[12:14])[0]
            off = 14
            if etype == 0x8100 and vid is None and len(data) >= 18:
                vid = struct.unpack("!H", data[14:16])[0] & 0x0FFF  # still inline
                etype = struct.unpack("!H", data[16:18])[0]
                off = 18
            return vid, data[0:6], data[6:12], etype, data[off:]


def fail(msg):
    print("FAIL " + msg)
    sys.exit(1)


def talk(p, vid, stack_ip, peer_ip):
    sip, dip = socket.inet_aton(peer_ip), socket.inet_aton(stack_ip)
    tags = [(0x8100, vid)]
    bcast = b"\xff" * 6
    arp = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + p.mac + sip + b"\0" * 6 + dip
    stack = None
    for _ in range(3):  # the first may meet the stack's own ARP traffic
        p.send(bcast, tags, 0x0806, arp)
        deadline = time.monotonic() + 2
        while stack is None:
            r = p.recv(deadline)
            if r is None:
                break
            v, dst, src, et, pl = r
            if et == 0x0806 and len(pl) >= 28 and struct.unpack("!H", pl[6:8])[0] == 2 \
                    and pl[14:18] == dip and dst == p.mac:
                if v != vid:
                    fail("arp reply tagged %s, not %d" % (v, vid))
                if pl[8:14] != src:
                    fail("arp reply: sender MAC %s is not its source %s" % (mac_s(pl[8:14]),
                                                                            mac_s(src)))
                stack = src
        if stack is not None:
            break
    if stack is None:
        fail("no arp reply on VLAN %d" % vid)
    print("mac " + mac_s(stack))
    print("arp ok")

    def exchange(what, etype, payload, match):
        for _ in range(3):
            p.send(stack, tags, etype, payload)
            deadline = time.monotonic() + 2
            while True:
                r = p.recv(deadline)
                if r is None:
                    break
                v, dst, src, et, pl = r
                if et == etype and dst == p.mac and match(pl):
                    if v != vid:
                        fail("%s answered tagged %s, not %d" % (what, v, vid))
                    if src != stack:
                        fail("%s answered from %s, not %s" % (what, mac_s(src), mac_s(stack)))
                    return
        fail("%s: no answer on VLAN %d" % (what, vid))

    ping = icmp_echo(0x5600 + vid % 256, 1)
    exchange("icmp echo", 0x0800, ipv4(sip, dip, 1, ping),
             lambda pl: len(pl) >= 28 and pl[9] == 1 and pl[20] == 0 and pl[24:28] == ping[4:8])
    print("icmp ok")
    for size in (1, 100, 1400):
        data = bytes((vid + i) & 0xFF for i in range(size))
        exchange("udp echo of %d bytes" % size, 0x0800,
                 ipv4(sip, dip, 17, udp(sip, dip, 40000 + size, 7, data)),
                 lambda pl: len(pl) >= 28 + size and pl[9] == 17 and pl[28:28 + size] == data)
        print("udp %d ok" % size)


def silent(p, vid, stack_ip, peer_ip, count, kind):
    sip, dip = socket.inet_aton(peer_ip), socket.inet_aton(stack_ip)
    tags = {"unknown": [(0x8100, vid)], "qinq": [(0x88A8, 7), (0x8100, vid)],
            "double": [(0x8100, 7), (0x8100, vid)]}[kind]
    bcast = b"\xff" * 6
    for i in range(count):
        if i % 2:
            p.send(bcast, tags, 0x0806,
                   struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + p.mac + sip + b"\0" * 6 + dip)
        else:
            p.send(bcast, tags, 0x0800, ipv4(sip, dip, 1, icmp_echo(0x7700, i)))
    print("sent %d" % count)
    deadline = time.monotonic() + 1.5
    while True:
        r = p.recv(deadline)
        if r is None:
            return
        v, dst, _, et, pl = r
        if dst == p.mac and et in (0x0800, 0x0806):
            fail("%s frame for VLAN %d answered (tag %s, type 0x%04x)" % (kind, vid, v, et))


def tagged(p, vid, etype, count, seconds):
    print("ready", flush=True)  # the socket is bound: frames sent now are seen
    got = 0
    deadline = time.monotonic() + seconds
    while got < count:
        r = p.recv(deadline)
        if r is None:
            break
        v, _, _, et, _ = r
        if v == vid and et == etype:
            got += 1
    print("got %d" % got)
    if got < count:
        sys.exit(1)


def send(p, vid, dst, etype, count):
    for i in range(count):
        p.send(dst, [(0x8100, vid)], etype, ("vlan-peer %d" % i).encode().ljust(46, b"."))
    print("sent %d" % count)


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    p = Peer(argv[1])
    cmd, a = argv[2], argv[3:]
    if cmd == "talk" and len(a) == 3:
        talk(p, int(a[0]), a[1], a[2])
    elif cmd == "silent" and len(a) == 5:
        silent(p, int(a[0]), a[1], a[2], int(a[3]), a[4])
    elif cmd == "tagged" and len(a) == 4:
        tagged(p, int(a[0]), int(a[1], 16), int(a[2]), float(a[3]))
    elif cmd == "send" and len(a) == 4:
        send(p, int(a[0]), mac_b(a[1]), int(a[2], 16), int(a[3]))
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
