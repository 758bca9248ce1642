#!/usr/bin/python3
"""mx_broken.py - build folders full of broken mail for mx_broken.sh.

  mx_broken.py OUTDIR

creates OUTDIR/maildir, OUTDIR/mh, OUTDIR/broken.mbox, OUTDIR/garbage.mbox
and OUTDIR/empty.mbox, and prints one line per folder: "NAME COUNT", COUNT
being the messages a mail reader should list (stray files are not messages).
Big cases (a 5 MB header line, 100,000 header lines) are made here rather
than stored in the source tree.
"""

import os
import random
import sys

GOOD = (b"From: Good Sender <good@example.com>\nTo: you@example.org\n"
        b"Subject: a good message\nDate: Mon, 2 Mar 2026 10:00:00 +0000\n"
        b"Message-ID: <good@example.com>\n\nA normal body.\n")


def mime(ctype, body, extra=b""):
    return (b"From: mime@example.com\nSubject: broken MIME\nMIME-Version: 1.0\n"
            b"Content-Type: " + ctype + b"\n" + extra + b"\n" + body)


def nested(depth):
    head = b"".join(b"--b%d\nContent-Type: multipart/mixed; boundary=b%d\n\n" % (i, i + 1)
                    for i in range(depth))
    return mime(b"multipart/mixed; boundary=b0", head + b"--b%d\n\nthe innermost part\n" % depth)


def broken_messages():
    """(name, bytes) of every broken message; each one is its own test case."""
    r = random.Random(4)
    return [
        ("no header/body separator", b"From: nosep@example.com\nSubject: no separator\n"
         b"this line is no header and no blank line came before it\nmore text\n"),
        ("binary junk", bytes(r.getrandbits(8) for _ in range(65536)).replace(b"\nFrom ", b"\nfrom ")),
        ("NUL bytes", b"From: nul@example.com\nSubject: a NUL\x00in the subject\n\n"
         b"body\x00with\x00NULs\n\x00\x00\x00\n"),
        ("a 5 MB header line", b"From: long@example.com\nSubject: " + b"x" * (5 << 20) +
         b"\n\nbody after a long line\n"),
        ("100,000 header lines", b"From: many@example.com\n" + b"X-H: v\n" * 100000 +
         b"Subject: many headers\n\nbody\n"),
        ("multipart without a boundary", mime(b"multipart/mixed", b"--\n\nno boundary\n--\n")),
        ("multipart never closed", mime(b"multipart/alternative; boundary=zz",
                                        b"--zz\nContent-Type: text/plain\n\nopen part\n--zz\n"
                                        b"Content-Type: text/html; charset=no-such-charset\n\n<p>x")),
        ("multipart nested 500 deep", nested(500)),
        ("bad base64 and quoted-printable", mime(
            b"multipart/mixed; boundary=q",
            b"--q\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
            b"!!!not base64 at all***\n====\n--q\nContent-Type: text/plain; charset=\"\"\n"
            b"Content-Transfer-Encoding: quoted-printable\n\n=ZZ=4 =\n=\n--q\n"
            b"Content-Type: application/octet-stream; name*0*=''; name*99=x\n"
            b"Content-Transfer-Encoding: x-unknown\n\n\xff\xfe\n--q--\n")),
        ("an empty file", b""),
        ("a lone blank line", b"\n"),
        ("CR and CRLF mixed", b"From: cr@example.com\r\nSubject: carriage\rreturns\r\n\r\nbody\r\r\n"),
        ("a header that starts with a continuation", b" folded first\nFrom: f@example.com\n\nbody\n"),
        ("a good message", GOOD),
    ]


def write(path, data):
    with open(path, "wb") as fh:
        fh.write(data)


def make_maildir(d, msgs):
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(d, sub))
    for k, (_, data) in enumerate(msgs):
        # Good unique names in cur/, except the one that has none of the form.
        name = "1700000%03d.M%dP1.host:2,S" % (k, k) if k else "not-a-unique-name"
        write(os.path.join(d, "cur", name), data)
    write(os.path.join(d, "cur", ".hidden"), GOOD)
    write(os.path.join(d, "new", ".dotfile:2,S"), GOOD)
    os.makedirs(os.path.join(d, "cur", "a-directory:2,S"))
    os.mkfifo(os.path.join(d, "new", "1700000999.fifo.host"))
    write(os.path.join(d, "tmp", "1700000998.half.host"), b"From: half@example.com\nSubj")
    return len(msgs)


def make_mh(d, msgs):
    os.makedirs(d)
    for k, (_, data) in enumerate(msgs):
        write(os.path.join(d, str(k + 1)), data)
    write(os.path.join(d, ".mh_sequences"), b"unseen: 1-x 3 99999999999\nflagged 2\n: \n\xff\n")
    write(os.path.join(d, "notes.txt"), GOOD)
    write(os.path.join(d, ",3"), GOOD)  # a deleted message's backup: not a message
    write(os.path.join(d, ".hidden"), GOOD)
    os.makedirs(os.path.join(d, "1000"))  # numbered, but a directory
    os.mkfifo(os.path.join(d, "1001"))  # numbered, but a FIFO: opening it must not hang
    return len(msgs)


def make_mbox(path, msgs, garbage=b""):
    with open(path, "wb") as fh:
        fh.write(garbage)
        for k, (_, data) in enumerate(msgs):
            fh.write(b"From sender%d@example.com Mon Mar  2 10:00:%02d 2026\n" % (k, k % 60))
            body = data if data.endswith(b"\n") or not data else data + b"\n"
            fh.write(body.replace(b"\nFrom ", b"\n>From ") + b"\n")
    return len(msgs)


def main(out):
    msgs = broken_messages()
    os.makedirs(out, exist_ok=True)
    print("maildir", make_maildir(os.path.join(out, "maildir"), msgs))
    print("mh", make_mh(os.path.join(out, "mh"), msgs))
    print("broken.mbox", make_mbox(os.path.join(out, "broken.mbox"), msgs))
    print("garbage.mbox", make_mbox(os.path.join(out, "garbage.mbox"), msgs[-3:],
                                    b"garbage before the first separator\n\x00\xff\n\n"))
    print("empty.mbox", make_mbox(os.path.join(out, "empty.mbox"), []))
    with open(os.path.join(out, "names"), "w") as fh:
        fh.write("".join(name + "\n" for name, _ in msgs))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
