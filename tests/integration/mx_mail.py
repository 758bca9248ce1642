#!/usr/bin/python3
"""mx_mail.py - an independent reader of mbox, Maildir and MH folders for
tern's integrity tests (tests/integration/mx_*.sh). It shares no code with
tern: what it sees is what another mail program would see.

  mx_mail.py summary FOLDER
      one line per message, in folder order:  MESSAGE-ID FLAGS DIGEST
      FLAGS are Maildir letters (R replied, S seen, F flagged, T trashed;
      "-" for none); DIGEST hashes the message without the folder's own
      bookkeeping (the From_ line, Status, X-Status, Content-Length, Lines)
      so the same message hashes the same in any folder type.
  mx_mail.py count FOLDER
  mx_mail.py sizes FOLDER      the bytes of each message (without a From_ line)
  mx_mail.py new-state SUMMARY MBOX read|delete:REGEX
      exits 0 when MBOX holds every message of SUMMARY (the original's
      summary) once and intact, in order, with its flags, minus those whose
      Message-ID matches REGEX for delete, each one seen for read; else
      explains what is wrong and exits 1. (The old state is the original
      byte for byte: cmp checks that.)
  mx_mail.py appended BEFORE SRC DEST K
      DEST holds exactly BEFORE's messages (a copy of DEST made before,
      "-" for none) followed by the first K messages of SRC (digests equal,
      flags equal but for "T"), nothing else; exits 1 with the difference.
  mx_mail.py mbox-add MBOX FILE    append FILE's message with locking
  mx_mail.py mbox-remove MBOX N    remove the N-th message (from 0) with locking
"""

import hashlib
import os
import re
import sys

SKIP = (b"status", b"x-status", b"content-length", b"lines")
FROM_QUOTED = re.compile(rb"^>(>*From )", re.M)


def digest(raw):
    """A hash of a message's headers (but the bookkeeping ones) and body."""
    head, sep, body = raw.partition(b"\n\n")
    kept, skipping = [], False
    for line in head.split(b"\n"):
        if line[:1] in (b" ", b"\t"):
            if not skipping:
                kept.append(line)
            continue
        name = line.split(b":", 1)[0].strip().lower()
        skipping = name in SKIP
        if not skipping:
            kept.append(line)
    return hashlib.sha1(b"\n".join(kept) + sep + body.rstrip(b"\n")).hexdigest()


def message_id(raw):
    m = re.search(rb"^message-id:[ \t]*(\S+)", raw.partition(b"\n\n")[0], re.M | re.I)
    return m.group(1).decode("ascii", "replace") if m else "(none)"


def mbox_messages(path):
    """(flags, raw) per message: split at From_ lines that start the file or follow a blank line."""
    with open(path, "rb") as fh:
        data = fh.read()
    out = []
    starts = [0] if data.startswith(b"From ") else []
    starts += [m.start() + 2 for m in re.finditer(rb"\n\nFrom ", data)]
    for k, s in enumerate(starts):
        end = starts[k + 1] - 1 if k + 1 < len(starts) else len(data)
        chunk = data[s:end]
        raw = chunk.partition(b"\n")[2]
        if b">From " in raw:
            raw = FROM_QUOTED.sub(rb"\1", raw)
        out.append((mbox_flags(raw), raw))
    return out


def mbox_flags(raw):
    head = raw.partition(b"\n\n")[0]
    st = re.search(rb"^status:[ \t]*(\S*)", head, re.M | re.I)
    xs = re.search(rb"^x-status:[ \t]*(\S*)", head, re.M | re.I)
    st = st.group(1) if st else b""
    xs = xs.group(1) if xs else b""
    f = ""
    f += "F" if b"F" in xs else ""
    f += "R" if b"A" in xs else ""
    f += "S" if b"R" in st else ""
    f += "T" if b"D" in xs else ""
    return f


def maildir_messages(path):
    out = []
    for sub in ("new", "cur"):
        d = os.path.join(path, sub)
        for name in sorted(os.listdir(d)):
            full = os.path.join(d, name)
            if name.startswith(".") or not os.path.isfile(full):
                continue
            flags = name.split(":2,", 1)[1] if sub == "cur" and ":2," in name else ""
            with open(full, "rb") as fh:
                out.append(("".join(sorted(c for c in flags if c in "FRST")), fh.read()))
    return out  # in file name order; Maildir has no other (callers sort to compare)


def mh_sequences(path):
    seqs = {}
    try:
        with open(os.path.join(path, ".mh_sequences")) as fh:
            for line in fh:
                name, _, nums = line.partition(":")
                got = set()
                for part in nums.split():
                    a, _, b = part.partition("-")
                    got.update(range(int(a), int(b or a) + 1))
                seqs[name.strip()] = got
    except FileNotFoundError:
        pass
    return seqs


def mh_messages(path):
    seqs = mh_sequences(path)
    out = []
    for n in sorted(int(x) for x in os.listdir(path) if x.isdigit()):
        f = ""
        f += "F" if n in seqs.get("flagged", ()) else ""
        f += "R" if n in seqs.get("replied", ()) else ""
        f += "" if n in seqs.get("unseen", ()) else "S"
        with open(os.path.join(path, str(n)), "rb") as fh:
            out.append((f, fh.read()))
    return out


def messages(path):
    if os.path.isfile(path):
        return mbox_messages(path)
    if os.path.isdir(os.path.join(path, "cur")):
        return maildir_messages(path)
    return mh_messages(path)


def summary(path):
    return [(message_id(raw), flags or "-", digest(raw)) for flags, raw in messages(path)]


def sort_if_maildir(path, rows):
    return sorted(rows) if os.path.isdir(os.path.join(path, "cur")) else rows


def new_state(sumfile, path, mode):
    with open(sumfile) as fh:
        want = [tuple(line.split()) for line in fh]
    if mode.startswith("delete:"):
        rx = re.compile(mode[7:], re.I)
        want = [w for w in want if not rx.search(w[0])]
    else:
        want = [(i, "".join(sorted(set(f.strip("-") + "S"))), d) for i, f, d in want]
    got = summary(path)
    problems = compare(want, got)
    if not problems:
        return 0
    print("not the new mailbox (%d messages, %d expected):" % (len(got), len(want)))
    print("\n".join(problems[:10]))
    return 1


def compare(want, got):
    problems = []
    ids = [g[0] for g in got]
    dup = sorted({i for i in ids if ids.count(i) > 1}) if len(set(ids)) != len(ids) else []
    if dup:
        problems.append("duplicated: %s" % " ".join(dup[:5]))
    missing = set(w[0] for w in want) - set(ids)
    if missing:
        problems.append("missing: %s" % " ".join(sorted(missing)[:5]))
    extra = set(ids) - set(w[0] for w in want)
    if extra:
        problems.append("unexpected: %s" % " ".join(sorted(extra)[:5]))
    for w, g in zip(want, got):
        if w != g:
            problems.append("first difference: want %s, got %s" % (" ".join(w), " ".join(g)))
            break
    if len(want) != len(got) and not problems:
        problems.append("%d messages, want %d" % (len(got), len(want)))
    return problems


def appended(before, src, dest, k):
    def untrashed(path):
        rows = summary(path) if path != "-" and os.path.exists(path) else []
        return [(i, f.replace("T", "") or "-", d) for i, f, d in rows]
    want = untrashed(before) + untrashed(src)[:k]
    got = untrashed(dest)
    problems = compare(sort_if_maildir(dest, want), sort_if_maildir(dest, got))
    if problems:
        print("\n".join(problems[:10]))
        return 1
    return 0


def mbox_edit(path, add=None, remove=None):
    import mailbox  # slow to import; only this command needs it

    box = mailbox.mbox(path, create=False)
    box.lock()
    try:
        if add is not None:
            with open(add, "rb") as fh:
                box.add(mailbox.mboxMessage(fh.read()))
        if remove is not None:
            box.remove(box.keys()[remove])
        box.flush()
    finally:
        box.unlock()
        box.close()
    return 0


def main(argv):
    cmd = argv[1] if len(argv) > 1 else ""
    if cmd == "summary" and len(argv) == 3:
        for row in summary(argv[2]):
            print(" ".join(row))
        return 0
    if cmd == "sizes" and len(argv) == 3:
        print("\n".join(str(len(raw)) for _, raw in messages(argv[2])))
        return 0
    if cmd == "count" and len(argv) == 3:
        print(len(messages(argv[2])))
        return 0
    if cmd == "new-state" and len(argv) == 5:
        return new_state(argv[2], argv[3], argv[4])
    if cmd == "appended" and len(argv) == 6:
        return appended(argv[2], argv[3], argv[4], int(argv[5]))
    if cmd == "mbox-add" and len(argv) == 4:
        return mbox_edit(argv[2], add=argv[3])
    if cmd == "mbox-remove" and len(argv) == 4:
        return mbox_edit(argv[2], remove=int(argv[3]))
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
