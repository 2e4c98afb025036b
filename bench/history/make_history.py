#!/usr/bin/env python3
"""Writes a `git fast-import` stream for the history benchmark (issue 4).

  make_history.py history COMMITS PACKAGES FILES_PER_PACKAGE   # a long, branchy history
  make_history.py flat FILES                                    # one commit, many small files

The history: an initial commit with PACKAGES x FILES_PER_PACKAGE source files
(plus a package.json each), then COMMITS commits that each edit a few files;
every 50th commit plants an npm token in a new .npmrc that a later commit
deletes again; every 250 commits a feature branch of 10 commits is merged back
while main moves on; two branches that are never merged and a tag carry tokens
of their own. Tokens are generated here, with a valid checksum, and printed
to stderr as `planted N` so the run can check we found them all.
"""
import random
import sys
import zlib

ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
rng = random.Random(4)
out = sys.stdout.buffer
mark_counter = [0]
planted = [0]
clock = [1_600_000_000]


def npm_token():
    body = "".join(rng.choice(ALNUM) for _ in range(30))
    crc = zlib.crc32(body.encode())
    digits = ""
    for _ in range(6):
        digits = ALNUM[crc % 62] + digits
        crc //= 62
    planted[0] += 1
    return "npm_" + body + digits


def next_mark():
    mark_counter[0] += 1
    return mark_counter[0]


def blob(content):
    mark = next_mark()
    data = content.encode()
    out.write(b"blob\nmark :%d\ndata %d\n" % (mark, len(data)))
    out.write(data)
    out.write(b"\n")
    return mark


def commit(ref, message, changes, parent=None, merge=None):
    """changes: list of ('M', path, blob_mark) or ('D', path)."""
    mark = next_mark()
    clock[0] += 3600
    msg = message.encode()
    out.write(b"commit %s\nmark :%d\n" % (ref.encode(), mark))
    out.write(b"author Bench Author <bench@example.com> %d +0000\n" % clock[0])
    out.write(b"committer Bench Author <bench@example.com> %d +0000\n" % clock[0])
    out.write(b"data %d\n%s\n" % (len(msg), msg))
    if parent is not None:
        out.write(b"from :%d\n" % parent)
    if merge is not None:
        out.write(b"merge :%d\n" % merge)
    for change in changes:
        if change[0] == "M":
            out.write(b"M 100644 :%d %s\n" % (change[2], change[1].encode()))
        else:
            out.write(b"D %s\n" % change[1].encode())
    out.write(b"\n")
    return mark


WORDS = ["value", "count", "items", "result", "config", "options", "request", "cache",
         "handler", "index", "buffer", "stream", "token", "module", "export", "render"]


def source_line():
    a, b, c = rng.choice(WORDS), rng.choice(WORDS), rng.randrange(1 << 20)
    return "  const %s%d = %s(%d);" % (a, c, b, rng.randrange(1000))


def source_file(name):
    lines = ["// %s" % name, "'use strict';", "", "module.exports = function %s() {" % name.replace("/", "_").replace(".", "_")]
    lines += [source_line() for _ in range(rng.randrange(25, 45))]
    lines += ["};", ""]
    return "\n".join(lines)


def edit(content):
    lines = content.split("\n")
    at = rng.randrange(4, len(lines) - 2)
    lines[at] = source_line()
    lines.insert(len(lines) - 2, source_line())
    return "\n".join(lines)


def history(commits, packages, per_package):
    files = {}
    changes = []
    for p in range(packages):
        pkg = "packages/pkg%03d" % p
        path = pkg + "/package.json"
        files[path] = '{\n  "name": "@bench/pkg%03d",\n  "version": "1.0.0"\n}\n' % p
        changes.append(("M", path, blob(files[path])))
        for f in range(per_package):
            path = "%s/src/file%03d.js" % (pkg, f)
            files[path] = source_file(path)
            changes.append(("M", path, blob(files[path])))
    main = commit("refs/heads/main", "initial import", changes)
    paths = sorted(p for p in files if p.endswith(".js"))
    pending_deletes = {}  # commit number -> path of a planted .npmrc
    made = 1
    n = 1
    while made < commits:
        changes = []
        for path in rng.sample(paths, 4):
            files[path] = edit(files[path])
            changes.append(("M", path, blob(files[path])))
        if n % 50 == 0:
            path = "packages/pkg%03d/.npmrc" % rng.randrange(packages)
            if path not in files:
                files[path] = "//registry.npmjs.org/:_authToken=%s\n" % npm_token()
                changes.append(("M", path, blob(files[path])))
                pending_deletes[n + 3] = path
        if n in pending_deletes:
            path = pending_deletes.pop(n)
            del files[path]
            changes.append(("D", path))
        main = commit("refs/heads/main", "change %d" % n, changes, parent=main)
        made += 1
        if n % 250 == 0 and made + 21 < commits:
            # A feature branch of 10 commits on files main leaves alone meanwhile, merged back.
            branch_files = rng.sample(paths, 10)
            reserved = set(branch_files)
            tip = main
            branch_changes = {}
            for k in range(10):
                path = branch_files[k]
                files[path] = edit(files[path])
                branch_changes[path] = blob(files[path])
                tip = commit("refs/heads/feature", "feature %d.%d" % (n, k),
                             [("M", path, branch_changes[path])], parent=tip)
                made += 1
            free = [p for p in paths if p not in reserved]
            for k in range(10):
                path = rng.choice(free)
                files[path] = edit(files[path])
                main = commit("refs/heads/main", "main while feature %d.%d" % (n, k),
                              [("M", path, blob(files[path]))], parent=main)
                made += 1
            main = commit("refs/heads/main", "merge feature %d" % n,
                          [("M", p, m) for p, m in branch_changes.items()], parent=main, merge=tip)
            made += 1
        n += 1
    # Tokens that only an unmerged branch and only a tag still hold.
    for name in ("refs/heads/experiment", "refs/heads/wip"):
        content = "//registry.npmjs.org/:_authToken=%s\n" % npm_token()
        commit(name, "try a token", [("M", "packages/pkg000/.npmrc", blob(content))], parent=main)
    content = "NPM_TOKEN=%s\n" % npm_token()
    tagged = commit("refs/heads/release-tmp", "release", [("M", "release.env", blob(content))],
                    parent=main)
    out.write(b"reset refs/tags/v1.0.0\nfrom :%d\n\n" % tagged)
    out.write(b"reset refs/heads/release-tmp\nfrom 0000000000000000000000000000000000000000\n\n")
    out.write(b"reset refs/heads/feature\nfrom 0000000000000000000000000000000000000000\n\n")


def flat(count):
    changes = []
    for i in range(count):
        path = "dir%03d/sub%02d/file%05d.txt" % (i // 1000, (i // 50) % 20, i)
        changes.append(("M", path, blob("file %d\nline two of %d\n" % (i, i))))
    commit("refs/heads/main", "many files", changes)


if __name__ == "__main__":
    if sys.argv[1] == "history":
        history(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    else:
        flat(int(sys.argv[2]))
    out.write(b"done\n")
    sys.stderr.write("planted %d\n" % planted[0])
