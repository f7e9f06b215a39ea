#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Reads what test_capture.sh compares: a pcapng file (dpsctl capture) and a
classic pcap file (tcpdump on the kernel side of the tap).

  pcapng_read.py frames FILE   one line per frame: ns-timestamp direction(0/1/2) hex
  pcapng_read.py stats FILE    one line per statistics block: ifrecv ifdrop
  pcapng_read.py pcap FILE     one line per frame of a classic pcap file: hex
"""
import struct
import sys


def blocks(data):
    off = 0
    if struct.unpack_from("<I", data, 0)[0] != 0x0A0D0D0A:
        raise SystemExit("not pcapng")
    while off + 12 <= len(data):
        btype, blen = struct.unpack_from("<II", data, off)
        if blen < 12 or off + blen > len(data):
            raise SystemExit("truncated block at %d" % off)
        yield btype, data[off + 8:off + blen - 4]
        off += blen
    if off != len(data):
        raise SystemExit("trailing bytes")


def options(body):
    off = 0
    while off + 4 <= len(body):
        code, olen = struct.unpack_from("<HH", body, off)
        if code == 0:
            return
        yield code, body[off + 4:off + 4 + olen]
        off += 4 + ((olen + 3) & ~3)


def frames(path):
    data = open(path, "rb").read()
    for btype, body in blocks(data):
        if btype != 6:
            continue
        _, hi, lo, caplen, _ = struct.unpack_from("<IIIII", body, 0)
        pkt = body[20:20 + caplen]
        direction = 0
        for code, val in options(body[20 + ((caplen + 3) & ~3):]):
            if code == 2:
                direction = struct.unpack("<I", val)[0] & 3
        print("%d %d %s" % ((hi << 32) | lo, direction, pkt.hex()))


def stats(path):
    data = open(path, "rb").read()
    for btype, body in blocks(data):
        if btype != 5:
            continue
        recv = drop = -1
        for code, val in options(body[12:]):
            if code == 4:
                recv = struct.unpack("<Q", val)[0]
            elif code == 5:
                drop = struct.unpack("<Q", val)[0]
        print("%d %d" % (recv, drop))


def pcap(path):
    data = open(path, "rb").read()
    magic = struct.unpack_from("<I", data, 0)[0]
    endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    off = 24
    while off + 16 <= len(data):
        _, _, incl, _ = struct.unpack_from(endian + "IIII", data, off)
        print(data[off + 16:off + 16 + incl].hex())
        off += 16 + incl


if __name__ == "__main__":
    {"frames": frames, "stats": stats, "pcap": pcap}[sys.argv[1]](sys.argv[2])
