#!/usr/bin/env python3
"""Writes the bundled penguins table of the tabular-embeddings example from the palmerpenguins wheel.

Run with the package installed (``pip install palmerpenguins==0.1.6``); it copies the package's
``penguins.csv`` unchanged, gzipped without a timestamp so the output is the same byte for byte, and
the package's LICENSE beside it.
"""
import gzip
import pathlib
import shutil
from importlib import metadata, resources

OUT = pathlib.Path(__file__).resolve().parents[1] / "main/resources/dev/lazynet/examples/penguins"


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    csv = resources.files("palmerpenguins").joinpath("data/penguins.csv").read_bytes()
    with open(OUT / "penguins.csv.gz", "wb") as raw, gzip.GzipFile(
            filename="", mode="wb", compresslevel=9, fileobj=raw, mtime=0) as out:
        out.write(csv)
    licence = next(f for f in metadata.files("palmerpenguins") if f.name == "LICENSE")
    shutil.copyfile(licence.locate(), OUT / "LICENSE")


if __name__ == "__main__":
    main()
