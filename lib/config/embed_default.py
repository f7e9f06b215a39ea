#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Turn config/default.ini into a C file defining dps__config_default_ini[].

usage: embed_default.py INPUT.ini OUTPUT.c

A byte array rather than a string literal: no escaping rules to get wrong and
no length limit on string literals.
"""
import sys


def byte(b):
    # char may be signed: bytes above 0x7f need a cast to avoid -Woverflow
    return f"0x{b:02x}," if b < 0x80 else f"(char)0x{b:02x},"


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: embed_default.py INPUT.ini OUTPUT.c")
    src, dst = sys.argv[1], sys.argv[2]
    with open(src, "rb") as f:
        data = f.read()
    if b"\0" in data:
        sys.exit(f"{src}: contains a NUL byte")
    data += b"\0"
    lines = []
    for i in range(0, len(data), 12):
        lines.append("\t" + " ".join(byte(b) for b in data[i:i + 12]))
    with open(dst, "w") as f:
        f.write("/* SPDX-License-Identifier: BSD-3-Clause */\n")
        f.write("/* Generated from config/default.ini by lib/config/embed_default.py. */\n")
        f.write('#include "dps_config_private.h"\n\n')
        f.write("const char dps__config_default_ini[] = {\n")
        f.write("\n".join(lines))
        f.write("\n};\n")


if __name__ == "__main__":
    main()
