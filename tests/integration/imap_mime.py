#!/usr/bin/python3
"""imap_mime.py - tern's message parser against dovecot's, message by message.

  imap_mime.py --msgdump PATH --work DIR --root SRCDIR FILE...

For each FILE: convert it to CRLF line ends (as IMAP carries mail), APPEND it
to alice's mailbox over IMAPS with the test CA verified, FETCH its ENVELOPE,
BODYSTRUCTURE and RFC822.SIZE and the encoded content of every part
(BODY.PEEK[section]), and turn dovecot's answer into the facts that
tests/tools/msgdump prints from tern's own parse of the same CRLF bytes (see
msgdump.c for the format). The two sets of facts are compared; every
difference is reported.

Output, for dovecot_mime.sh to turn into TAP through tests/lib/tap.sh:
  ok NAME / fail NAME      one per FILE
  diag TEXT                details (after the fail line they belong to)

The server runs from tests/servers/ (TESTENV_* variables). Needs Debian's
/usr/bin/python3 (imaplib, ssl) and nothing else.

Normalisations: where dovecot and tern report the same thing in different
forms, the comparison maps dovecot's form onto tern's, and says why at the
place where it does. Anything else that differs is a difference.
"""
import argparse
import base64
import binascii
import codecs
import imaplib
import os
import re
import ssl
import subprocess
import sys

E = os.environ

# ----------------------------------------------------------------- IMAP syntax


class Atom(bytes):
    """An IMAP atom (as opposed to a string): NIL, numbers, BODY[1.2]."""


def parse_imap(data, pos=0):
    """Parse one IMAP value at data[pos:]; return (value, new_pos).

    Lists become Python lists, strings and literals bytes, NIL None, other
    atoms Atom."""
    n = len(data)
    while pos < n and data[pos] == 0x20:
        pos += 1
    c = data[pos:pos + 1]
    if c == b"(":
        out = []
        pos += 1
        while True:
            while pos < n and data[pos] == 0x20:
                pos += 1
            if pos >= n:
                raise ValueError("unterminated list")
            if data[pos:pos + 1] == b")":
                return out, pos + 1
            v, pos = parse_imap(data, pos)
            out.append(v)
    if c == b'"':
        pos += 1
        buf = bytearray()
        while pos < n and data[pos:pos + 1] != b'"':
            if data[pos:pos + 1] == b"\\":
                pos += 1
            buf += data[pos:pos + 1]
            pos += 1
        return bytes(buf), pos + 1
    if c == b"{":
        end = data.index(b"}", pos)
        size = int(data[pos + 1:end].rstrip(b"+"))
        start = end + 1
        if data[start:start + 2] == b"\r\n":
            start += 2
        return data[start:start + size], start + size
    start = pos
    depth = 0
    while pos < n:
        ch = data[pos:pos + 1]
        if ch == b"[":
            depth += 1
        elif ch == b"]":
            depth -= 1
        elif depth == 0 and ch in (b" ", b"(", b")"):
            break
        pos += 1
    tok = data[start:pos]
    if tok.upper() == b"NIL":
        return None, pos
    return Atom(tok), pos


def fetch(m, uid, items):
    """UID FETCH one message; return {ITEM-NAME: value} of its FETCH response."""
    typ, data = m.uid("FETCH", uid, items)
    if typ != "OK":
        raise RuntimeError(f"UID FETCH {uid} {items}: {typ} {data}")
    # imaplib splits a response at its literals: (text-before, literal), ...,
    # text-after. Glue the pieces back into the response as it was sent.
    responses, cur = [], b""
    for el in data:
        if el is None:
            continue
        if isinstance(el, tuple):
            cur += el[0] + b"\r\n" + el[1]
        else:
            cur += el
            responses.append(cur)
            cur = b""
    if cur:
        responses.append(cur)
    for r in responses:
        sp = r.index(b" ")
        lst, _ = parse_imap(r, sp + 1)
        d = {}
        for i in range(0, len(lst) - 1, 2):
            d[bytes(lst[i]).upper().decode()] = lst[i + 1]
        if d.get("UID") is not None and int(d["UID"]) == int(uid):
            return d
    raise RuntimeError(f"no FETCH response for UID {uid}: {data!r}")


# ----------------------------------------------------------------- decoding helpers

# Charset labels as the WHATWG Encoding Standard resolves them, which is what
# tern's charset layer implements (core/charset.c): mail labelled latin-1 or
# us-ascii is in practice windows-1252, gb2312 is GBK/GB18030, and so on.
# Python's codecs take the labels literally, so map them first.
WHATWG = {
    "us-ascii": "cp1252", "ascii": "cp1252", "iso-8859-1": "cp1252", "iso8859-1": "cp1252",
    "iso_8859-1": "cp1252", "latin1": "cp1252", "l1": "cp1252", "iso-ir-100": "cp1252",
    "iso-8859-9": "cp1254", "latin5": "cp1254", "iso-8859-11": "cp874", "tis-620": "cp874",
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
    "ks_c_5601-1987": "cp949", "euc-kr": "cp949", "shift_jis": "cp932", "sjis": "cp932",
    "x-sjis": "cp932", "windows-31j": "cp932", "ms_kanji": "cp932", "big5": "big5hkscs",
    "utf8": "utf-8", "iso-2022-jp": "iso2022_jp_ext",
}


def codec_for(charset):
    cs = charset.strip().lower()
    cs = WHATWG.get(cs, cs)
    try:
        return codecs.lookup(cs).name
    except LookupError:
        return None


def _cp1252_fallback(err):
    # bytes that are not UTF-8 are read as windows-1252 (which maps every byte
    # but five, kept as U+FFFD), one by one, as tern's charset layer does
    bad = err.object[err.start:err.end]
    return bad.decode("cp1252", "replace"), err.end


codecs.register_error("tern-cp1252-fallback", _cp1252_fallback)


def bytes_to_text(b):
    """Undeclared 8-bit text: UTF-8 where it is valid, windows-1252 for the other bytes
    (tern's fallback, core/charset.c)."""
    return b.decode("utf-8", "tern-cp1252-fallback")


def decode_charset(b, charset, unknown_ok=False):
    codec = codec_for(charset) if charset else None
    if codec is None:
        # An unknown charset: tern decodes with its fallback rather than give up
        # (charset_to_utf8); where that is allowed, do the same.
        return bytes_to_text(b) if unknown_ok else None
    try:
        return b.decode(codec)
    except UnicodeDecodeError:
        # a lying label: tern falls back like this too (charset_to_utf8)
        return bytes_to_text(b)


ENCODED_WORD = re.compile(rb"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")


def decode_word(m):
    charset = m.group(1).split(b"*", 1)[0].decode("ascii", "replace")
    text = m.group(3)
    try:
        if m.group(2) in (b"b", b"B"):
            text += b"=" * (-len(text) % 4)
            data = base64.b64decode(text, validate=False)
        else:
            data = re.sub(rb"=([0-9A-Fa-f]{2})", lambda x: bytes([int(x.group(1), 16)]),
                          text.replace(b"_", b" "))
    except (binascii.Error, ValueError):
        return None
    return charset, data


def rfc2047(raw):
    """Decode RFC 2047 encoded words in a header value (bytes) to text:
    adjacent words are joined before conversion (a character may be split
    across them), white space between them is dropped (RFC 2047 6.2),
    malformed words stay as they are, words in an unknown charset are read
    with the fallback."""
    if raw is None:
        return None
    raw = re.sub(rb"\r?\n(?=[ \t])", b"", raw)
    pieces = []   # [kind, charset, bytes, literal]; kind "w" word, "t" text
    pos = 0
    for m in ENCODED_WORD.finditer(raw):
        between = raw[pos:m.start()]
        pos = m.end()
        dec = decode_word(m)
        if dec is None:
            pieces.append(["t", None, between + m.group(0), None])
            continue
        if between:
            if not (pieces and pieces[-1][0] == "w" and between.strip(b" \t\r\n") == b""):
                pieces.append(["t", None, between, None])
        if pieces and pieces[-1][0] == "w" and pieces[-1][1] == dec[0].lower():
            pieces[-1][2] += dec[1]
            pieces[-1][3] += m.group(0)
        else:
            pieces.append(["w", dec[0].lower(), dec[1], m.group(0)])
    if pos < len(raw):
        pieces.append(["t", None, raw[pos:], None])
    out = []
    for kind, cs, data, literal in pieces:
        if kind == "t":
            out.append(bytes_to_text(data))
        else:
            # An encoded word in an unknown charset: its decoded bytes are read
            # with the fallback, as tern does (charset_to_utf8), not left encoded.
            out.append(decode_charset(data, cs, unknown_ok=True))
    return "".join(out)


def squeeze(s):
    # Dovecot collapses runs of white space in ENVELOPE strings ("a\r\n  b"
    # comes back as "a b"); tern unfolds faithfully. Compare with runs of
    # white space squeezed on both sides: not a difference in parsing.
    return re.sub(r"[ \t\r\n]+", " ", s).strip()


def idna_to_unicode(host):
    out = []
    for label in host.split("."):
        if label.lower().startswith("xn--"):
            try:
                label = label.encode("ascii").decode("idna")
            except UnicodeError:
                pass
        out.append(label)
    return ".".join(out)


def rfc2231_param(params, name):
    """The decoded value of parameter `name` from dovecot's (key, value) list.
    Dovecot joins plain continuations (name*0, name*1) but hands extended
    values over as they were written ("name*" = "utf-8''%E2%82%AC..."), so
    the RFC 2231 decoding happens here."""
    plain = None
    ext = {}
    for k, v in params:
        k = k.decode("ascii", "replace").lower()
        v = v if v is not None else b""
        if k == name:
            if plain is None:
                plain = v
            continue
        m = re.fullmatch(re.escape(name) + r"(?:\*(\d+))?(\*)?", k)
        if m and (m.group(1) or m.group(2)):
            idx = int(m.group(1) or 0)
            ext.setdefault(idx, (bool(m.group(2)), v))
    if ext:
        charset = None
        data = b""
        for idx in sorted(ext):
            extended, v = ext[idx]
            if extended:
                if idx == sorted(ext)[0]:
                    parts = v.split(b"'", 2)
                    if len(parts) == 3:
                        charset = parts[0].decode("ascii", "replace")
                        v = parts[2]
                v = re.sub(rb"%([0-9A-Fa-f]{2})", lambda x: bytes([int(x.group(1), 16)]), v)
            data += v
        s = decode_charset(data, charset) if charset else None
        return s if s is not None else bytes_to_text(data)
    if plain is not None:
        return rfc2047(plain)   # encoded words in parameters: a common violation tern accepts
    return None


def fnv1a(data):
    h = 0xcbf29ce484222325
    for b in data:
        h ^= b
        h = (h * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def header_nonempty(raw, name):
    """Does the header block of message `raw` have a non-empty `name` field?"""
    end = len(raw)
    for sep in (b"\r\n\r\n", b"\n\n"):
        i = raw.find(sep)
        if i >= 0:
            end = min(end, i)
    head = re.sub(rb"\r?\n[ \t]", b" ", raw[:end])
    for ln in head.split(b"\n"):
        k, colon, v = ln.partition(b":")
        if colon and k.strip().lower() == name.encode() and v.strip():
            return True
    return False


# ----------------------------------------------------------------- dovecot's answer as facts

def text(v):
    if v is None:
        return None
    return bytes_to_text(bytes(v))


def env_facts(path, env, raw, out):
    date, subject, frm, sender, reply_to, to, cc, bcc, in_reply_to, message_id = env[:10]
    if date is not None:
        out.append(("env", path, "date", text(date)))
    if subject is not None:
        out.append(("env", path, "subject", rfc2047(bytes(subject))))
    for key, lst in (("from", frm), ("sender", sender), ("reply-to", reply_to), ("to", to),
                     ("cc", cc), ("bcc", bcc)):
        # RFC 3501 7.4.2: a missing or empty Sender/Reply-To is reported as a copy of
        # From. tern keeps them empty, so drop dovecot's copy unless the header is there.
        if key in ("sender", "reply-to") and raw is not None and not header_nonempty(raw, key):
            continue
        for a in lst or []:
            name, _adl, mbox, host = a[:4]
            if mbox is None and host is None:
                out.append(("env", path, key, "group end"))
            elif host is None:
                out.append(("env", path, key, f"group {rfc2047(bytes(mbox))}:"))
            elif host == b"MISSING_DOMAIN" or mbox == b"MISSING_MAILBOX":
                # dovecot's markers for text that is not an address (RFC 3501 7.4.2);
                # tern keeps such text as an invalid entry.
                out.append(("env", path, key, "!invalid"))
            else:
                addr = f"{text(mbox)}@{idna_to_unicode(text(host))}"
                nm = rfc2047(bytes(name)) if name is not None else ""
                out.append(("env", path, key, f"{nm} <{addr}>" if nm else f"<{addr}>"))
    if in_reply_to is not None:
        for mid in re.findall(rb"<[^<>]*>", bytes(in_reply_to)):
            out.append(("env", path, "in-reply-to", text(re.sub(rb"\s+", b"", mid))))
    if message_id is not None:
        ids = re.findall(rb"<[^<>]*>", bytes(message_id))
        if ids:
            out.append(("env", path, "message-id", text(re.sub(rb"\s+", b"", ids[0]))))
        elif bytes(message_id).strip():
            out.append(("env", path, "message-id", "<" + text(bytes(message_id).strip()) + ">"))


ENCODINGS = {"7bit", "8bit", "binary", "quoted-printable", "base64"}
UUENCODE = {"x-uuencode", "uuencode", "x-uue", "uue"}


class Node:
    def __init__(self):
        self.type = self.subtype = None
        self.params = []
        self.encoding = None
        self.size = None
        self.disp = None
        self.disp_params = []
        self.children = []
        self.env = None
        self.multipart = False


def plist(v):
    if not isinstance(v, list):
        return []
    return [(bytes(v[i]), v[i + 1]) for i in range(0, len(v) - 1, 2)]


def body_node(bs):
    n = Node()
    if isinstance(bs[0], list):
        n.multipart = True
        i = 0
        while i < len(bs) and isinstance(bs[i], list):
            n.children.append(body_node(bs[i]))
            i += 1
        n.type, n.subtype = "multipart", text(bs[i]).lower()
        ext = bs[i + 1:]
        n.params = plist(ext[0]) if len(ext) > 0 else []
        disp = ext[1] if len(ext) > 1 else None
    else:
        n.type, n.subtype = text(bs[0]).lower(), text(bs[1]).lower()
        n.params = plist(bs[2])
        n.encoding = text(bs[5]).lower() if bs[5] is not None else "7bit"
        n.size = int(bs[6])
        rest = bs[7:]
        if n.type == "message" and len(rest) >= 3 and isinstance(rest[0], list) \
                and isinstance(rest[1], list):
            n.env = rest[0]
            n.children = [body_node(rest[1])]
            ext = rest[3:]
        elif n.type == "text":
            ext = rest[1:]
        else:
            ext = rest
        disp = ext[1] if len(ext) > 1 else None
    if isinstance(disp, list) and disp:
        n.disp = text(disp[0]).lower()
        n.disp_params = plist(disp[1]) if len(disp) > 1 else []
    return n


def label_tree(n, path, depth, out):
    """[(path, depth, node)] in msgdump's order, with its IMAP section numbers."""
    out.append((path, depth, n))
    if n.multipart:
        prefix = "" if path == "TEXT" else (path[:-4] if path.endswith(".TEXT") else path + ".")
        for i, c in enumerate(n.children, 1):
            label_tree(c, f"{prefix}{i}", depth + 1, out)
    else:
        for c in n.children:
            label_tree(c, f"{path}.{'TEXT' if c.multipart else '1'}", depth + 1, out)
    return out


def part_facts(labelled, contents, out):
    for path, depth, n in labelled:
        out.append(("part", path, "depth", str(depth)))
        out.append(("part", path, "type", f"{n.type}/{n.subtype}"))
        cs = rfc2231_param(n.params, "charset")
        if cs is not None:
            out.append(("part", path, "charset", cs.lower()))
        if not n.multipart:
            enc = n.encoding
            enc = enc if enc in ENCODINGS else "uuencode" if enc in UUENCODE else "other"
            out.append(("part", path, "encoding", enc))
        if n.disp is not None:
            out.append(("part", path, "disposition",
                        n.disp if n.disp in ("inline", "attachment") else "other"))
        fn = rfc2231_param(n.disp_params, "filename")
        if fn is None:
            fn = rfc2231_param(n.params, "name")
        if fn is not None:
            out.append(("part", path, "filename", fn))
        if not n.multipart:
            out.append(("part", path, "size", str(n.size)))
            out.append(("part", path, "hash", fnv1a(contents[path])))
            body = contents[path]
            if n.children and n.children[0].multipart and body.endswith(b"--\r\n"):
                # A message/rfc822 part whose body is a multipart, followed by the
                # outer delimiter: dovecot counts the line break after the inner
                # close delimiter ("--b--") into the part; RFC 2046 5.1.1 gives
                # it to the outer delimiter ("CRLF --outer"), as tern does.
                # Either count is accepted.
                out.append(("alt", path, "size", str(n.size - 2)))
                out.append(("alt", path, "hash", fnv1a(body[:-2])))
        if n.env is not None:
            env_facts(path, n.env, contents.get(path), out)


# ----------------------------------------------------------------- tern's answer

def unescape(s):
    return re.sub(r"\\(x[0-9a-f]{2}|.)",
                  lambda m: {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}.get(m.group(1), m.group(0)),
                  s)


def tern_facts(msgdump, path):
    p = subprocess.run([msgdump, path], capture_output=True, timeout=60)
    if p.returncode != 0:
        raise RuntimeError(f"msgdump exited with status {p.returncode}: "
                           + p.stderr.decode("utf-8", "replace")[-3000:])
    out = []
    for ln in p.stdout.decode("utf-8", "replace").splitlines():
        parts = ln.split("\t", 3)
        if len(parts) == 4:
            out.append(tuple(parts[:3]) + (unescape(parts[3]),))
    return out


# ----------------------------------------------------------------- comparison

def normalise(facts, side, tern_text_parts_without_charset, multiparts):
    """Forms that differ without a difference in parsing, mapped to one."""
    res = []
    for kind, path, key, val in facts:
        if key in ("subject", "date") or (kind == "env" and key not in ("message-id", "in-reply-to")):
            val = squeeze(val)
        if kind == "env" and val.startswith("!invalid"):
            # tern keeps the raw text of an entry that is not an address; dovecot
            # cannot give it back (it reports MISSING_DOMAIN/MISSING_MAILBOX).
            val = "!invalid"
        if side == "tern" and kind == "env" and re.fullmatch(r"(.* )?<[^@<>]*>", val):
            # A bare local part ("To: root") is an unqualified address to tern, as
            # to mutt; dovecot reports it as MISSING_DOMAIN. Both say: no domain.
            val = "!invalid"
        if kind == "part" and key == "encoding" and path in multiparts:
            # IMAP has no transfer encoding for a multipart (RFC 3501 7.4.2).
            continue
        if key == "charset":
            # Charset names are case-insensitive (RFC 2046 4.1.2).
            val = val.lower()
            # Dovecot reports charset=us-ascii for a text part that declares none
            # (the RFC 2045 5.2 default); tern reports the absence.
            if side == "dovecot" and val == "us-ascii" and path in tern_text_parts_without_charset:
                continue
        res.append((kind, path, key, val))
    return res


def compare(tern, dove):
    def group(facts):
        d = {}
        for kind, path, key, val in facts:
            d.setdefault((kind, path, key), []).append(val)
        return d
    gt, gd = group(tern), group([f for f in dove if f[0] != "alt"])
    for kind, path, key, val in dove:
        # accepted alternatives (see part_facts)
        if kind == "alt" and gt.get(("part", path, key)) == [val]:
            gd[("part", path, key)] = [val]
    keys = list(gt)
    keys += [k for k in gd if k not in gt]
    diffs = []
    for k in keys:
        a, b = gt.get(k, []), gd.get(k, [])
        if a != b:
            what = f"{k[0]} {k[1]} {k[2]}"
            fa = " | ".join(repr(x) for x in a) if a else "(none)"
            fb = " | ".join(repr(x) for x in b) if b else "(none)"
            diffs.append(f"{what}: tern {fa}; dovecot {fb}")
    return diffs


# ----------------------------------------------------------------- main

def crlf(data):
    # The same mapping imaplib's APPEND applies (CRLF, lone CR, lone LF -> CRLF),
    # so that tern parses exactly the bytes dovecot stores.
    return re.sub(rb"\r\n|\r(?!\n)|\n", b"\r\n", data)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--msgdump", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("files", nargs="*")
    a = ap.parse_args()

    ctx = ssl.create_default_context(cafile=E["TESTENV_CA"])
    ctx.check_hostname = True
    m = imaplib.IMAP4_SSL(E.get("TESTENV_HOST", "127.0.0.1"), int(E["TESTENV_IMAPS_PORT"]),
                          ssl_context=ctx, timeout=60)
    m.login(E["TESTENV_USER1"], E["TESTENV_PASS1"])
    box = "Differential"
    typ, d = m.create(box)
    if typ != "OK" and b"ALREADYEXISTS" not in (d[0] or b""):
        raise RuntimeError(f"CREATE {box}: {d}")

    # First append everything (one round trip each), then select once and compare.
    uids, copies, errors = {}, {}, {}
    for i, f in enumerate(a.files):
        try:
            with open(f, "rb") as fh:
                data = crlf(fh.read())
            copies[f] = os.path.join(a.work, f"{i:04d}.eml")
            with open(copies[f], "wb") as fh:
                fh.write(data)
            typ, d = m.append(box, None, None, data)
            mo = re.search(rb"APPENDUID \d+ (\d+)", d[0] or b"") if typ == "OK" else None
            if not mo:
                raise RuntimeError(f"APPEND: {typ} {d}")
            uids[f] = mo.group(1).decode()
        except Exception as e:  # noqa: BLE001 - reported with the message below
            errors[f] = e
    m.select(box, readonly=True)

    n_fail = 0
    for f in a.files:
        name = os.path.relpath(f, a.root)
        try:
            if f in errors:
                raise errors[f]
            uid, copy = uids[f], copies[f]
            with open(copy, "rb") as fh:
                data = fh.read()
            r = fetch(m, uid, "(RFC822.SIZE ENVELOPE BODYSTRUCTURE)")
            tree = body_node(r["BODYSTRUCTURE"])
            labelled = label_tree(tree, "TEXT" if tree.multipart else "1", 0, [])
            sections = [p for p, _, n in labelled if not n.multipart]
            contents = {}
            for j in range(0, len(sections), 50):
                chunk = sections[j:j + 50]
                rr = fetch(m, uid, "(" + " ".join(f"BODY.PEEK[{s}]" for s in chunk) + ")")
                for s in chunk:
                    v = rr.get(f"BODY[{s}]")
                    contents[s] = bytes(v) if v is not None else b""
            dove = [("message", "-", "size", str(int(r["RFC822.SIZE"])))]
            env_facts("-", r["ENVELOPE"], data, dove)
            part_facts(labelled, contents, dove)

            tern = tern_facts(a.msgdump, copy)
            types = {}
            for kind, path, key, val in tern:
                if kind == "part" and key == "type":
                    types[path] = val
            have_cs = {path for kind, path, key, _ in tern if kind == "part" and key == "charset"}
            no_cs = {p for p, t in types.items() if t.startswith("text/") and p not in have_cs}
            multi = {p for p, t in types.items() if t.startswith("multipart/")}
            multi |= {p for p, _, n in labelled if n.multipart}
            diffs = compare(normalise(tern, "tern", no_cs, multi),
                            normalise(dove, "dovecot", no_cs, multi))
            if diffs:
                n_fail += 1
                print(f"fail {name}: tern and dovecot differ")
                print(f"diag {len(diffs)} difference(s); tern parsed {copy} (TAP_KEEP_TMP=1 keeps it):")
                for x in diffs:
                    print(f"diag   {x}")
            else:
                nparts = sum(1 for k in tern if k[0] == "part" and k[2] == "type")
                print(f"ok {name}: {nparts} part(s), envelope and MIME tree as dovecot's")
        except Exception as e:  # noqa: BLE001 - one message's trouble must not hide the others
            n_fail += 1
            print(f"fail {name}: could not compare")
            for ln in f"{type(e).__name__}: {e}".splitlines()[-40:]:
                print(f"diag   {ln}")
        sys.stdout.flush()
    m.logout()
    print(f"diag {len(a.files) - n_fail} of {len(a.files)} messages parse as dovecot parses them")
    return 0


if __name__ == "__main__":
    sys.exit(main())
