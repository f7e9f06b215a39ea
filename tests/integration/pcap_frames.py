#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Write or read the pcap files of test_vdevs.sh (no dependency but python3).

  pcap_frames.py write FILE N    N ICMP echo requests 198.51.100.1 -> .2 (to the
                                 broadcast MAC, so the stack's MAC need not be
                                 known) and one ARP request for 198.51.100.2
  pcap_frames.py count FILE      prints "icmp_replies N arp_replies N arp_gratuitous N"
"""
import socket
import struct
import sys

PEER_MAC = bytes.fromhex("020000000001")
PEER_IP, STACK_IP = socket.inet_aton("198.51.100.1"), socket.inet_aton("198.51.100.2")


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def icmp_request(seq):
    body = struct.pack("!BBHHH", 8, 0, 0, 0x1234, seq) + b"dpstack-pcap" * 3
    body = body[:2] + struct.pack("!H", csum(body)) + body[4:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(body), seq, 0, 64, 1, 0, PEER_IP, STACK_IP)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    return b"\xff" * 6 + PEER_MAC + b"\x08\x00" + ip + body


def arp_request():
    arp = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + PEER_MAC + PEER_IP + b"\0" * 6 + STACK_IP
    return b"\xff" * 6 + PEER_MAC + b"\x08\x06" + arp


def write(path, n):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        frames = [icmp_request(i + 1) for i in range(n)] + [arp_request()]
        for i, fr in enumerate(frames):
            f.write(struct.pack("<IIII", 1, i, len(fr), len(fr)) + fr)


def count(path):
    data = open(path, "rb").read()
    magic = struct.unpack("<I", data[:4])[0]
    endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    off, icmp, arp_rep, garp = 24, 0, 0, 0
    while off + 16 <= len(data):
        _, _, incl, _ = struct.unpack(endian + "IIII", data[off:off + 16])
        fr = data[off + 16:off + 16 + incl]
        off += 16 + incl
        etype = struct.unpack("!H", fr[12:14])[0]
        if etype == 0x0800 and fr[23] == 1 and fr[34] == 0 and fr[30:34] == PEER_IP:
            icmp += 1
        elif etype == 0x0806:
            op = struct.unpack("!H", fr[20:22])[0]
            if op == 2 and fr[38:42] == PEER_IP:
                arp_rep += 1
            elif fr[28:32] == fr[38:42] == STACK_IP:
                garp += 1
    print("icmp_replies %d arp_replies %d arp_gratuitous %d" % (icmp, arp_rep, garp))


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2], int(sys.argv[3]))
    else:
        count(sys.argv[2])
