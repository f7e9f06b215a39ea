#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The soak test (issue 14 point 3; scripts/soak.sh runs it).

dpstack runs its embedded default (net_tap adapter dps0, 198.51.100.2/24,
arp, ipv4, raw) in a network namespace made here, the kernel side of the tap
at 198.51.100.1/24, for SECONDS under a mix of load, every part bounded in
count and time:
  - a frame flood from an AF_PACKET socket (EtherType 0x88b5, which the raw
    clients below open, and 0x88b6, which nobody claims), paced;
  - flood pings (ping -f, bounded by -w) and normal pings;
  - UDP echo (port 7), every datagram checked;
  - raw clients: dpsctl recv (some SIGKILLed mid-receive), dpsctl send;
  - OID queries and sets (the MTU changed and restored: a port change that
    pauses and restarts the bindings);
  - link flaps of the kernel side of the tap;
  - telemetry readers (dpdk-telemetry.py).
Every SAMPLE seconds it samples dpstack's RSS, the free mbufs, the raw
binding's held frames and the adapter's counters (/dpstack/info,
/dpstack/adapter, /dpstack/binding), printed as a table and written as CSV.
After the load it lets the stack idle, pings it again, stops it with SIGINT
and checks, as TAP lines:
  - dpstack ran the whole time and exits 0;
  - RSS grew by at most RSS_BOUND_KB from the first sample after the warm-up
    (a quarter of the run) to the last;
  - when idle again, the free mbufs are what they were idle before the load
    (exactly: nothing is held), and the raw binding holds no frame;
  - the adapter's receive counter equals the sum of its verdicts (runt,
    truncated, too many tags, unclaimed, filtered, and each binding's rx),
    and every worker's rx adds up to it;
  - pings and UDP echo are answered after the load (0 % loss);
  - the exit report: every mbuf back in the pool, an empty leak report.
Exit status: 0 when every check passed, 1 otherwise, 77 (skip) without root.
"""

import argparse
import csv
import ctypes
import json
import os
import random
import re
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

KERNEL_IP = "198.51.100.1"
STACK_IP = "198.51.100.2"
RSS_BOUND_KB = 8192
ETH_RAW = 0x88B5
ETH_UNCLAIMED = 0x88B6

CLONE_NEWNET = 0x40000000
LIBC = ctypes.CDLL(None, use_errno=True)

n_checks = 0
n_failed = 0


def tap(ok, what, detail=None):
    global n_checks, n_failed
    n_checks += 1
    if not ok:
        n_failed += 1
    print(("ok" if ok else "not ok") + " %d - %s" % (n_checks, what), flush=True)
    if not ok and detail:
        for line in str(detail).splitlines()[-15:]:
            print("# " + line, flush=True)


def note(text):
    for line in text.splitlines():
        print("# " + line, flush=True)


class Soak:
    def __init__(self, args):
        self.args = args
        self.ns = "dpssoak-%d" % os.getpid()
        self.prefix = "dpssoak%d" % os.getpid()
        self.stop = threading.Event()
        self.proc = None
        self.out_path = os.path.join(args.workdir, "dpstack.out")
        self.stats = {}  # load part -> counters
        self.lock = threading.Lock()
        self.samples = []
        self.errors = []

    # ---- helpers -------------------------------------------------------

    def in_ns(self, cmd, timeout, **kw):
        """Run cmd in the namespace, bounded; returns CompletedProcess or None on timeout."""
        try:
            return subprocess.run(["ip", "netns", "exec", self.ns] + cmd, timeout=timeout,
                                  capture_output=True, text=True, **kw)
        except subprocess.TimeoutExpired:
            return None

    def count(self, part, key, k=1):
        with self.lock:
            d = self.stats.setdefault(part, {})
            d[key] = d.get(key, 0) + k

    def telemetry(self, cmds, timeout=10):
        """Answers of several telemetry commands, in one client run."""
        r = self.in_ns(["dpdk-telemetry.py", "-f", self.prefix], timeout,
                       input="".join(c + "\n" for c in cmds))
        out = {}
        if r is None:
            return out
        for line in r.stdout.splitlines():
            line = line.strip()
            if not line.startswith("{"):
                continue
            try:
                v = json.loads(line)
            except ValueError:
                continue
            out.update(v)
        return out

    def dpsctl(self, args, timeout):
        return self.in_ns([self.args.dpsctl, "--file-prefix", self.prefix] + args, timeout)

    # ---- set-up and teardown ------------------------------------------

    def setup(self):
        subprocess.run(["ip", "netns", "add", self.ns], check=True)
        for cmd in (["ip", "link", "set", "lo", "up"],
                    ["sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1",
                     "net.ipv6.conf.default.disable_ipv6=1"]):
            subprocess.run(["ip", "netns", "exec", self.ns] + cmd, check=True)
        out = open(self.out_path, "w")
        self.proc = subprocess.Popen(
            ["ip", "netns", "exec", self.ns, self.args.dpstack, "--no-huge", "--no-pci",
             "-m", "512", "-l", "0-1", "--file-prefix=" + self.prefix],
            stdout=out, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while time.time() < deadline:
            if re.search(r"^dpstack: running", self.read_out(), re.M):
                break
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        running = self.proc.poll() is None and "dpstack: running" in self.read_out()
        tap(running, "dpstack starts with the default configuration", self.read_out())
        if not running:
            return False
        # the stack's pid (ip netns exec execs it, so it is the Popen's pid)
        self.pid = self.proc.pid
        ok = (self.in_ns(["ip", "addr", "add", KERNEL_IP + "/24", "dev", "dps0"], 10) is not None
              and self.in_ns(["ip", "link", "set", "dps0", "up"], 10) is not None)
        r = self.in_ns(["ping", "-n", "-c", "1", "-W", "5", STACK_IP], 20)
        tap(ok and r is not None and r.returncode == 0,
            "kernel side of the tap at %s, the stack answers a ping" % KERNEL_IP,
            r.stdout if r else "timeout")
        m = re.search(r"link/ether ([0-9a-f:]{17})",
                      self.in_ns(["ip", "-o", "link", "show", "dps0"], 10).stdout)
        self.kmac = m.group(1) if m else "02:00:00:00:00:01"
        m = re.search(r"adapter dps0: port \d+ mac ([0-9A-Fa-f:]{17})", self.read_out())
        self.smac = m.group(1).lower() if m else "ff:ff:ff:ff:ff:ff"
        return r is not None and r.returncode == 0

    def read_out(self):
        try:
            with open(self.out_path) as f:
                return f.read()
        except OSError:
            return ""

    def teardown(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        subprocess.run(["ip", "netns", "del", self.ns], stderr=subprocess.DEVNULL)
        subprocess.run(["rm", "-rf", "/var/run/dpdk/" + self.prefix])

    # ---- the load ------------------------------------------------------

    def part_flood_frames(self):
        """Paced bursts of raw (0x88b5) and unclaimed (0x88b6) frames."""
        def body():
            s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
            s.bind(("dps0", 0))
            dst = bytes.fromhex(self.smac.replace(":", ""))
            src = bytes.fromhex(self.kmac.replace(":", ""))
            frames = [dst + src + struct.pack("!H", t) + bytes(range(46))
                      for t in (ETH_RAW, ETH_UNCLAIMED)]
            while not self.stop.is_set():
                for i in range(200):
                    try:
                        s.send(frames[i & 1])
                        self.count("flood", "sent")
                    except OSError:
                        self.count("flood", "send_errors")
                time.sleep(0.01)
        self.ns_thread(body)

    def ns_thread(self, body):
        """Run body in a thread whose network namespace is the test's."""
        def run():
            fd = os.open("/var/run/netns/" + self.ns, os.O_RDONLY)
            try:
                # setns(2) for this thread only (os.setns is Python >= 3.12)
                if LIBC.setns(fd, CLONE_NEWNET) != 0:
                    raise OSError(ctypes.get_errno(), "setns")
            finally:
                os.close(fd)
            try:
                body()
            except Exception as e:  # a load part that breaks is an error of the test
                self.errors.append("%s: %r" % (body.__name__, e))
        t = threading.Thread(target=run, daemon=True)
        t.start()
        self.threads.append(t)

    def loop(self, name, fn, pause):
        def run():
            while not self.stop.is_set():
                try:
                    fn()
                except Exception as e:
                    self.errors.append("%s: %r" % (name, e))
                    return
                self.stop.wait(pause)
        t = threading.Thread(target=run, daemon=True, name=name)
        t.start()
        self.threads.append(t)

    def ping_flood(self):
        r = self.in_ns(["ping", "-n", "-f", "-q", "-w", "3", STACK_IP], 10)
        self.count("ping_flood", "rounds")
        if r is not None:
            m = re.search(r"(\d+) packets transmitted, (\d+) received", r.stdout)
            if m:
                self.count("ping_flood", "sent", int(m.group(1)))
                self.count("ping_flood", "received", int(m.group(2)))

    def ping(self):
        r = self.in_ns(["ping", "-n", "-c", "10", "-i", "0.1", "-W", "2", STACK_IP], 15)
        self.count("ping", "rounds")
        if r is not None:
            m = re.search(r"(\d+) packets transmitted, (\d+) received", r.stdout)
            if m:
                self.count("ping", "sent", int(m.group(1)))
                self.count("ping", "received", int(m.group(2)))

    def udp_echo_body(self):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(1.0)
        while not self.stop.is_set():
            for size in (1, 100, 1400):
                payload = os.urandom(size)
                try:
                    s.sendto(payload, (STACK_IP, 7))
                except OSError:  # the link is down (a flap)
                    self.count("udp_echo", "send_errors")
                    continue
                self.count("udp_echo", "sent")
                try:
                    data, _ = s.recvfrom(2048)
                    self.count("udp_echo", "echoed" if data == payload else "wrong")
                except socket.timeout:
                    self.count("udp_echo", "lost")
            self.stop.wait(0.05)

    def raw_client(self):
        self.count("raw", "rounds")
        if random.random() < 0.3:
            # a client SIGKILLed mid-receive
            p = subprocess.Popen(["ip", "netns", "exec", self.ns, self.args.dpsctl,
                                  "--file-prefix", self.prefix, "recv", "dps0",
                                  "--ethertype", "0x%04x" % ETH_RAW, "--timeout", "5"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(random.uniform(0.2, 1.0))
            p.kill()
            p.wait()
            self.count("raw", "killed")
            return
        r = self.dpsctl(["recv", "dps0", "--ethertype", "0x%04x" % ETH_RAW, "--count", "100",
                         "--timeout", "5", "--pcap", "/dev/null"], 15)
        self.count("raw", "recv_ok" if r is not None and r.returncode == 0 else "recv_failed")
        r = self.dpsctl(["send", "dps0", "--ethertype", "0x%04x" % ETH_RAW, "--dst", self.kmac,
                         "--count", "20"], 15)
        self.count("raw", "send_ok" if r is not None and r.returncode == 0 else "send_failed")

    def oids(self):
        for oid in ("OID_GEN_LINK_SPEED", "OID_802_3_CURRENT_ADDRESS", "OID_GEN_STATISTICS"):
            r = self.dpsctl(["oid", "query", "dps0", oid], 15)
            self.count("oid", "query_ok" if r is not None and r.returncode == 0 else
                       "query_failed")
        self.mtu_turn = getattr(self, "mtu_turn", 0) + 1
        if self.mtu_turn % 5 == 0:
            for mtu in ("1400", "1500"):
                r = self.dpsctl(["oid", "set", "dps0", "OID_DPS_MTU", mtu], 15)
                self.count("oid", "set_ok" if r is not None and r.returncode == 0 else
                           "set_failed")

    def link_flap(self):
        self.in_ns(["ip", "link", "set", "dps0", "down"], 10)
        self.stop.wait(1.5)
        self.in_ns(["ip", "link", "set", "dps0", "up"], 10)
        self.count("link", "flaps")

    def telemetry_reader(self):
        got = self.telemetry(["/dpstack/info", "/dpstack/adapter,dps0", "/dpstack/workers",
                              "/dpstack/bindings", "/dpstack/clients", "/dpstack/requests",
                              "/dpstack/arp,dps0", "/dpstack/binding,ipv4@dps0"])
        self.count("telemetry", "replies", len(got))

    # ---- sampling ------------------------------------------------------

    def rss_kb(self):
        try:
            with open("/proc/%d/status" % self.pid) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1])
        except OSError:
            return None
        return None

    def sample(self, phase):
        got = self.telemetry(["/dpstack/info", "/dpstack/adapter,dps0",
                              "/dpstack/binding,raw@dps0"])
        info = got.get("/dpstack/info") or {}
        ad = got.get("/dpstack/adapter") or {}
        raw = got.get("/dpstack/binding") or {}
        s = {"t": round(time.time() - self.t0, 1), "phase": phase,
             "alive": int(self.proc.poll() is None), "rss_kb": self.rss_kb(),
             "mbufs_free": info.get("mbufs_free"), "held": raw.get("held"),
             "rx": ad.get("rx"), "tx": ad.get("tx"), "rx_unclaimed": ad.get("rx_unclaimed"),
             "tx_dropped": ad.get("tx_dropped"), "link": ad.get("link")}
        self.samples.append(s)
        note("%6.1fs %-5s rss %s kB, mbufs free %s, held %s, rx %s, tx %s, unclaimed %s, link %s"
             % (s["t"], phase, s["rss_kb"], s["mbufs_free"], s["held"], s["rx"], s["tx"],
                s["rx_unclaimed"], s["link"]))
        return s

    # ---- the run -------------------------------------------------------

    def run(self):
        self.t0 = time.time()
        self.threads = []
        idle_before = self.sample("idle")
        self.part_flood_frames()
        self.ns_thread(self.udp_echo_body)
        self.loop("ping_flood", self.ping_flood, 2.0)
        self.loop("ping", self.ping, 0.5)
        self.loop("raw", self.raw_client, 0.2)
        self.loop("oid", self.oids, 1.0)
        self.loop("link", self.link_flap, 15.0)
        self.loop("telemetry", self.telemetry_reader, 1.0)
        end = self.t0 + self.args.seconds
        while time.time() < end and self.proc.poll() is None:
            time.sleep(min(self.args.sample, max(0.0, end - time.time())))
            self.sample("load")
        self.stop.set()
        for t in self.threads:
            t.join(20)
        tap(all(not t.is_alive() for t in self.threads), "every load part stopped in time")
        tap(not self.errors, "no load part failed", "\n".join(self.errors))
        alive = all(s["alive"] for s in self.samples) and self.proc.poll() is None
        tap(alive, "dpstack ran through %d s of load (%d samples)"
            % (self.args.seconds, len(self.samples)))
        if not alive:
            note(self.read_out()[-3000:])
            return
        note("load: " + json.dumps(self.stats, sort_keys=True))
        st = self.stats
        g = lambda part, key: st.get(part, {}).get(key, 0)
        parts = {"frames flooded": g("flood", "sent"), "flood pings answered":
                 g("ping_flood", "received"), "pings answered": g("ping", "received"),
                 "UDP datagrams echoed": g("udp_echo", "echoed"), "raw receives":
                 g("raw", "recv_ok"), "raw sends": g("raw", "send_ok"), "raw clients killed":
                 g("raw", "killed"), "OID queries": g("oid", "query_ok"), "OID sets":
                 g("oid", "set_ok"), "link flaps": g("link", "flaps"), "telemetry replies":
                 g("telemetry", "replies")}
        tap(all(v > 0 for v in parts.values()), "every part of the load ran: " +
            ", ".join("%s %d" % kv for kv in parts.items()))
        tap(g("udp_echo", "wrong") == 0, "no UDP echo came back different (%d)"
            % g("udp_echo", "wrong"))
        # the link is up again (a flap may have ended just now), then idle
        self.in_ns(["ip", "link", "set", "dps0", "up"], 10)
        time.sleep(3)
        idle_after = self.sample("idle")

        loads = [s for s in self.samples if s["phase"] == "load" and s["rss_kb"] is not None]
        warm = [s for s in loads if s["t"] >= self.args.seconds / 4] or loads
        if warm and idle_after["rss_kb"] is not None:
            growth = idle_after["rss_kb"] - warm[0]["rss_kb"]
            tap(growth <= RSS_BOUND_KB,
                "RSS after warm-up %d kB, at the end %d kB: grew %d kB (bound %d kB)"
                % (warm[0]["rss_kb"], idle_after["rss_kb"], growth, RSS_BOUND_KB))
        else:
            tap(False, "RSS sampled")
        frees = [s["mbufs_free"] for s in loads if s["mbufs_free"] is not None]
        tap(idle_after["mbufs_free"] is not None
            and idle_after["mbufs_free"] == idle_before["mbufs_free"],
            "free mbufs idle before the load %s, idle after %s (under load %s..%s)"
            % (idle_before["mbufs_free"], idle_after["mbufs_free"],
               min(frees) if frees else "?", max(frees) if frees else "?"))
        tap(idle_after["held"] == 0, "the raw binding holds no frame when idle (%s)"
            % idle_after["held"])
        r = self.in_ns(["ping", "-n", "-c", "20", "-i", "0.05", "-W", "2", STACK_IP], 30)
        tap(r is not None and " 0% packet loss" in r.stdout,
            "after the load: 20 pings, 0% loss", r.stdout if r else "timeout")
        self.check_udp_after()
        self.finish()

    def check_udp_after(self):
        result = {}

        def body():
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.settimeout(2.0)
            good = 0
            for i in range(10):
                payload = os.urandom(64)
                s.sendto(payload, (STACK_IP, 7))
                try:
                    data, _ = s.recvfrom(2048)
                    good += data == payload
                except socket.timeout:
                    pass
            result["good"] = good
        self.threads = []
        self.ns_thread(body)
        self.threads[0].join(30)
        tap(result.get("good") == 10, "after the load: 10 UDP echoes byte for byte (%s)"
            % result.get("good"))

    def finish(self):
        self.proc.send_signal(signal.SIGINT)
        try:
            rc = self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = "timeout"
        out = self.read_out()
        tap(rc == 0, "SIGINT: dpstack exits 0 (%s)" % rc, out[-2000:])
        m = re.search(r"^dpstack: mempool \S+: (\d+) of (\d+) mbufs free", out, re.M)
        tap(m is not None and m.group(1) == m.group(2),
            "exit report: every mbuf back in the pool (%s)" % (m.group(0) if m else "no line"))
        tap(re.search(r"^leak report: empty", out, re.M) is not None,
            "exit report: the leak report is empty")
        self.check_identity(out)

    def check_identity(self, out):
        def fields(line):
            w = line.split()
            return {w[i]: int(w[i + 1]) for i in range(len(w) - 1) if w[i + 1].isdigit()}
        m = re.search(r"^  adapter dps0: (.*)$", out, re.M)
        if m is None:
            tap(False, "exit report has the adapter's counters")
            return
        a = fields(m.group(1))
        bindings = {b: fields(rest) for b, rest in
                    re.findall(r"^  binding (\S+)@dps0 +\S+ +(.*)$", out, re.M)}
        verdicts = (a.get("rx_runt", 0) + a.get("rx_vlan_truncated", 0)
                    + a.get("rx_too_many_vlans", 0) + a.get("rx_unclaimed", 0)
                    + a.get("rx_filtered", 0) + sum(b.get("rx", 0) for b in bindings.values()))
        tap(a.get("rx", -1) == verdicts and a.get("rx", 0) > 0,
            "adapter rx %s = the sum of its verdicts %s (bindings %s)"
            % (a.get("rx"), verdicts, ", ".join("%s %d" % (k, v.get("rx", 0))
                                                for k, v in sorted(bindings.items()))))
        workers = [fields(rest) for rest in re.findall(r"^  worker lcore \d+: (.*)$", out, re.M)]
        wrx = sum(w.get("rx", 0) for w in workers)
        tap(workers and wrx == a.get("rx"), "the workers' rx %d = the adapter's rx %s"
            % (wrx, a.get("rx")))

    def write_csv(self):
        if not self.samples:
            return
        with open(self.args.csv, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(self.samples[0].keys()))
            w.writeheader()
            w.writerows(self.samples)
        note("samples: %s" % self.args.csv)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dpstack", required=True, help="the dpstack executable")
    ap.add_argument("--dpsctl", required=True, help="the dpsctl executable")
    ap.add_argument("--seconds", type=int, default=600, help="load duration (default 600)")
    ap.add_argument("--sample", type=float, default=5.0, help="seconds between samples")
    ap.add_argument("--csv", default=None, help="where to write the samples (CSV)")
    ap.add_argument("--workdir", default=None, help="directory for dpstack's output")
    args = ap.parse_args()
    if args.seconds < 10 or args.seconds > 86400:
        print("soak: --seconds must be 10..86400 (got %d)" % args.seconds, file=sys.stderr)
        return 2
    if args.sample < 1 or args.sample > args.seconds:
        print("soak: --sample must be 1..SECONDS", file=sys.stderr)
        return 2
    if os.geteuid() != 0:
        print("1..0 # SKIP needs root for ip netns")
        return 77
    for tool in ("ping", "dpdk-telemetry.py"):
        if subprocess.run(["sh", "-c", "command -v " + tool], capture_output=True).returncode:
            print("1..0 # SKIP %s is not installed (scripts/deps.sh installs it)" % tool)
            return 77
    args.dpstack = os.path.realpath(args.dpstack)
    args.dpsctl = os.path.realpath(args.dpsctl)
    args.workdir = args.workdir or subprocess.run(["mktemp", "-d", "/tmp/dpssoak.XXXXXX"],
                                                  capture_output=True, text=True).stdout.strip()
    args.csv = args.csv or os.path.join(args.workdir, "samples.csv")
    note("soak: %d s of load, a sample every %g s, dpstack %s" % (args.seconds, args.sample,
                                                               args.dpstack))
    soak = Soak(args)
    try:
        if soak.setup():
            soak.run()
    finally:
        soak.stop.set()
        soak.write_csv()
        soak.teardown()
    print("1..%d" % n_checks)
    return 1 if n_failed or n_checks == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
