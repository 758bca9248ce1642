#!/usr/bin/python3
"""make-large.py -- write the large edge-case messages of tests/data/corpus.

  tests/data/corpus/make-large.py OUTDIR [NAME ...]

They are generated instead of committed to keep the repository small. With
NAME arguments (file names as listed below, with or without .eml) only those
are written. Deterministic, standard library only, LF line endings; about
45 MB in all, a few seconds. See README.md next to this script.
"""

import base64
import hashlib
import os
import sys

HEAD = ("From: Ada Example <ada@example.org>\n"
        "To: Bo Example <bo@example.net>\n"
        "Date: Fri, 13 Mar 2026 12:00:00 +0100\n"
        "Message-ID: <%s@corpus.example>\n")


def head(name, subject=None, to=True):
    h = HEAD % name
    if not to:
        h = h.replace("To: Bo Example <bo@example.net>\n", "")
    if subject is not None:
        h += "Subject: %s\n" % subject
    return h


def det_bytes(n, label):
    """n deterministic pseudo-random bytes."""
    out = bytearray()
    block = hashlib.sha256(label.encode()).digest()
    while len(out) < n:
        block = hashlib.sha256(block).digest()
        out += block * 64  # cheap: repeat each block; content is not the point
    return bytes(out[:n])


def subject_1mb():
    return head("subject-1mb") + "Subject: " + "x" * (1 << 20) + "\n\nA 1 MiB Subject on one line.\n"


def subject_1mb_folded():
    lines = [" ".join("word%05d" % (7 * i + j) for j in range(7)) for i in range(16644)]
    return (head("subject-1mb-folded") + "Subject: " + "\n ".join(lines) +
            "\n\nA 1 MiB Subject folded over 16,644 lines.\n")


def to_10000():
    addrs = []
    for i in range(10000):
        if i % 10 == 3:
            addrs.append("=?UTF-8?Q?R=C3=A9cipient_%d?= <r%d@example.net>" % (i, i))
        elif i % 10 == 7:
            addrs.append('"Last, First %d" <r%d@example.org>' % (i, i))
        else:
            addrs.append("Recipient %d <r%d@example.com>" % (i, i))
    return (head("to-10000", "10,000 addresses in To", to=False) + "To: " + ",\n ".join(addrs) +
            "\n\nTen thousand recipients, one per folded line.\n")


def mime_nested_10000():
    depth = 10000
    out = [head("mime-nested-10000", "multipart nested 10,000 deep"), "MIME-Version: 1.0\n"]
    for d in range(depth):
        out.append('Content-Type: multipart/mixed; boundary="n%d"\n\n--n%d\n' % (d, d))
    out.append("Content-Type: text/plain\n\nThe innermost part, 10,000 levels down.\n")
    for d in reversed(range(depth)):
        out.append("--n%d--\n" % d)
    return "".join(out)


def mime_100000_parts():
    out = [head("mime-100000-parts", "100,000 parts"), 'MIME-Version: 1.0\n'
           'Content-Type: multipart/mixed; boundary="p"\n\n']
    for i in range(100000):
        out.append("--p\nContent-Type: text/plain\n\npart %d\n" % i)
    out.append("--p--\n")
    return "".join(out)


def headers_100000():
    out = [head("headers-100000", "100,000 header fields")]
    out += ["X-Field-%d: value %d\n" % (i, i) for i in range(100000)]
    out.append("\nBody after 100,000 header fields.\n")
    return "".join(out)


def references_10000():
    ids = ["<%d.%s@thread.example>" % (i, hashlib.md5(b"%d" % i).hexdigest()[:12]) for i in range(10000)]
    return (head("references-10000", "Re: a References field with 10,000 message ids") +
            "In-Reply-To: " + ids[-1] + "\nReferences: " + "\n ".join(ids) +
            "\n\nA reply at depth 10,000 (as a thread walker sees it).\n")


def rfc2231_10000_sections():
    secs = ["filename*0*=UTF-8''part0-"] + [
        "filename*%d*=%s" % (i, "%C3%A9" if i % 2 else "part%d-" % i) for i in range(1, 10000)]
    return (head("rfc2231-10000-sections", "a file name in 10,000 RFC 2231 sections") +
            'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="s"\n\n--s\n'
            "Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n"
            "Content-Disposition: attachment;\n " + ";\n ".join(secs) + "\n\nAAECAwQF\n--s--\n")


def rfc2047_100000_words():
    words = " ".join("=?UTF-8?B?w6k=?=" if i % 2 else "=?UTF-8?Q?=E2=82=AC?=" for i in range(100000))
    return head("rfc2047-100000-words") + "Subject: " + words + "\n\n100,000 adjacent encoded words.\n"


def body_long_line_8mb():
    return (head("body-long-line-8mb", "one body line of 8 MiB, no final newline") +
            "\n" + "y" * (8 << 20))


def attachment_16mb():
    data = det_bytes(16 << 20, "attachment-16mb")
    return (head("attachment-16mb", "a 16 MiB attachment") +
            'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="a"\n\n--a\n'
            "Content-Type: text/plain\n\nSee attachment.\n--a\n"
            'Content-Type: application/octet-stream; name="big.bin"\n'
            "Content-Transfer-Encoding: base64\n"
            'Content-Disposition: attachment; filename="big.bin"\n\n').encode() + \
        base64.encodebytes(data) + b"--a--\n"


FILES = {
    "subject-1mb": subject_1mb,
    "subject-1mb-folded": subject_1mb_folded,
    "to-10000": to_10000,
    "mime-nested-10000": mime_nested_10000,
    "mime-100000-parts": mime_100000_parts,
    "headers-100000": headers_100000,
    "references-10000": references_10000,
    "rfc2231-10000-sections": rfc2231_10000_sections,
    "rfc2047-100000-words": rfc2047_100000_words,
    "body-long-line-8mb": body_long_line_8mb,
    "attachment-16mb": attachment_16mb,
}


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        sys.stderr.write(__doc__)
        return 2
    out = argv[1]
    names = [n[:-4] if n.endswith(".eml") else n for n in argv[2:]] or list(FILES)
    unknown = [n for n in names if n not in FILES]
    if unknown:
        sys.stderr.write("make-large.py: unknown: %s\n" % " ".join(unknown))
        return 2
    os.makedirs(out, exist_ok=True)
    for n in names:
        data = FILES[n]()
        if isinstance(data, str):
            data = data.encode("utf-8")
        with open(os.path.join(out, n + ".eml"), "wb") as f:
            f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
