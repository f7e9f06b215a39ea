#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Malformed frames for dpstack, sent from an AF_PACKET socket in a test namespace.

Usage: frames.py IFACE STACK_MAC STACK_IP PEER_IP COUNT
Sends COUNT frames of every class below to IFACE (the kernel side of the
stack's tap) and prints one line per class: "<class> <counter> <sent>",
where <counter> names the dpstack counter that must grow by <sent>.
Only addresses given on the command line (the test's 198.51.100.0/24) are used.
"""
import socket
import struct
import sys


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def mac(s):
    return bytes(int(x, 16) for x in s.split(":"))


def ip(s):
    return socket.inet_aton(s)


def ipv4(src, dst, proto, payload, ihl=5, version=4, total=None, frag=0, fix_csum=True,
         bad_csum=False):
    hlen = ihl * 4
    tl = total if total is not None else max(hlen, 20) + len(payload)
    hdr = struct.pack("!BBHHHBBH4s4s", (version << 4) | ihl, 0, tl, 0x1234, frag, 64, proto,
                      0, src, dst)
    hdr = hdr[: max(hlen, 0)] if hlen < 20 else hdr + b"\0" * (hlen - 20)
    if fix_csum:
        c = csum(hdr)
        if bad_csum:
            c ^= 0x5A5A
        hdr = hdr[:10] + struct.pack("!H", c) + hdr[12:]
    return hdr + payload


def icmp_echo(bad=False):
    body = struct.pack("!BBHHH", 8, 0, 0, 0x77, 1) + b"dpstack-test" * 4
    c = csum(body)
    if bad:
        c ^= 0x1111
    return body[:2] + struct.pack("!H", c) + body[4:]


def udp(src, dst, sport, dport, payload, bad=False):
    ln = 8 + len(payload)
    pseudo = src + dst + struct.pack("!BBH", 0, 17, ln)
    hdr = struct.pack("!HHHH", sport, dport, ln, 0)
    c = csum(pseudo + hdr + payload) or 0xFFFF
    if bad:
        c ^= 0x0F0F
    return struct.pack("!HHHH", sport, dport, ln, c) + payload


def arp(op, smac, sip, tip, hlen=6, plen=4):
    return struct.pack("!HHBBH", 1, 0x0800, hlen, plen, op) + smac + sip + b"\0" * 6 + tip


def main():
    iface, stack_mac, stack_ip, peer_ip, count = sys.argv[1:6]
    count = int(count)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    dst = mac(stack_mac)
    src = s.getsockname()[4]
    other = mac("02:00:00:00:00:99")
    sip, dip = ip(peer_ip), ip(stack_ip)

    def eth(etype, d=dst):
        return d + src + struct.pack("!H", etype)

    ping = icmp_echo()
    classes = [
        # (class, counter, frame)
        ("ipv4_header_only", "ipv4.runt", eth(0x0800)),
        ("ipv4_truncated_header", "ipv4.runt", eth(0x0800) + ipv4(sip, dip, 1, ping)[:10]),
        ("ipv4_bad_version", "ipv4.bad_version", eth(0x0800) + ipv4(sip, dip, 1, ping, version=6)),
        ("ipv4_ihl_4", "ipv4.bad_ihl", eth(0x0800) + ipv4(sip, dip, 1, ping, ihl=4)),
        ("ipv4_total_length_beyond_frame", "ipv4.truncated",
         eth(0x0800) + ipv4(sip, dip, 1, ping, total=20 + len(ping) + 100)),
        ("ipv4_bad_header_checksum", "ipv4.bad_cksum",
         eth(0x0800) + ipv4(sip, dip, 1, ping, bad_csum=True)),
        ("ipv4_fragment", "ipv4.fragment", eth(0x0800) + ipv4(sip, dip, 1, ping, frag=0x2000)),
        ("icmp_bad_checksum", "ipv4.icmp_bad_cksum",
         eth(0x0800) + ipv4(sip, dip, 1, icmp_echo(bad=True))),
        ("udp_bad_checksum", "ipv4.udp_bad_cksum",
         eth(0x0800) + ipv4(sip, dip, 17, udp(sip, dip, 40000, 7, b"x" * 20, bad=True))),
        ("unknown_ethertype", "adapter.rx_unclaimed", eth(0x88B5) + b"\0" * 46),
        ("three_vlan_tags", "adapter.rx_too_many_vlans",
         eth(0x88A8) + struct.pack("!HHHHH", 10, 0x8100, 20, 0x8100, 30) + struct.pack("!H", 0x0800)
         + ipv4(sip, dip, 1, ping)),
        ("ipv4_for_another_mac", "adapter.rx_filtered", eth(0x0800, other) + ipv4(sip, dip, 1, ping)),
        ("arp_bad_hlen", "arp.bad_hlen", eth(0x0806) + arp(1, src, sip, dip, hlen=5)),
        ("arp_bad_plen", "arp.bad_plen", eth(0x0806) + arp(1, src, sip, dip, plen=3)),
        ("arp_bad_op", "arp.bad_op", eth(0x0806) + arp(9, src, sip, dip)),
    ]
    for name, counter, frame in classes:
        sent = 0
        for _ in range(count):
            if s.send(frame) == len(frame):
                sent += 1
        print(name, counter, sent)
    # shorter than an Ethernet header: the kernel refuses these itself
    try:
        s.send(b"\xff" * 10)
        print("runt_10_bytes", "adapter.rx_runt", 1)
    except OSError:
        print("runt_10_bytes", "kernel_refused", 0)


if __name__ == "__main__":
    main()
