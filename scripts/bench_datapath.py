#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""dpstack against dpdk-testpmd on the same vdevs (DESIGN.md section 15).

Run by `scripts/bench.sh datapath [WORKLOAD...]`; not a test. Each workload
runs ROUNDS rounds, testpmd then dpstack (A B A B ...), one program at a
time on the same lcores (-l 0-1: lcore 0 the main/control thread, lcore 1
the forwarding core or worker), the same vdev arguments, the same burst
(32), the same memory (--no-huge -m 1024) and a --file-prefix of its own.
Rates come from /ethdev/stats read over each program's DPDK telemetry
socket while it runs, after a warm-up; cycles per frame from the worker's
TSC and frame count (/dpstack/workers) for dpstack, and from the TSC rate
and the frame rate for testpmd's forwarding core (both poll all the time).
A program that does not start, or moves no frame, is an error.

  bench_datapath.py --dpstack PATH [--testpmd PATH] [--rounds N]
                    [--secs S] [--warmup S] [--tmp DIR] [WORKLOAD...]
  bench_datapath.py --dpstack PATH --versus OTHER_DPSTACK [...] WORKLOAD...
      the same, with another dpstack binary as program A (COORD decision
      4: dpstack_static against the dpstack that links libdpstack.so).
  bench_datapath.py --dpstack PATH [--versus P] --callgrind [--secs S] WORKLOAD...
      each program once under valgrind --tool=callgrind: instructions per
      frame on its busiest thread (load-independent, unlike the rates;
      about 30 times slower), counted between two marks S seconds apart
      after the warm-up (callgrind_control --zero, --dump), over the frames
      of that interval: BURST x the calls into the vdev's PMD (every burst
      of these vdevs is full), checked against the telemetry counters.
      --annotate N adds the N functions of that thread with the most
      instructions of their own per frame (callgrind_annotate).
  bench_datapath.py --dpstack PATH --profile [--secs S] WORKLOAD...
      runs dpstack only and profiles its worker thread with
      `perf record -e cpu-clock -t TID` (perf report of the symbols).

Workloads: io, echo, rxonly, scale, vlan-echo (default: all of them).
vlan-echo is ICMP echo over a virtual adapter (VLAN 100 on the net_pcap
port, the vlan mux: tag stripped on receive, inserted on send), measured
against dpstack's own untagged echo (program A is dpstack running echo).
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import time

WORKLOADS = ("io", "echo", "rxonly", "scale", "vlan-echo")
VLAN_ID = 100
BURST = 32
STACK_IP = "198.51.100.2"
PEER_IP = "198.51.100.1"
PEER_MAC = bytes.fromhex("020000000001")
# net_pcap's MAC for a port without an interface (rte_eth_pcap.c: "\x02pcap" + index)
PCAP_MAC = bytes.fromhex("027063617000")
N_REQUESTS = 64


class BenchError(Exception):
    pass


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def echo_request(seq, vlan=0):
    """A 64-byte ICMP echo request frame peer -> stack, to the port's MAC
    (68 bytes with an 802.1Q tag of VLAN @vlan when it is not 0)."""
    payload = bytes((seq + i) & 0xFF for i in range(64 - 14 - 20 - 8))
    icmp = struct.pack("!BBHHH", 8, 0, 0, 0x4242, seq) + payload
    icmp = icmp[:2] + struct.pack("!H", csum(icmp)) + icmp[4:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(icmp), seq, 0, 64, 1, 0,
                     socket.inet_aton(PEER_IP), socket.inet_aton(STACK_IP))
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    tag = struct.pack("!HH", 0x8100, vlan) if vlan else b""
    return PCAP_MAC + PEER_MAC + tag + b"\x08\x00" + ip + icmp


def write_pcap(path, vlan=0):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i in range(N_REQUESTS):
            fr = echo_request(i + 1, vlan)
            f.write(struct.pack("<IIII", 1, i, len(fr), len(fr)) + fr)


class Telemetry:
    def __init__(self, prefix, timeout, io_timeout=5):
        path = "/var/run/dpdk/%s/dpdk_telemetry.v2" % prefix
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
                self.s.connect(path)
                break
            except OSError:
                self.s.close()
                if time.monotonic() > deadline:
                    raise BenchError("no telemetry socket at %s" % path)
                time.sleep(0.1)
        self.s.settimeout(io_timeout)
        json.loads(self.s.recv(16384).decode())

    def query(self, cmd):
        self.s.send(cmd.encode())
        reply = json.loads(self.s.recv(65536).decode())
        return reply[cmd.split(",")[0]]

    def close(self):
        self.s.close()


def sample(tel, is_dpstack):
    """Counters of every port (and dpstack's workers), with the time read."""
    t = time.monotonic()
    ports = tel.query("/ethdev/list")
    st = {"t": t, "rx": 0, "tx": 0, "tsc": 0, "wrx": 0, "tsc_hz": 0}
    for p in ports:
        s = tel.query("/ethdev/stats,%d" % p)
        st["rx"] += s["ipackets"]
        st["tx"] += s["opackets"]
    if is_dpstack:
        for key, w in tel.query("/dpstack/workers").items():
            if isinstance(w, dict):
                st["tsc"] += w["tsc"]
                st["wrx"] += w["rx"]
                st["tsc_hz"] = w["tsc_hz"]
    st["t"] = (t + time.monotonic()) / 2
    return st


class Run:
    """One program, started, measured and stopped."""

    def __init__(self, args, name, argv, marker, is_dpstack, log):
        self.args, self.name, self.is_dpstack, self.log = args, name, is_dpstack, log
        self.out = open(log, "w")
        self.p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=self.out,
                                  stderr=subprocess.STDOUT)
        self.marker = marker

    def wait_started(self, timeout=40):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.p.poll() is not None:
                raise BenchError("%s exited (%d) before it started; log %s:\n%s" %
                                 (self.name, self.p.returncode, self.log, tail(self.log)))
            with open(self.log, errors="replace") as f:
                if self.marker in f.read():
                    return
            time.sleep(0.1)
        raise BenchError("%s did not start within %d s; log %s:\n%s" %
                         (self.name, timeout, self.log, tail(self.log)))

    def stop(self):
        if self.p.poll() is None:
            if self.is_dpstack:
                self.p.send_signal(signal.SIGINT)
            else:
                try:
                    self.p.stdin.write(b"\n")
                    self.p.stdin.flush()
                except BrokenPipeError:
                    pass
            try:
                self.p.wait(30)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()
                raise BenchError("%s did not stop within 30 s (killed)" % self.name)
        self.out.close()
        if self.p.returncode != 0:
            raise BenchError("%s exited %d; log %s:\n%s" %
                             (self.name, self.p.returncode, self.log, tail(self.log)))
        if self.is_dpstack:
            with open(self.log, errors="replace") as f:
                text = f.read()
            if "leak report: empty" not in text:
                raise BenchError("dpstack: leak report not empty; log %s" % self.log)


def tail(path, n=15):
    with open(path, errors="replace") as f:
        return "".join(f.readlines()[-n:])


def eal(args, prefix, lcores):
    return ["--no-huge", "--no-pci", "-m", "1024", "-l", "0-%d" % lcores,
            "--file-prefix=%s" % prefix]


def setups(args, workload, n):
    """(vdevs, testpmd options, dpstack config text, counter) of a workload."""
    if workload == "rxonly":
        vdevs = ["net_null0"]
        tp = ["--forward-mode=rxonly"]
        ini = ("[adapter n0]\ndevice = net_null0\naddress = %s/24\n"
               "[protocol arp]\nbind = all\n[protocol ipv4]\nbind = all\n" % STACK_IP)
        return vdevs, tp, ini, "rx"
    if workload == "echo":
        pcap = os.path.join(args.tmp, "echo.pcap")
        write_pcap(pcap)
        dev = "net_pcap0,rx_pcap=%s,infinite_rx=1" % pcap
        tp = ["--forward-mode=icmpecho"]
        ini = ("[adapter p0]\ndevice = %s\naddress = %s/24\n"
               "[protocol arp]\nbind = all\n[protocol ipv4]\nbind = all\n" % (dev, STACK_IP))
        return [dev], tp, ini, "tx"
    if workload == "vlan-echo":
        # the echo of a virtual adapter: VLAN 100 over the pcap port
        pcap = os.path.join(args.tmp, "vlan-echo.pcap")
        write_pcap(pcap, VLAN_ID)
        dev = "net_pcap0,rx_pcap=%s,infinite_rx=1" % pcap
        ini = ("[adapter p0]\ndevice = %s\n[adapter p0.%d]\nlower = p0\nvlan = %d\n"
               "address = %s/24\n[protocol arp]\nbind = all\n[protocol ipv4]\nbind = all\n"
               % (dev, VLAN_ID, VLAN_ID, STACK_IP))
        return [dev], [], ini, "tx"
    # io and scale: two net_null ports cross-connected, n queues each
    vdevs = ["net_null0", "net_null1"]
    tp = ["--forward-mode=io", "--rxq=%d" % n, "--txq=%d" % n]
    if n > 1:
        tp.append("--rss-ip")
    lc = ", ".join(str(i) for i in range(1, n + 1))
    ini = ""
    for i in range(2):
        ini += "[adapter n%d]\ndevice = net_null%d\nrx_queues = %d\nlcores = %s\n" % (i, i, n, lc)
    ini += "[protocol xconnect]\npairs = n0:n1\n"
    return vdevs, tp, ini, "tx"


def measure(args, prog, workload, n, rnd):
    vdevs, tp, ini, counter = setups(args, workload, n)
    tag = "%s-%s%s-r%d" % (prog, workload, n if workload == "scale" else "", rnd)
    if prog == "dpstack_a":
        prog = "dpstack"  # vlan-echo's program A: dpstack itself, untagged echo
    prefix = "dpsbench-%d-%s" % (os.getpid(), tag)
    log = os.path.join(args.tmp, tag + ".log")
    if prog == "dpstack_b":
        cfg = os.path.join(args.tmp, tag + ".ini")
        with open(cfg, "w") as f:
            f.write(ini)
        argv = [args.versus] + eal(args, prefix, n) + ["--", "--config", cfg]
        run = Run(args, "dpstack (versus)", argv, "dpstack: running", True, log)
    elif prog == "testpmd":
        # testpmd printf()s to a file: line-buffer it so the marker shows
        argv = ["stdbuf", "-oL", args.testpmd] + eal(args, prefix, n)
        argv += ["--vdev=%s" % v for v in vdevs]
        argv += ["--", "--nb-cores=%d" % n, "--burst=%d" % BURST, "--rxd=1024", "--txd=1024"]
        argv += tp
        run = Run(args, "testpmd", argv, "Press enter to exit", False, log)
    else:
        cfg = os.path.join(args.tmp, tag + ".ini")
        with open(cfg, "w") as f:
            f.write(ini)
        argv = [args.dpstack] + eal(args, prefix, n) + ["--", "--config", cfg]
        run = Run(args, "dpstack", argv, "dpstack: running", True, log)
    tel = None
    try:
        run.wait_started()
        tel = Telemetry(prefix, 20)
        time.sleep(args.warmup)
        s0 = sample(tel, run.is_dpstack)
        time.sleep(args.secs)
        s1 = sample(tel, run.is_dpstack)
    finally:
        if tel is not None:
            tel.close()
        try:
            run.stop()
        finally:
            subprocess.run(["rm", "-rf", "/var/run/dpdk/" + prefix])
    dt = s1["t"] - s0["t"]
    frames = s1[counter] - s0[counter]
    if frames <= 0:
        raise BenchError("%s %s: no frame moved in %.1f s (log %s)" % (prog, workload, dt, log))
    res = {"mpps": frames / dt / 1e6, "rx_mpps": (s1["rx"] - s0["rx"]) / dt / 1e6}
    if run.is_dpstack:
        wrx = s1["wrx"] - s0["wrx"]
        res["cpf"] = (s1["tsc"] - s0["tsc"]) / wrx if wrx > 0 else float("nan")
        res["tsc_hz"] = s1["tsc_hz"]
    return res


def worker_tid(pid):
    for t in os.listdir("/proc/%d/task" % pid):
        with open("/proc/%d/task/%s/comm" % (pid, t)) as f:
            if f.read().strip().startswith("rte-worker"):
                return int(t)
    raise BenchError("dpstack %d: no worker thread" % pid)


def profile(args, workload):
    vdevs, tp, ini, counter = setups(args, workload, 1)
    tag = "profile-%s" % workload
    prefix = "dpsbench-%d-%s" % (os.getpid(), tag)
    log = os.path.join(args.tmp, tag + ".log")
    cfg = os.path.join(args.tmp, tag + ".ini")
    data = os.path.join(args.tmp, tag + ".perf")
    with open(cfg, "w") as f:
        f.write(ini)
    run = Run(args, "dpstack", [args.dpstack] + eal(args, prefix, 1) + ["--", "--config", cfg],
              "dpstack: running", True, log)
    try:
        run.wait_started()
        time.sleep(args.warmup)
        tid = worker_tid(run.p.pid)
        subprocess.run(["perf", "record", "-q", "-e", "cpu-clock", "-t", str(tid), "-o", data,
                        "--", "sleep", str(args.secs)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    finally:
        try:
            run.stop()
        finally:
            subprocess.run(["rm", "-rf", "/var/run/dpdk/" + prefix])
    print("== profile of the dpstack worker, workload %s (perf record -e cpu-clock -t TID)" %
          workload, flush=True)
    rep = subprocess.run(["perf", "report", "-i", data, "--stdio", "--no-children",
                          "--sort", "dso,symbol", "--percent-limit", "0.5"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, check=True)
    for line in rep.stdout.splitlines():
        if line.strip() and not line.startswith("#"):
            print(line)


def frames_now(tel, is_dpstack):
    """Frames the forwarding thread handled so far: dpstack's worker rx, or the
    ports' rx (testpmd's one forwarding core receives them all)."""
    if is_dpstack:
        return sum(w["rx"] for w in tel.query("/dpstack/workers").values()
                   if isinstance(w, dict))
    return sum(tel.query("/ethdev/stats,%d" % p)["ipackets"] for p in tel.query("/ethdev/list"))


def marked_frames(tel, run, command):
    """Send callgrind_control COMMAND; the frame count around it."""
    before = frames_now(tel, run.is_dpstack)
    subprocess.run(["callgrind_control", command, str(run.p.pid)], check=True,
                   stdout=subprocess.DEVNULL)
    return (before + frames_now(tel, run.is_dpstack)) / 2


def callgrind_one(args, prog, workload):
    """Instructions per frame on the busiest thread, under callgrind."""
    vdevs, tp, ini, counter = setups(args, workload, 1)
    tag = "cg-%s-%s" % (prog, workload)
    prefix = "dpsbench-%d-%s" % (os.getpid(), tag)
    log = os.path.join(args.tmp, tag + ".log")
    outdir = os.path.join(args.tmp, tag)
    os.makedirs(outdir, exist_ok=True)
    vg = ["valgrind", "--tool=callgrind", "--separate-threads=yes", "--fair-sched=yes",
          "--callgrind-out-file=%s/cg.%%p" % outdir]
    if prog == "testpmd":
        argv = ["stdbuf", "-oL"] + vg + [args.testpmd] + eal(args, prefix, 1)
        argv += ["--vdev=%s" % v for v in vdevs]
        argv += ["--", "--nb-cores=1", "--burst=%d" % BURST, "--rxd=1024", "--txd=1024"] + tp
        run = Run(args, "testpmd", argv, "Press enter to exit", False, log)
    else:
        cfg = os.path.join(args.tmp, tag + ".ini")
        with open(cfg, "w") as f:
            f.write(ini)
        binary = args.versus if prog == "dpstack_b" else args.dpstack
        run = Run(args, prog, vg + [binary] + eal(args, prefix, 1) + ["--", "--config", cfg],
                  "dpstack: running", True, log)
    tel = None
    try:
        run.wait_started(timeout=300)
        # instructions are counted between two marks after a warm-up, not
        # from start to exit: start-up and shutdown (the bindings go before
        # the workers stop, so the worker frees frames as unclaimed for as
        # long as that takes under callgrind) would otherwise weigh on the
        # figure by how long they happened to take
        tel = Telemetry(prefix, 120, 60)
        time.sleep(args.warmup)
        # the frame count is read before and after each mark (callgrind_control
        # takes a while to reach the process) and the two readings averaged
        f0 = marked_frames(tel, run, "--zero")
        time.sleep(args.secs)
        f1 = marked_frames(tel, run, "--dump=measured")
    finally:
        if tel is not None:
            tel.close()
        try:
            if run.p.poll() is None and run.is_dpstack:
                run.p.send_signal(signal.SIGINT)
            elif run.p.poll() is None:
                run.p.stdin.write(b"\n")
                run.p.stdin.flush()
            run.p.wait(300)
            run.out.close()
        finally:
            subprocess.run(["rm", "-rf", "/var/run/dpdk/" + prefix])
    frames = int(f1 - f0)
    if frames <= 0:
        raise BenchError("%s under callgrind: no frame moved while measured (log %s)" %
                         (prog, log))
    best, best_fn = 0, None
    for fn in os.listdir(outdir):
        # the dump at the second mark: cg.PID.1-TID (one file per thread)
        if not re.match(r"cg\.\d+\.1-\d+$", fn):
            continue
        with open(os.path.join(outdir, fn)) as f:
            for line in f:
                if line.startswith("totals:") or line.startswith("summary:"):
                    if int(line.split()[1]) > best:
                        best, best_fn = int(line.split()[1]), fn
    if best_fn is None:
        raise BenchError("%s under callgrind: no dump of the measured interval in %s" %
                         (prog, outdir))
    # every burst of these vdevs is full (they never run dry), so the PMD's
    # calls give the exact frame count of the interval; the telemetry
    # readings around the marks only check it
    bursts = pmd_bursts(os.path.join(outdir, best_fn))
    if bursts > 0:
        if abs(bursts * BURST - frames) > 0.3 * frames:
            print("%s %s: %d bursts of %d frames in the profile, %d frames by telemetry: "
                  "not all bursts full? (using telemetry)" %
                  (prog, workload, bursts, BURST, frames, frames))
        else:
            frames = bursts * BURST
    if args.annotate:
        annotate(os.path.join(outdir, best_fn), frames, args.annotate, "%s %s" % (prog, workload))
    if not args.keep:
        shutil.rmtree(outdir)
    return best / frames, frames


def pmd_bursts(path):
    """Calls into the vdev's PMD (librte_net_*) from outside it, the most
    frequent callee's count: its rx (or tx) burst function, once per burst.
    Parsed from the callgrind file (names compressed as (id) name)."""
    obs, fns, calls = {}, {}, {}
    ob = cob = cfn = None

    def name(table, ref):
        m = re.match(r"\((\d+)\)(?: (.*))?$", ref)
        if m is None:
            return ref
        if m.group(2):
            table[m.group(1)] = m.group(2)
        return table.get(m.group(1), "")

    with open(path) as f:
        for line in f:
            if line.startswith("ob="):
                ob = name(obs, line[3:].strip())
            elif line.startswith("cob="):
                cob = name(obs, line[4:].strip())
            elif line.startswith("cfn="):
                cfn = name(fns, line[4:].strip())
            elif line.startswith("fn="):
                name(fns, line[3:].strip())
            elif line.startswith("calls="):
                target = cob if cob is not None else ob
                if "librte_net_" in (target or "") and "librte_net_" not in (ob or ""):
                    calls[cfn] = calls.get(cfn, 0) + int(line[6:].split()[0])
                cob = None
    return max(calls.values()) if calls else 0


def annotate(path, frames, top, label):
    """The busiest thread's functions by their own instructions per frame."""
    rep = subprocess.run(["callgrind_annotate", "--threshold=100", path], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True, check=True)
    rows, total = [], None
    for line in rep.stdout.splitlines():
        if "PROGRAM TOTALS" in line:
            total = int(line.split()[0].replace(",", ""))
        m = re.match(r"\s*([\d,]+)\s+(?:\([^)]*\)\s+)?(\S+:\S+.*)$", line)
        if m is None or "PROGRAM TOTALS" in line:
            continue
        ir = int(m.group(1).replace(",", ""))
        # a dump taken while the thread runs shows the functions still on its
        # stack (thread start, the lcore's main function) with everything
        if total is not None and ir >= total * 0.99:
            continue
        rows.append((ir, m.group(2).split(" [")[0]))
    print("== %s: own instructions per frame, busiest thread (callgrind, %d frames)" %
          (label, frames))
    for ir, fn in rows[:top]:
        print("  %8.1f  %s" % (ir / frames, fn))


def callgrind(args, wl, out):
    a_prog = "dpstack_b" if args.versus else "testpmd"
    for w in wl:
        if w == "scale":
            print("scale       skipped under callgrind (instructions per frame: see io)")
            continue
        if w == "vlan-echo":
            a, fa = callgrind_one(args, "dpstack", "echo")
            a_name = "dpstack echo"
        else:
            a, fa = callgrind_one(args, a_prog, w)
            a_name = args.a_name
        b, fb = callgrind_one(args, "dpstack", w)
        line = ("%-11s instructions/frame (callgrind, busiest thread): %s %.1f (%d frames)  "
                "dpstack %.1f (%d frames)  dpstack/%s %.3f" %
                (w, a_name, a, fa, b, fb, a_name, b / a))
        out.append(line)
        print(line, flush=True)


def run_workload(args, workload, n, out):
    label = workload if workload != "scale" else "scale N=%d" % n
    tp, ds = [], []
    first = "dpstack_b" if args.versus else "testpmd"
    a_workload, a_name = workload, args.a_name
    if workload == "vlan-echo":
        # against dpstack's untagged echo (testpmd has no VLAN echo)
        first, a_workload, a_name = "dpstack_a", "echo", "dpstack echo"
    for rnd in range(args.rounds):
        a = measure(args, first, a_workload, n, rnd)
        b = measure(args, "dpstack", workload, n, rnd)
        tp.append(a)
        ds.append(b)
        print("  %-11s round %d: %s %6.2f Mpps  dpstack %6.2f Mpps  ratio %.3f" %
              (label, rnd + 1, a_name, a["mpps"], b["mpps"], b["mpps"] / a["mpps"]),
              flush=True)
    hz = ds[-1]["tsc_hz"]
    ratios = [b["mpps"] / a["mpps"] for a, b in zip(tp, ds)]
    if args.versus or first == "dpstack_a":
        tp_cpf = statistics.median(a["cpf"] for a in tp)
    else:
        tp_cpf = statistics.median(hz * n / (a["rx_mpps"] * 1e6) for a in tp)
    ds_cpf = statistics.median(b["cpf"] for b in ds)
    line = ("%-11s %s %6.2f Mpps  dpstack %6.2f Mpps  median ratio %.3f  "
            "cycles/frame %s %.1f dpstack %.1f" %
            (label, a_name, statistics.median(a["mpps"] for a in tp),
             statistics.median(b["mpps"] for b in ds), statistics.median(ratios), a_name,
             tp_cpf, ds_cpf))
    out.append(line)
    print(line, flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dpstack", required=True)
    ap.add_argument("--testpmd", default="dpdk-testpmd")
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--secs", type=float, default=5)
    ap.add_argument("--warmup", type=float, default=2)
    ap.add_argument("--tmp", default=None)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--callgrind", action="store_true")
    ap.add_argument("--annotate", type=int, default=0, metavar="N",
                    help="with --callgrind: the N functions with most instructions per frame")
    ap.add_argument("--keep", action="store_true",
                    help="with --callgrind: keep the callgrind files (in --tmp)")
    ap.add_argument("--versus", default=None,
                    help="another dpstack binary as program A instead of testpmd")
    ap.add_argument("workloads", nargs="*")
    args = ap.parse_args()
    wl = args.workloads or list(WORKLOADS)
    args.a_name = os.path.basename(args.versus) if args.versus else "testpmd"
    for w in wl:
        if w not in WORKLOADS:
            ap.error("unknown workload %s (choose from %s)" % (w, ", ".join(WORKLOADS)))
    if args.tmp is None:
        import tempfile
        args.tmp = tempfile.mkdtemp(prefix="dpsbench.")
    ncpu = os.cpu_count() or 1
    print("dpstack vs dpdk-testpmd: %d rounds, %.0f s warm-up, %.0f s measured, burst %d, "
          "%d cores, load %s" % (args.rounds, args.warmup, args.secs, BURST, ncpu,
                                 " ".join(open("/proc/loadavg").read().split()[:3])), flush=True)
    out = []
    if args.callgrind:
        try:
            callgrind(args, wl, out)
        except BenchError as e:
            print("bench: %s" % e, file=sys.stderr)
            return 1
        return 0
    if args.profile:
        try:
            for w in wl:
                profile(args, w)
        except (BenchError, subprocess.CalledProcessError) as e:
            print("bench: %s" % e, file=sys.stderr)
            return 1
        return 0
    try:
        for w in wl:
            if w == "scale":
                for n in range(1, ncpu):
                    run_workload(args, w, n, out)
                if ncpu - 1 < 2:
                    print("scale N=2.. skipped: N workers need N+1 cores (lcore 0 is the "
                          "control thread); this machine has %d" % ncpu)
                continue
            run_workload(args, w, 1, out)
    except BenchError as e:
        print("bench: %s" % e, file=sys.stderr)
        return 1
    print("== summary (load after: %s)" % " ".join(open("/proc/loadavg").read().split()[:3]))
    for line in out:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
