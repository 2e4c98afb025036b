#!/usr/bin/env python3
"""Writes seed inputs for the git-format fuzz targets (pack, pack_index,
index_file, raw_tree) from a small repository made here with git, plus
hand-made packs for what git does not write by itself (a REF delta, a delta
chain whose intermediate result is over the fuzz target's 1 MiB limit).
Usage: fuzz/git_format_seeds.py  (writes into fuzz/corpus/<target>/seed-*)."""
import os, struct, subprocess, sys, tempfile, zlib

here = os.path.dirname(os.path.abspath(__file__))


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True).stdout


def write(target, name, data):
    path = os.path.join(here, "corpus", target)
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, name), "wb") as out:
        out.write(data)


def entry_header(kind, size):
    first = (kind << 4) | (size & 15)
    size >>= 4
    out = bytearray()
    while True:
        out.append(first | (0x80 if size else 0))
        if not size:
            return bytes(out)
        first = size & 0x7F
        size >>= 7


def varint(n):
    out = bytearray()
    while True:
        out.append((n & 0x7F) | (0x80 if n > 0x7F else 0))
        n >>= 7
        if not n:
            return bytes(out)


def copy_op(offset, length):
    op, args = 0x80, bytearray()
    for i in range(4):
        if (offset >> (8 * i)) & 0xFF:
            op |= 1 << i
            args.append((offset >> (8 * i)) & 0xFF)
    for i in range(3):
        if (length >> (8 * i)) & 0xFF:
            op |= 1 << (4 + i)
            args.append((length >> (8 * i)) & 0xFF)
    return bytes([op]) + bytes(args)


def fuzz_pack_input(entries_bytes, offsets):
    """The pack target's input: count byte, 16-bit offsets, entry bytes."""
    return bytes([len(offsets) - 1]) + b"".join(struct.pack(">H", o) for o in offsets) + entries_bytes


def main():
    with tempfile.TemporaryDirectory() as tmp:
        repo = os.path.join(tmp, "r")
        subprocess.run(["git", "init", "-q", repo], check=True)
        git(repo, "config", "user.email", "seed@example.invalid")
        git(repo, "config", "user.name", "seed")
        os.makedirs(os.path.join(repo, "src", "deep"))
        for i in range(1, 5):
            with open(os.path.join(repo, "src", "file.txt"), "w") as f:
                f.write("".join(f"{n}\n" for n in range(200 * i)))
            with open(os.path.join(repo, "README"), "w") as f:
                f.write(f"v{i}\n")
            with open(os.path.join(repo, "src", "deep", "y"), "w") as f:
                f.write(f"x{i}\n")
            git(repo, "add", "-A")
            git(repo, "commit", "-qm", f"c{i}")
        with open(os.path.join(repo, ".git", "index"), "rb") as f:
            write("index_file", "seed-git-index", f.read())
        write("raw_tree", "seed-root-tree", git(repo, "cat-file", "tree", "HEAD"))
        write("raw_tree", "seed-subtree", git(repo, "cat-file", "tree", "HEAD:src"))
        git(repo, "gc", "-q", "--aggressive")
        pack_dir = os.path.join(repo, ".git", "objects", "pack")
        idx_name = [n for n in os.listdir(pack_dir) if n.endswith(".idx")][0]
        with open(os.path.join(pack_dir, idx_name), "rb") as f:
            write("pack_index", "seed-git-idx", f.read())
        with open(os.path.join(pack_dir, idx_name[:-4] + ".pack"), "rb") as f:
            pack = f.read()
        listing = git(repo, "verify-pack", "-v", os.path.join(pack_dir, idx_name)).decode()
        offsets, deltas = [], []
        for line in listing.splitlines():
            fields = line.split()
            if len(fields) >= 5 and len(fields[0]) == 40:
                (deltas if len(fields) == 7 else offsets).append(int(fields[4]) - 12)
        chosen = (deltas + offsets)[:16]
        write("pack", "seed-git-pack", fuzz_pack_input(pack[12:-20], chosen))

    # A blob and a REF delta on it (entry 0's id is 00.. in the target's index).
    base = b"hello world\n"
    e0 = entry_header(3, len(base)) + zlib.compress(base)
    delta = varint(len(base)) + varint(6) + copy_op(0, 6)
    e1 = entry_header(7, len(delta)) + bytes(20) + zlib.compress(delta)
    write("pack", "seed-ref-delta", fuzz_pack_input(e0 + e1, [0, len(e0)]))

    # 64 KiB of zeros, a delta making 2 MiB of it, a 1-byte result on top:
    # the middle result is over the target's limit and must be refused unbuilt.
    zeros = bytes(1 << 16)
    e0 = entry_header(3, len(zeros)) + zlib.compress(zeros, 9)
    big = 1 << 21
    d1 = varint(len(zeros)) + varint(big) + copy_op(0, 1 << 16) * (big >> 16)
    e1 = entry_header(6, len(d1)) + varint(len(e0)) + zlib.compress(d1, 9)
    d2 = varint(big) + varint(1) + copy_op(0, 1)
    e2 = entry_header(6, len(d2)) + varint(len(e1)) + zlib.compress(d2, 9)
    write("pack", "seed-delta-bomb", fuzz_pack_input(e0 + e1 + e2, [0, len(e0), len(e0) + len(e1)]))


if __name__ == "__main__":
    sys.exit(main())
