#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Malformed frames for dpstack, sent from an AF_PACKET socket in a test namespace.

Usage: frames.py IFACE STACK_MAC STACK_IP PEER_IP COUNT
Sends COUNT frames of every class below to IFACE (the kernel side of the
stack's tap) and prints one line per class: "<class> <counter> <sent>",
where <counter> names the dpstack counter that must grow by <sent>:
"adapter.NAME" for the adapter line of dpstack's exit counters, "arp.NAME"
and "ipv4.NAME" for its per-binding lines. A class that the kernel will not
send at all (a frame shorter than an Ethernet header) is printed with the
counter "kernel_refused" and the number of frames that could not be sent.
Only addresses given on the command line (the test's 198.51.100.0/24) are
used, plus the unspecified address 0.0.0.0 as a bad source.
Exit code 0, or 1 when a send failed unexpectedly (the message says which).
"""
import socket
import struct
import sys
import time


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
    """An IPv4 header (IHL * 4 bytes, options zero) and the payload."""
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


def udp(src, dst, sport, dport, payload, bad=False, length=None):
    ln = 8 + len(payload) if length is None else length
    pseudo = src + dst + struct.pack("!BBH", 0, 17, ln)
    hdr = struct.pack("!HHHH", sport, dport, ln, 0)
    c = csum(pseudo + hdr + payload) or 0xFFFF
    if bad:
        c ^= 0x0F0F
    return struct.pack("!HHHH", sport, dport, ln, c) + payload


def arp(op, smac, sip, tip, hlen=6, plen=4, htype=1, ptype=0x0800):
    return struct.pack("!HHBBH", htype, ptype, hlen, plen, op) + smac + sip + b"\0" * 6 + tip


def tag(tpid, vid):
    """One 802.1Q/802.1ad tag: TPID, TCI; the EtherType follows."""
    return struct.pack("!HH", tpid, vid)


def main():
    if len(sys.argv) != 6:
        sys.stderr.write(__doc__)
        return 2
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
    good_udp = udp(sip, dip, 40000, 7, b"x" * 20)
    classes = [
        # (class, counter, frame)
        # adapter: classification by the binding layer
        ("unknown_ethertype", "adapter.rx_unclaimed", eth(0x88B5) + b"\0" * 46),
        ("vlan_tag_cut_short", "adapter.rx_vlan_truncated", eth(0x8100) + b"\0\x0a"),
        ("three_vlan_tags", "adapter.rx_too_many_vlans",
         eth(0x88A8) + tag(10, 0x8100) + tag(20, 0x8100) + struct.pack("!HH", 30, 0x0800)
         + ipv4(sip, dip, 1, ping)),
        ("ipv4_for_another_mac", "adapter.rx_filtered",
         eth(0x0800, other) + ipv4(sip, dip, 1, ping)),
        # ipv4: header validation
        ("ipv4_header_only", "ipv4.runt", eth(0x0800)),
        ("ipv4_truncated_header", "ipv4.runt", eth(0x0800) + ipv4(sip, dip, 1, ping)[:10]),
        ("ipv4_behind_tag_truncated", "ipv4.runt",
         eth(0x8100) + struct.pack("!HH", 5, 0x0800) + ipv4(sip, dip, 1, ping)[:19]),
        ("ipv4_bad_version", "ipv4.bad_version",
         eth(0x0800) + ipv4(sip, dip, 1, ping, version=6)),
        ("ipv4_ihl_4", "ipv4.bad_ihl", eth(0x0800) + ipv4(sip, dip, 1, ping, ihl=4)),
        ("ipv4_ihl_0", "ipv4.bad_ihl", eth(0x0800) + b"\x40" + ipv4(sip, dip, 1, ping)[1:]),
        ("ipv4_options_beyond_frame", "ipv4.hdr_truncated",
         eth(0x0800) + ipv4(sip, dip, 1, b"", ihl=15)[:24]),
        ("ipv4_total_length_below_ihl", "ipv4.bad_total_length",
         eth(0x0800) + ipv4(sip, dip, 1, ping, total=19)),
        ("ipv4_total_length_beyond_frame", "ipv4.truncated",
         eth(0x0800) + ipv4(sip, dip, 1, ping, total=20 + len(ping) + 100)),
        ("ipv4_bad_header_checksum", "ipv4.bad_cksum",
         eth(0x0800) + ipv4(sip, dip, 1, ping, bad_csum=True)),
        ("ipv4_bad_header_checksum_tagged", "ipv4.bad_cksum",
         eth(0x8100) + struct.pack("!HH", 5, 0x0800) + ipv4(sip, dip, 1, ping, bad_csum=True)),
        ("ipv4_fragment", "ipv4.fragment", eth(0x0800) + ipv4(sip, dip, 1, ping, frag=0x2000)),
        ("ipv4_source_unspecified", "ipv4.bad_src",
         eth(0x0800) + ipv4(ip("0.0.0.0"), dip, 1, ping)),
        # ipv4: ICMP and UDP
        ("icmp_truncated", "ipv4.icmp_truncated", eth(0x0800) + ipv4(sip, dip, 1, ping[:4])),
        ("icmp_bad_checksum", "ipv4.icmp_bad_cksum",
         eth(0x0800) + ipv4(sip, dip, 1, icmp_echo(bad=True))),
        ("udp_truncated", "ipv4.udp_truncated", eth(0x0800) + ipv4(sip, dip, 17, good_udp[:6])),
        ("udp_length_beyond_ip", "ipv4.udp_bad_len",
         eth(0x0800) + ipv4(sip, dip, 17, udp(sip, dip, 40000, 7, b"x" * 20, length=200))),
        ("udp_bad_checksum", "ipv4.udp_bad_cksum",
         eth(0x0800) + ipv4(sip, dip, 17, udp(sip, dip, 40000, 7, b"x" * 20, bad=True))),
        ("udp_from_echo_port", "ipv4.udp_bad_port",
         eth(0x0800) + ipv4(sip, dip, 17, udp(sip, dip, 7, 7, b"x" * 20))),
        # arp
        ("arp_truncated", "arp.runt", eth(0x0806) + arp(1, src, sip, dip)[:20]),
        ("arp_bad_htype", "arp.bad_htype", eth(0x0806) + arp(1, src, sip, dip, htype=6)),
        ("arp_bad_ptype", "arp.bad_ptype", eth(0x0806) + arp(1, src, sip, dip, ptype=0x86DD)),
        ("arp_bad_hlen", "arp.bad_hlen", eth(0x0806) + arp(1, src, sip, dip, hlen=5)),
        ("arp_bad_plen", "arp.bad_plen", eth(0x0806) + arp(1, src, sip, dip, plen=3)),
        ("arp_bad_op", "arp.bad_op", eth(0x0806) + arp(9, src, sip, dip)),
        ("arp_zero_sender_mac", "arp.bad_sender", eth(0x0806) + arp(1, b"\0" * 6, sip, dip)),
    ]
    rc = 0
    for name, counter, frame in classes:
        sent = 0
        for i in range(count):
            try:
                if s.send(frame) == len(frame):
                    sent += 1
            except OSError as e:
                sys.stderr.write("frames.py: %s: send failed: %s\n" % (name, e))
                rc = 1
                break
            if i % 16 == 15:
                time.sleep(0.001)  # let the stack's rx ring drain; sends never overrun it
        print(name, counter, sent)
        sys.stdout.flush()
        time.sleep(0.002)
    # shorter than an Ethernet header: the kernel refuses these itself
    # (dev_validate_header), so no runt can reach the tap from here
    sent = refused = 0
    for _ in range(count):
        try:
            if s.send(b"\xff" * 10) == 10:
                sent += 1
        except OSError:
            refused += 1
    if sent:
        print("runt_10_bytes", "adapter.rx_runt", sent)
    if refused:
        print("runt_10_bytes", "kernel_refused", refused)
    return rc


if __name__ == "__main__":
    sys.exit(main())
