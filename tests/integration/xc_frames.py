#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The pcap files of test_xconnect.sh (no dependency but python3).

  xc_frames.py write FILE N SEED   N frames of every kind xconnect must carry
                                   unchanged: unicast to someone else,
                                   broadcast, multicast, 802.1Q-tagged, IPv4,
                                   ARP, an unknown EtherType; 60..1514 bytes
  xc_frames.py same A B            exit 0 if the frames of B are those of A,
                                   byte for byte and in order; else prints
                                   the first difference, exit 1
"""
import random
import struct
import sys


def frames(n, seed):
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        kind = i % 6
        dst = [bytes.fromhex("02aabbccdd%02x" % i), b"\xff" * 6, bytes.fromhex("01005e000001"),
               bytes.fromhex("02aabbccdd01"), bytes.fromhex("0180c200000e"),
               bytes.fromhex("02aabbccdd02")][kind]
        src = bytes.fromhex("0200000000%02x" % (i & 0xFF))
        if kind == 3:
            head = dst + src + b"\x81\x00" + struct.pack("!H", 100 + i) + b"\x08\x00"
        else:
            head = dst + src + struct.pack("!H", [0x0800, 0x0806, 0x0800, 0, 0x88CC, 0x88B5][kind])
        size = rnd.choice([60, 64, 128, 333, 1000, 1514])
        out.append(head + bytes(rnd.randrange(256) for _ in range(size - len(head))))
    return out


def write(path, n, seed):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i, fr in enumerate(frames(n, seed)):
            f.write(struct.pack("<IIII", 1, i, len(fr), len(fr)) + fr)


def read(path):
    data = open(path, "rb").read()
    magic = struct.unpack("<I", data[:4])[0]
    endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    off, out = 24, []
    while off + 16 <= len(data):
        _, _, incl, _ = struct.unpack(endian + "IIII", data[off:off + 16])
        out.append(data[off + 16:off + 16 + incl])
        off += 16 + incl
    return out


def same(a, b):
    fa, fb = read(a), read(b)
    for i, (x, y) in enumerate(zip(fa, fb)):
        if x != y:
            print("frame %d differs: %d bytes sent, %d received" % (i, len(x), len(y)))
            return 1
    if len(fa) != len(fb):
        print("%d frames sent, %d received" % (len(fa), len(fb)))
        return 1
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "write":
        write(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif len(sys.argv) == 4 and sys.argv[1] == "same":
        sys.exit(same(sys.argv[2], sys.argv[3]))
    else:
        sys.exit(__doc__)
