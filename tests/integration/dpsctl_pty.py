#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Drive dpsctl's interactive mode through a pseudo-terminal.

Usage: dpsctl_pty.py DPSCTL [GLOBAL OPTIONS...]
Types a few lines (commands, a Tab completion, a bad command, quit) and
prints what the terminal showed after each, between "=== NAME" lines; the
shell test checks them. Every read is bounded (10 s); exits 1 when the
prompt does not come back in time, else with dpsctl's exit code.
"""
import os
import pty
import select
import sys
import time

PROMPT = b"dpsctl> "


PENDING = [b""]  # read from the terminal, not yet consumed


def read_until(fd, marker, timeout=10.0):
    """What the terminal shows up to and including marker; the rest stays
    pending for the next call."""
    out = PENDING[0]
    end = time.monotonic() + timeout
    while marker not in out:
        left = end - time.monotonic()
        if left <= 0:
            PENDING[0] = b""
            raise TimeoutError(out.decode(errors="replace"))
        r, _, _ = select.select([fd], [], [], left)
        if not r:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    cut = out.find(marker) + len(marker) if marker in out else len(out)
    PENDING[0] = out[cut:]
    return out[:cut]


def type_keys(fd, keys, marker, retry):
    """Type keys and read until marker. The first keys after a prompt may
    be typed again: libedit switches the terminal to raw mode after it
    prints its prompt, and drops what was typed before (a flush)."""
    tries = 5 if retry else 1
    for t in range(tries):
        os.write(fd, keys)
        try:
            return read_until(fd, marker, 2.0 if t < tries - 1 else 10.0)
        except TimeoutError as e:
            if t == tries - 1:
                raise
            if str(e):  # something came back: not a dropped line
                raise


def main():
    argv = sys.argv[1:]
    env = dict(os.environ, HOME=os.environ.get("DPSCTL_TEST_HOME", "/tmp"), TERM="dumb")
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(argv[0], argv, env)
    try:
        banner = read_until(fd, PROMPT)
        print("=== banner")
        print(banner.decode(errors="replace"))
        # each step: what to type, piece by piece, each piece with a marker
        # of what the terminal shows after it (libedit takes a Tab and the
        # Return after it only when typed apart, as a person does); the
        # prompt comes back after the last
        steps = (("bindings", ((b"bindings", b"bindings"), (b"\r", b"BINDING"))),
                 ("complete", ((b"protoc", b"protoc"), (b"\t", b"protocols"),
                               (b"\r", b"CATCH-ALL"))),
                 ("json", ((b"-j protocols", b"protocols"), (b"\r", b'{"arp"'))),
                 ("bad", ((b"bogus", b"bogus"), (b"\r", b"unknown command"))),
                 ("help", ((b"help stats", b"stats"), (b"\r", b"usage: dpsctl"))))
        for name, pieces in steps:
            out = b""
            for i, (keys, marker) in enumerate(pieces):
                out += type_keys(fd, keys, marker, retry=i == 0)
            out += read_until(fd, PROMPT)
            print("=== " + name)
            print(out.decode(errors="replace"))
        type_keys(fd, b"quit", b"quit", retry=True)
        os.write(fd, b"\r")
        try:
            read_until(fd, b"\0never", 10)  # until dpsctl exits (EOF)
        except TimeoutError:
            pass
    except TimeoutError as e:
        print("=== timeout\n" + str(e))
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        return 1
    _, status = os.waitpid(pid, 0)
    print("=== exit %d" % os.waitstatus_to_exitcode(status))
    return 0


if __name__ == "__main__":
    sys.exit(main())
