#!/usr/bin/env python3
"""Writes the bundled Fashion-MNIST subset: the first 1,000 training and the first 200 test
images of each class, in the files' own order, as IDX .gz files (gzip mtime 0, so the output is
byte-identical on every run).

usage: make-subset.py [SOURCE_DIR]   (default: /usr/share/datasets/fashion-mnist, Debian's
                                      dataset-fashion-mnist package)
"""
import gzip, os, struct, sys

src = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
here = os.path.dirname(os.path.abspath(__file__))

def read(name):
    with gzip.open(os.path.join(src, name + ".gz"), "rb") as f:
        return f.read()

def write(name, data):
    with open(os.path.join(here, name + ".gz"), "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as f:
            f.write(data)

for prefix, per_class in (("train", 1000), ("t10k", 200)):
    images = read(prefix + "-images-idx3-ubyte")
    labels = read(prefix + "-labels-idx1-ubyte")
    magic, n, rows, cols = struct.unpack(">IIII", images[:16])
    size = rows * cols
    taken, picked = [0] * 10, []
    for i in range(n):
        c = labels[8 + i]
        if taken[c] < per_class:
            taken[c] += 1
            picked.append(i)
    write(prefix + "-images-idx3-ubyte", struct.pack(">IIII", magic, len(picked), rows, cols)
          + b"".join(images[16 + i * size:16 + (i + 1) * size] for i in picked))
    write(prefix + "-labels-idx1-ubyte", struct.pack(">II", 2049, len(picked))
          + bytes(labels[8 + i] for i in picked))
    print(prefix, len(picked), "images")
