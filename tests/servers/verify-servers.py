#!/usr/bin/python3
"""verify-servers.py -- smoke test of a running testenv (source servers.env first).

Checks, with certificate verification against $TESTENV_CA:
  IMAP   implicit TLS + STARTTLS, LOGIN / AUTHENTICATE PLAIN / LOGIN / CRAM-MD5, LIST, SELECT,
         FETCH, STORE flags, APPEND, COPY, EXPUNGE, quoting of a password with space/quote/backslash
  POP3   implicit TLS + STLS, USER/PASS, CAPA, STAT, UIDL, RETR, DELE (rolled back by RSET)
  SMTP   STARTTLS + AUTH (PLAIN, LOGIN, CRAM-MD5), implicit TLS, then the message read back over IMAP
  hostile proxy: bad certificates refused, STARTTLS stripped, injection visible, PREAUTH greeting
Prints one line per check and ends with "N passed, N failed"; exit 1 if anything failed.
With --tap it speaks TAP instead (one case per check, the plan at the end) and exits 0, so that
the TAP driver counts the cases (tests/integration/servers.sh).
"""
import imaplib
import os
import poplib
import smtplib
import socket
import ssl
import sys
import time
import uuid

E = os.environ
H = E.get("TESTENV_HOST", "127.0.0.1")
CA = E["TESTENV_CA"]
U1, P1, U2, P2 = E["TESTENV_USER1"], E["TESTENV_PASS1"], E["TESTENV_USER2"], E["TESTENV_PASS2"]
DOM = E["TESTENV_DOMAIN"]
port = lambda n: int(E["TESTENV_" + n + "_PORT"])
passed = failed = 0
TAP = "--tap" in sys.argv[1:]


def ctx(hostname_check=True):
    c = ssl.create_default_context(cafile=CA)
    c.check_hostname = hostname_check
    return c


def one_line(x):
    return " ".join(str(x).splitlines())


def check(name, fn):
    global passed, failed
    t = time.monotonic()
    try:
        detail = fn()
        passed += 1
        ms = f"{(time.monotonic() - t) * 1000:.0f} ms"
        if TAP:
            print(f"ok {passed + failed} - {name}\n# {ms}{': ' + one_line(detail) if detail else ''}", flush=True)
        else:
            print(f"ok   {name} ({ms}){': ' + str(detail) if detail else ''}", flush=True)
    except Exception as e:  # noqa: BLE001 - a smoke test reports everything
        failed += 1
        if TAP:
            print(f"not ok {passed + failed} - {name}\n# {type(e).__name__}: {one_line(e)}", flush=True)
        else:
            print(f"FAIL {name}: {type(e).__name__}: {e}", flush=True)


def expect_fail(fn, exc=Exception):
    try:
        fn()
    except exc as e:
        return f"refused as expected ({type(e).__name__}: {str(e)[:80]})"
    raise AssertionError("expected a failure, got success")


# ------------------------------------------------------------------ IMAP
def imap_tls():
    with imaplib.IMAP4_SSL(H, port("IMAPS"), ssl_context=ctx()) as m:
        assert "AUTH=CRAM-MD5" in m.capabilities and "STARTTLS" not in m.capabilities
        m.login(U1, P1)
        typ, boxes = m.list()
        names = [b.decode().rsplit(' "/" ', 1)[-1] for b in boxes]
        assert any("Lists/dev" in n for n in names), names
        return f"{len(names)} folders: {' '.join(names)}"


def imap_starttls():
    m = imaplib.IMAP4(H, port("IMAP"))
    assert "STARTTLS" in m.capabilities
    m.starttls(ssl_context=ctx())
    m.login(U2, P2)        # bob's password has a space, double quotes and a backslash
    m.logout()


def imap_mechs():
    out = []
    for mech in ("PLAIN", "LOGIN", "CRAM-MD5"):
        m = imaplib.IMAP4_SSL(H, port("IMAPS"), ssl_context=ctx())
        if mech == "PLAIN":
            m.authenticate("PLAIN", lambda _: f"\0{U2}\0{P2}".encode())
        elif mech == "LOGIN":
            m.authenticate("LOGIN", lambda ch: (U2 if b"user" in ch.lower() else P2).encode())
        else:
            m.login_cram_md5(U2, P2)
        out.append(mech)
        m.logout()
    return " ".join(out)


def imap_ops():
    with imaplib.IMAP4_SSL(H, port("IMAPS"), ssl_context=ctx()) as m:
        m.login(U1, P1)
        typ, d = m.select("INBOX")
        n = int(d[0])
        typ, d = m.fetch("1", "(UID FLAGS RFC822.SIZE BODYSTRUCTURE ENVELOPE)")
        assert typ == "OK"
        mid = f"<verify.{uuid.uuid4().hex}@{DOM}>"
        msg = (f"From: v@{DOM}\r\nTo: {U1}@{DOM}\r\nSubject: appended\r\nMessage-ID: {mid}\r\n\r\nbody\r\n").encode()
        typ, d = m.append("INBOX", r"(\Seen)", None, msg)
        assert typ == "OK" and b"APPENDUID" in d[0], d
        typ, d = m.search(None, "HEADER", "Message-ID", mid)
        seq = d[0].split()[-1]
        m.store(seq, "+FLAGS", r"(\Flagged $Label1)")
        typ, d = m.fetch(seq, "(FLAGS)")
        assert b"\\Flagged" in d[0] and b"$Label1" in d[0], d
        typ, d = m.copy(seq, "Archive")
        assert typ == "OK", d
        m.store(seq, "+FLAGS", r"(\Deleted)")
        typ, d = m.expunge()
        assert typ == "OK" and d[0] == seq, d
        typ, d = m.select("INBOX")
        assert int(d[0]) == n, (n, d)
        typ, d = m.select("Archive")
        assert int(d[0]) >= 1
        return f"INBOX {n} msgs; APPEND/STORE/COPY/EXPUNGE ok"


# ------------------------------------------------------------------ POP3
def pop3_tls():
    p = poplib.POP3_SSL(H, port("POP3S"), context=ctx())
    caps = p.capa()
    assert "SASL" in caps and "STLS" not in caps, caps
    p.user(U1)
    p.pass_(P1)
    cnt, size = p.stat()
    uidl = p.uidl()[1]
    lines = p.retr(1)[1]
    p.dele(1)
    p.rset()            # nothing deleted
    p.quit()
    return f"{cnt} msgs, {len(uidl)} uidl, first msg {len(lines)} lines"


def pop3_stls():
    p = poplib.POP3(H, port("POP3"))
    assert "STLS" in p.capa()
    p.stls(context=ctx())
    p.user(U2)
    p.pass_(P2)
    p.quit()


# ------------------------------------------------------------------ SMTP
def smtp_send(kind, mech):
    mid = f"<smtp.{uuid.uuid4().hex}@{DOM}>"
    msg = (f"From: {U1}@{DOM}\r\nTo: {U2}@{DOM}\r\nSubject: smtp {kind} {mech} \u00fcml\u00e4ut\r\n"
           f"Message-ID: {mid}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
           f"Content-Transfer-Encoding: 8bit\r\n\r\nGr\u00fc\u00dfe\r\n").encode()
    if kind == "starttls":
        s = smtplib.SMTP(H, port("SUBMISSION"), timeout=10)
        s.ehlo()
        assert s.has_extn("starttls") and not s.has_extn("auth"), "AUTH must not be offered before TLS"
        s.starttls(context=ctx())
    else:
        s = smtplib.SMTP_SSL(H, port("SUBMISSIONS"), context=ctx(), timeout=10)
    s.ehlo()
    exts = sorted(k.upper() for k in s.esmtp_features)
    s.user, s.password = U1, P1
    s.auth(mech, getattr(s, "auth_" + mech.lower().replace("-", "_")))
    s.sendmail(f"{U1}@{DOM}", [f"{U2}@{DOM}"], msg)
    s.quit()
    # read it back over IMAP (delivery is asynchronous with postfix)
    for _ in range(50):
        with imaplib.IMAP4_SSL(H, port("IMAPS"), ssl_context=ctx()) as m:
            m.login(U2, P2)
            m.select("INBOX", readonly=True)
            typ, d = m.search(None, "HEADER", "Message-ID", mid)
            if d[0]:
                return "delivered+read back; EHLO: " + " ".join(exts)
        time.sleep(0.1)
    raise AssertionError("message not delivered within 5 s")


def smtp_no_relay():
    with smtplib.SMTP_SSL(H, port("SUBMISSIONS"), context=ctx(), timeout=10) as s:
        s.login(U1, P1)
        try:
            s.sendmail(f"{U1}@{DOM}", ["someone@example.com"], b"Subject: x\r\n\r\nx\r\n")
        except smtplib.SMTPRecipientsRefused as e:
            return f"refused: {list(e.recipients.values())[0][0]}"
    raise AssertionError("outbound relay accepted")


# ------------------------------------------------------------------ hostile proxy
def bad_cert(name):
    return lambda: expect_fail(lambda: imaplib.IMAP4_SSL(H, port("BAD_" + name), ssl_context=ctx()),
                               ssl.SSLCertVerificationError)


def strip_imap():
    m = imaplib.IMAP4(H, port("IMAP_STRIP"))
    assert "STARTTLS" not in m.capabilities, m.capabilities
    r = expect_fail(lambda: m.starttls(ssl_context=ctx()))
    m.shutdown()
    return r


def inject_imap():
    # raw socket: read what arrives with the STARTTLS OK
    s = socket.create_connection((H, port("IMAP_INJECT")), timeout=5)
    s.recv(4096)
    s.sendall(b"a1 STARTTLS\r\n")
    time.sleep(0.3)
    data = s.recv(4096)
    s.close()
    assert b"INJECTED-BEFORE-TLS" in data, data
    return "proxy sent OK + injected lines in one segment"


def quota():
    with imaplib.IMAP4_SSL(H, port("IMAPS"), ssl_context=ctx()) as m:
        m.login(E["TESTENV_USER3"], E["TESTENV_PASS3"])
        big = b"Subject: too big\r\n\r\n" + b"x" * 200_000 + b"\r\n"
        typ, d = m.append("INBOX", None, None, big)
        assert typ == "NO" and b"OVERQUOTA" in d[0], (typ, d)
        return d[0].decode()[:60]


def cut():
    limit = int(E.get("TESTENV_CUT_AFTER_BYTES", "65536"))
    big = b"Subject: big\r\n\r\n" + b"y" * (limit * 2) + b"\r\n"
    with imaplib.IMAP4_SSL(H, port("IMAPS"), ssl_context=ctx()) as m2:
        m2.login(U1, P1)
        m2.append("INBOX", None, None, big)
    m = imaplib.IMAP4(H, port("IMAP_CUT"))
    m.login(U1, P1)
    n = m.select("INBOX", readonly=True)[1][0].decode()
    try:
        m.fetch(n, "(BODY.PEEK[])")
    except (imaplib.IMAP4.abort, OSError) as e:
        return f"connection lost mid-FETCH as intended ({type(e).__name__})"
    raise AssertionError("FETCH completed through the cut proxy")


def preauth():
    s = socket.create_connection((H, port("IMAP_PREAUTH")), timeout=5)
    g = s.recv(4096)
    s.close()
    assert g.startswith(b"* PREAUTH"), g
    return "greeting is PREAUTH"


def main():
    check("imap implicit TLS + LIST", imap_tls)
    check("imap STARTTLS + LOGIN (quoted password)", imap_starttls)
    check("imap AUTHENTICATE mechanisms", imap_mechs)
    check("imap FETCH/APPEND/STORE/COPY/EXPUNGE", imap_ops)
    check("imap TLS with IP-address SAN", lambda: imaplib.IMAP4_SSL(H, port("IMAPS"), ssl_context=ctx()).logout())
    check("pop3 implicit TLS", pop3_tls)
    check("pop3 STLS", pop3_stls)
    if E.get("TESTENV_SMTP_KIND", "none") != "none":
        for kind, mech in (("starttls", "PLAIN"), ("starttls", "LOGIN"), ("tls", "CRAM-MD5")):
            check(f"smtp {kind} AUTH {mech} -> imap", lambda k=kind, m=mech: smtp_send(k, m))
        check("smtp refuses outbound relay", smtp_no_relay)
    if E.get("TESTENV_BAD_WRONGHOST_PORT"):
        try:
            socket.create_connection((H, port("IMAP_PREAUTH")), timeout=1).close()
            have_proxy = True
        except OSError:
            have_proxy = False
        if have_proxy:
            for n in ("WRONGHOST", "EXPIRED", "SELFSIGNED"):
                check(f"bad cert {n.lower()} refused", bad_cert(n))
            check("imap STARTTLS stripped", strip_imap)
            check("imap STARTTLS injection served", inject_imap)
            check("imap PREAUTH greeting served", preauth)
            if E.get("TESTENV_IMAP_CUT_PORT"):
                check("imap connection cut mid-FETCH", cut)
    if E.get("TESTENV_USER3"):
        check("imap APPEND over quota -> NO [OVERQUOTA]", quota)
    if TAP:
        print(f"1..{passed + failed}")
        return 0
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


sys.exit(main())
