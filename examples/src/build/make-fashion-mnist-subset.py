#!/usr/bin/env python3
"""Writes the Fashion-MNIST subset bundled in the examples jar.

Reads the 10 000 test images and labels of Debian's dataset-fashion-mnist and writes the first 8 000 as
the subset's training set and the last 2 000 as its test set, as gzip-compressed IDX files with the
original names. The output is byte-for-byte reproducible (fixed gzip timestamp).

Usage: make-fashion-mnist-subset.py [SOURCE_DIR [OUT_DIR]]
"""
import gzip
import struct
import sys
from pathlib import Path

SOURCE = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist")
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else
           Path(__file__).resolve().parents[1] / "main/resources/dev/lazynet/examples/fashion-mnist-subset")
TRAIN = 8000


def read(name, magic):
    data = gzip.decompress((SOURCE / name).read_bytes())
    found, count = struct.unpack(">II", data[:8])
    if found != magic:
        sys.exit(f"{SOURCE / name}: magic {found}, expected {magic}")
    header = 16 if magic == 2051 else 8
    item = (len(data) - header) // count
    return data[:header], data[header:], item


def write(name, header, body, count):
    header = header[:4] + struct.pack(">I", count) + header[8:]
    (OUT / name).write_bytes(gzip.compress(header + body, compresslevel=9, mtime=0))


OUT.mkdir(parents=True, exist_ok=True)
for kind, magic in (("images-idx3", 2051), ("labels-idx1", 2049)):
    header, body, item = read(f"t10k-{kind}-ubyte.gz", magic)
    total = len(body) // item
    write(f"train-{kind}-ubyte.gz", header, body[:TRAIN * item], TRAIN)
    write(f"t10k-{kind}-ubyte.gz", header, body[TRAIN * item:], total - TRAIN)
print(f"wrote {OUT}")
