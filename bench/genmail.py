#!/usr/bin/python3
"""genmail.py -- seeded, deterministic generator of realistic mail for benchmarks.

  bench/genmail.py --format maildir|mbox --count N --seed S [--attach-ratio R]
                   [--senders K] [--years Y] OUT

OUT is a Maildir directory (cur/, new/, tmp/ are created) or an mbox file.
The same seed, count and options give the same messages, byte for byte, in
both formats (only the container differs) on any Python 3.9 or later.
Standard library only. See bench/README.md ("Generator") for the
distributions. Everything is fictional: names are drawn from small lists and
combined at random; domains are under example.com/.net/.org, *.example and
*.test; IP addresses come from the documentation ranges.
"""

import argparse
import base64
import binascii
import bisect
import math
import os
import random
import re
import sys
import time

OWNER_NAME = "Casey Quinn"
OWNER = "casey@quinn.example"
HOST = "benchbox"
END = 1774569600  # 2026-03-27 00:00:00 UTC: the newest mail is just before this

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# ---------------------------------------------------------------- vocabulary

WORDS = """
the a an and or but so of to in on for with from by at as about into over after before
between through during without within under again further then once here there when
where why how all any both each few more most other some such no nor not only own same
than too very can will just should now also still even already perhaps maybe usually
we you they it this that these those our your their its my his her
is are was were be been being have has had do does did make made take took see saw
know knew think thought want need use used find found give gave tell told work worked
call called try tried ask asked seem seemed feel felt leave left put mean keep let begin
show showed hear heard run ran move moved live believe hold bring happen write wrote
provide sit stand lose pay meet include continue set learn change lead understand watch
follow stop create speak read allow add spend grow open walk win offer remember consider
appear buy wait serve die send expect build stay fall cut reach kill remain suggest raise
pass sell require report decide pull review merge deploy test fix release ship schedule
people year week day month time way thing man woman child world life hand part place case
point government company number group problem fact question issue side kind head house
service friend father power hour game line end member law car city community name team
minute idea kid body information back parent face others level office door health person
art war history party result change morning reason research girl guy moment air teacher
force education foot boy age policy process music market sense nation plan college
interest death experience effect class control care field development role effort rate
heart drug show leader light voice wife police mind price report decision son view
relationship town road arm difference value building action model season society tax
director position player record paper space ground form event official matter center
couple site project activity star table need court oil situation cost industry figure
street image phone data picture practice piece land product doctor wall patient worker
news test movie north love support technology step baby computer type attention film tree
source organization hair window evidence population site budget invoice contract meeting
agenda draft proposal deadline quarter forecast warehouse shipment delivery customer
supplier server database backup cluster network latency release version branch commit
patch build pipeline config template module library function bug crash regression
benchmark cache index query schema migration ticket sprint roadmap milestone review
feedback summary minutes slides spreadsheet calendar invitation holiday weekend trip
flight hotel booking dinner lunch coffee birthday garden weather photos recipe
good new first last long great little own other old right big high different small large
next early young important few public bad same able late hard major better best free
sure clear full special easy recent certain personal open red difficult available likely
short single medical current wrong private past foreign fine common poor natural
significant similar hot dead central happy serious ready simple left physical general
environmental financial blue democratic dark various entire close legal religious cold
final main green nice huge popular traditional cultural quick slow stable flaky broken
""".split()

FROM_STARTS = ("From what I can tell", "From the logs", "From my side", "From now on",
               "From Monday", "From the numbers above", "From experience")

GIVEN = """Avery Blake Cameron Dana Eden Finley Harper Jordan Kendall Logan Morgan Parker
Quinn Reese Rowan Sawyer Skyler Taylor Alden Briar Corin Darby Ellis Emery Flynn Gale
Hollis Indigo Jules Kit Lane Marlow Nico Oakley Perry Rory Sage Tatum Wren Yael Zephyr
Ada Bram Cleo Dorian Elsa Felix Greta Hugo Ines Jonas Kaia Leon Mila Nils Orla Piet
Rhea Silas Thea Ulla Viggo Wanda Xavi Yara Zane Amara Bodhi Calla Dax Esme Fenn Gwen
Hale Iris Joss Kira Lior Maren Nova Otis Pia Rafe Suri Teo Una Vale Wynn""".split()
FAMILY = """Ashdown Birchall Calloway Dunmore Elsworth Fairbanks Greywell Hartley Ingram
Jessop Kettering Langford Merriweather Northcott Oakhurst Pemberton Quill Ravensworth
Stanhope Thistlewood Underhill Vantreight Whitcombe Yardley Abernathy Blackwood
Copperfield Driscoll Eastwick Fenwick Gallagher Holloway Ivesdale Jennings Kingsley
Lockhart Marchbank Netherby Orwell Pickering Quenby Rainsford Shelby Tillingham Upton
Vickery Wainwright Ackroyd Bellamy Crowther Dalby Everard Fairweather Goodacre Haverford
Illingworth Jolliffe Kershaw Lowther Mabbott Nettleton Ormsby Pennington""".split()

DOMAINS = ["example.com", "example.net", "example.org", "mail.example", "post.example",
           "inbox.test", "letterbox.example", "northwind.example", "bluefin.example",
           "kestrel.test", "harbour.example", "quarry.example", "lindenlabs.example",
           "ferncloud.example", "orbitmail.example", "uni-hafenstadt.example",
           "stadtwerke.example", "copperleaf.test", "meridian.example", "tidewater.example"]

# language: (charsets with weights, given names, family names, family-first?, subjects, sentences)
LANGS = {
    "de": ((("ISO-8859-1", 3), ("ISO-8859-15", 2), ("UTF-8", 5)),
           "Jörg Bärbel Jürgen Sören Käthe Grete Björn Anneliese".split(),
           "Schäfer Köhler Größmann Brückner Lührs Böttcher Mäder Jäckel".split(), False,
           ["Rückfrage zur Lieferung", "Protokoll der Besprechung vom Donnerstag",
            "Änderungen am Entwurf", "Urlaubsvertretung nächste Woche", "Grüße aus München",
            "Kostenübersicht für das Frühjahr"],
           ["Vielen Dank für die schnelle Rückmeldung.", "Können wir das nächste Woche besprechen?",
            "Die Änderungen sind im Anhang.", "Schöne Grüße und ein gutes Wochenende.",
            "Ich habe die Zahlen noch einmal geprüft, sie stimmen.", "Für Rückfragen bin ich erreichbar."]),
    "fr": ((("ISO-8859-1", 4), ("ISO-8859-15", 1), ("UTF-8", 5)),
           "Hélène Frédéric Jérôme Anaïs Noël Gaëlle Loïc Céline".split(),
           "Lefèvre Bérard Prévost Thébault Mésange Chéreau Delâge Pétrel".split(), False,
           ["Réunion de lundi", "Compte rendu de la réunion", "Question sur la facture n° 2291",
            "Relance : devis en attente", "Bonne année à toute l'équipe", "Mise à jour du planning"],
           ["Merci pour ton retour rapide.", "Peux-tu vérifier les chiffres avant vendredi ?",
            "Je te propose qu'on en parle à la réunion.", "Bonne journée à tous.",
            "Le document révisé est en pièce jointe.", "À très bientôt."]),
    "es": ((("ISO-8859-1", 3), ("windows-1252", 2), ("UTF-8", 5)),
           "José María Begoña Íñigo Inés Ramón Lucía Óscar".split(),
           "Núñez Ibáñez Muñoz Peña Cáceres Ordóñez Gómez Santamaría".split(), False,
           ["Reunión del jueves", "Presupuesto revisado", "¿Comemos el viernes?",
            "Información sobre el envío", "Cambios en el calendario"],
           ["Muchas gracias por la información.", "¿Puedes revisarlo antes del lunes?",
            "Te adjunto la versión corregida.", "Un saludo muy cordial.", "Quedo a la espera de tu respuesta."]),
    "pl": ((("ISO-8859-2", 6), ("UTF-8", 4)),
           "Łukasz Małgorzata Wojciech Zofia Grzegorz Jędrzej Józef Agnieszka".split(),
           "Wiśniewski Zieliński Kołodziej Dąbrowska Żak Gęsiak Mańkowski Bąk".split(), False,
           ["Spotkanie w przyszłym tygodniu", "Poprawki do umowy", "Pytanie o fakturę",
            "Wyniki testów wydajności", "Życzenia świąteczne"],
           ["Dziękuję za szybką odpowiedź.", "Czy możemy to omówić w środę?",
            "W załączniku przesyłam poprawioną wersję.", "Pozdrawiam serdecznie.", "Wszystko działa poprawnie."]),
    "cs": ((("ISO-8859-2", 6), ("UTF-8", 4)),
           "Jiří Šárka Tomáš Kateřina Lubomír Věra Radek Zdeňka".split(),
           "Novotná Procházka Čermák Růžička Kovářová Šimek Dušková Hájek".split(), False,
           ["Schůzka v pondělí", "Připomínky k návrhu", "Faktura za březen", "Výsledky měření"],
           ["Děkuji za rychlou odpověď.", "Můžeme to probrat zítra?", "V příloze posílám opravenou verzi.",
            "S pozdravem a přáním hezkého dne."]),
    "ru": ((("KOI8-R", 3), ("windows-1251", 3), ("UTF-8", 4)),
           "Дмитрий Екатерина Сергей Ольга Алексей Наталья Игорь Татьяна".split(),
           "Соколов Кузнецова Лебедев Морозова Волков Павлова Зайцев Орлова".split(), False,
           ["Отчёт за квартал", "Встреча в четверг", "Вопрос по договору", "Обновление документации",
            "Результаты тестирования"],
           ["Спасибо за быстрый ответ.", "Давайте обсудим это на следующей неделе.",
            "Исправленная версия во вложении.", "С уважением.", "Всё работает, проверил на двух машинах."]),
    "uk": ((("windows-1251", 6), ("UTF-8", 4)),
           "Тарас Оксана Богдан Ірина Юрій Галина Остап Соломія".split(),
           "Шевчук Коваленко Бондар Ткаченко Мельник Кравець Гнатюк Ліщина".split(), False,
           ["Звіт за місяць", "Зустріч у середу", "Питання щодо рахунку", "Оновлений графік"],
           ["Дякую за швидку відповідь.", "Чи можемо обговорити це завтра?",
            "Виправлена версія у вкладенні.", "З найкращими побажаннями."]),
    "el": ((("ISO-8859-7", 6), ("UTF-8", 4)),
           "Γιώργος Μαρία Κώστας Ελένη Δημήτρης Σοφία Νίκος Αθηνά".split(),
           "Παπαδόπουλος Οικονόμου Γεωργίου Δημητρίου Αντωνίου Βασιλείου".split(), False,
           ["Συνάντηση την Πέμπτη", "Ερώτηση για το τιμολόγιο", "Αλλαγές στο πρόγραμμα", "Χρόνια πολλά!"],
           ["Ευχαριστώ για τη γρήγορη απάντηση.", "Μπορούμε να το συζητήσουμε αύριο;",
            "Η διορθωμένη έκδοση είναι στο συνημμένο.", "Με εκτίμηση."]),
    "ja": ((("ISO-2022-JP", 6), ("UTF-8", 3), ("Shift_JIS", 1)),
           "健太 美咲 大輔 由美 翔太 さくら 拓也 陽子".split(),
           "佐藤 鈴木 高橋 渡辺 伊藤 山本 中村 小林".split(), True,
           ["打ち合わせの件", "見積書送付のご案内", "来週の予定について", "資料を送付します", "お疲れさまです"],
           ["いつもお世話になっております。", "ご確認のほどよろしくお願いいたします。",
            "資料を添付いたしましたのでご査収ください。", "来週の打ち合わせでご相談させてください。", "以上、よろしくお願いします。"]),
    "zh": ((("GB2312", 5), ("GBK", 2), ("UTF-8", 3)),
           "伟 芳 静 磊 洋 娜 军 丽".split(), "王 李 张 刘 陈 杨 赵 黄".split(), True,
           ["关于下周会议的安排", "季度报告", "合同修改意见", "测试结果汇总", "请查收附件"],
           ["谢谢你的及时回复。", "我们下周再讨论一下。", "修改后的版本在附件中。", "如有问题请随时联系我。", "祝好！"]),
    "tw": ((("Big5", 7), ("UTF-8", 3)),
           "志明 淑芬 家豪 怡婷 俊傑 雅婷 冠宇 佳穎".split(), "陳 林 黃 吳 許 蔡 鄭 謝".split(), True,
           ["下週會議安排", "報價單確認", "測試報告", "請查收附件"],
           ["謝謝你的回覆。", "我們下週再討論。", "修改後的版本在附件中。", "如有問題請隨時聯絡。"]),
    "ko": ((("EUC-KR", 6), ("UTF-8", 4)),
           "민준 서연 지호 하은 도윤 수아 예준 지우".split(), "김 이 박 최 정 강 조 윤".split(), True,
           ["다음 주 회의 일정", "견적서 확인 부탁드립니다", "테스트 결과 공유", "자료 보내드립니다"],
           ["빠른 답변 감사합니다.", "다음 주에 다시 논의하면 좋겠습니다.", "수정된 버전을 첨부합니다.", "감사합니다."]),
    "he": ((("UTF-8", 8), ("ISO-8859-8", 2)),
           "נועה יונתן תמר איתי שירה עומר".split(), "כהן לוי מזרחי פרץ ביטון אברהם".split(), False,
           ["פגישה ביום חמישי", "שאלה לגבי החשבונית", "עדכון לוח זמנים"],
           ["תודה על התשובה המהירה.", "אפשר לדבר על זה מחר?", "הגרסה המתוקנת מצורפת.", "בברכה."]),
    "ar": ((("UTF-8", 7), ("windows-1256", 3)),
           "ليلى عمر سارة يوسف مريم خالد".split(), "حداد خوري منصور عيسى نجار سليمان".split(), False,
           ["اجتماع يوم الخميس", "سؤال حول الفاتورة", "تحديث الجدول الزمني"],
           ["شكراً على الرد السريع.", "هل يمكننا مناقشة ذلك غداً؟", "النسخة المعدلة مرفقة.", "مع أطيب التحيات."]),
}
LANG_WEIGHTS = (("en", 70), ("de", 5), ("fr", 4), ("es", 3), ("pl", 2), ("cs", 1), ("ru", 3),
                ("uk", 1), ("el", 1), ("ja", 3), ("zh", 3), ("tw", 1), ("ko", 1), ("he", 1), ("ar", 1))
CODEC = {"us-ascii": "ascii", "utf-8": "utf-8", "iso-8859-1": "latin-1", "iso-8859-15": "iso8859_15",
         "iso-8859-2": "iso8859_2", "iso-8859-7": "iso8859_7", "iso-8859-8": "iso8859_8",
         "windows-1252": "cp1252", "windows-1251": "cp1251", "windows-1256": "cp1256",
         "koi8-r": "koi8_r", "iso-2022-jp": "iso2022_jp", "shift_jis": "shift_jis",
         "gb2312": "gb2312", "gbk": "gbk", "big5": "big5", "euc-kr": "euc_kr"}
EMOJI = ["🎉", "👍🏽", "🚀", "☕", "📦", "🎂", "👨‍👩‍👧‍👦", "🧑🏿‍💻", "🏳️‍🌈", "✅", "🔥", "🙏🏻", "📅", "🌷"]

SUBJECT_TEMPLATES = [
    "Meeting notes: {noun} {noun2}", "Question about the {adj} {noun}", "{Noun} {noun2} for Q{q}",
    "Re-scheduling the {noun} review", "[PATCH {p}/{m}] {area}: {verb} {noun} {noun2}",
    "[PATCH v{v}] {area}: {verb} the {adj} {noun}", "Build failure on {platform}",
    "{Project} {ver} released", "Proposal: {verb} the {noun} {noun2}", "Lunch on {day}?",
    "Your {service} receipt for {month}", "Reminder: {noun} {noun2} on {day}",
    "Invoice {num} from {Company}", "{Adj} {noun} in the {noun2} {noun3}", "Draft {noun} {noun2} attached",
    "Travel plans for {month}", "Weekend {noun}?", "Follow-up: {noun} {noun2}",
    "{Project}: {adj} {noun} when {noun2} is {adj2}", "Invitation: {Noun} sync @ {day} {hh}:00",
    "Photos from {month}", "Contract renewal ({Company})", "Status update, week {wk}",
    "Out of office: {noun} {noun2}", "Can you review {noun} {noun2}?", "Thoughts on {noun} {noun2}?",
]
AREAS = "core build docs ui net imap smtp mime config i18n tests ci parser cache index".split()
PLATFORMS = ["FreeBSD 14", "Debian trixie", "macOS arm64", "Windows (MSYS2)", "musl", "32-bit ARM"]
PROJECTS = ["Lanternfish", "Quarrydb", "Tidewater", "Ferncloud", "Bluefin", "Kestrel", "Oakgate"]
COMPANIES = ["Northwind Freight", "Copperleaf Ltd", "Meridian Print", "Harbourside Energy",
             "Quarry & Sons", "Bluefin Analytics", "Tidewater Books"]
SERVICES = ["cloud storage", "train ticket", "bookshop", "phone plan", "coworking", "domain"]

LISTS = ["dev", "users", "announce", "i18n", "security", "ops", "book-club", "climbing",
         "parents-year4", "allotment"]

MUAS = ["NeoMutt/20251120", "Mutt/2.2.13 (2024-03-09)", "Pinecone/128.4.0", "Orbit Mail 16.0",
        "Driftwood Mail (3826.400.131.1.6)", "Driftwood Mail for iOS (22D72)", "Gnus/5.13 (Gnus v5.13)",
        "Kotori! 2.81.07", "Foxmail 7.2.25", "aerc 0.18.2", "Quillon Webmail 7.1", "git-send-email 2.47.1"]

ZONES = [(0, 18), (60, 22), (120, 8), (180, 4), (-300, 10), (-240, 6), (-480, 7), (-420, 3),
         (330, 4), (480, 6), (540, 6), (600, 2), (780, 1), (-180, 2), (345, 1), (-210, 1)]

ATTACH_TYPES = [  # (content type, extensions, weight, text?)
    ("application/pdf", "pdf", 25, False), ("image/jpeg", "jpg", 20, False),
    ("image/png", "png", 14, False),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", 8, False),
    ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", 5, False),
    ("application/zip", "zip", 4, False), ("application/octet-stream", "bin", 2, False),
    ("text/csv", "csv", 8, True), ("text/x-diff", "patch", 6, True),
    ("text/calendar", "ics", 4, True), ("text/plain", "txt", 4, True),
]
FILE_STEMS = ["report", "scan", "IMG_{n}", "invoice-{n}", "minutes", "draft-v{v}", "slides",
              "budget-2026", "photo", "contract", "screenshot {n}", "quote-{n}", "0001-fix-{area}",
              "export-{n}", "timesheet", "floorplan", "itinerary"]
NONASCII_STEMS = ["Übersicht Kosten", "Protokoll März", "réunion-équipe", "Lieferschein Nr. {n}",
                  "Отчёт {n}", "見積書_{n}", "会议纪要", "Präsentation", "Ωράριο", "čtvrtletní zpráva"]


# ---------------------------------------------------------------- helpers

def codec(cs):
    return CODEC[cs.lower()]


def q_encode(data):
    out = []
    for c in data:
        if c == 32:
            out.append("_")
        elif 48 <= c <= 57 or 65 <= c <= 90 or 97 <= c <= 122 or c in b"!*+-/":
            out.append(chr(c))
        else:
            out.append("=%02X" % c)
    return "".join(out)


def ew(text, cs, mode):
    """Encoded words of at most 75 characters, never splitting a character."""
    cod = codec(cs)

    def word(s):
        data = s.encode(cod)
        payload = base64.b64encode(data).decode() if mode == "B" else q_encode(data)
        return "=?%s?%s?%s?=" % (cs, mode, payload)
    words, cur = [], ""
    for ch in text:
        if cur and len(word(cur + ch)) > 75:
            words.append(word(cur))
            cur = ch
        else:
            cur += ch
    if cur:
        words.append(word(cur))
    return "\n ".join(words) if len(words) > 1 else words[0]


def wrap(text, width=72):
    out, line = [], ""
    for w in text.split(" "):
        if line and len(line) + 1 + len(w) > width:
            out.append(line)
            line = w
        else:
            line = line + " " + w if line else w
    if line:
        out.append(line)
    return "\n".join(out)


def date_str(t, off):
    tm = time.gmtime(t + off * 60)
    sign = "+" if off >= 0 else "-"
    a = abs(off)
    return "%s, %d %s %d %02d:%02d:%02d %s%02d%02d" % (
        DAYS[tm.tm_wday], tm.tm_mday, MONTHS[tm.tm_mon - 1], tm.tm_year,
        tm.tm_hour, tm.tm_min, tm.tm_sec, sign, a // 60, a % 60)


def utc_str(t):
    tm = time.gmtime(t)
    return "%s, %2d %s %d %02d:%02d:%02d +0000 (UTC)" % (
        DAYS[tm.tm_wday], tm.tm_mday, MONTHS[tm.tm_mon - 1], tm.tm_year,
        tm.tm_hour, tm.tm_min, tm.tm_sec)


def asctime(t):
    tm = time.gmtime(t)
    return "%s %s %2d %02d:%02d:%02d %d" % (DAYS[tm.tm_wday], MONTHS[tm.tm_mon - 1], tm.tm_mday,
                                            tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_year)


def pct(text):
    return "".join(chr(b) if (48 <= b <= 57 or 65 <= b <= 90 or 97 <= b <= 122 or b in b"-._~")
                   else "%%%02X" % b for b in text.encode("utf-8"))


def cw(weights):
    out, s = [], 0
    for w in weights:
        s += w
        out.append(s)
    return out


# ---------------------------------------------------------------- the model

class World:
    """Everything drawn once from the seed: senders, pools of text, payloads."""

    def __init__(self, rng, nsenders):
        self.rng = rng
        r = rng
        # sentences and wrapped paragraphs (plain ASCII English)
        sentences = []
        for _ in range(6000):
            n = r.randint(5, 19)
            ws = r.choices(WORDS, k=n)
            if r.random() < 0.15:
                ws.insert(r.randint(2, n - 1), ws.pop() + ",")
            s = " ".join(ws)
            if r.random() < 0.001:
                s = r.choice(FROM_STARTS) + " " + s
            s = s[0].upper() + s[1:] + r.choice("...........?!")
            sentences.append(s)
        paras = []
        for _ in range(4000):
            p = " ".join(r.choices(sentences, k=r.randint(1, 6)))
            if r.random() < 0.002:  # paragraphs that start with "From " on a line of their own
                p = "From " + p[0].lower() + p[1:]
            paras.append(wrap(p))
        self.paras = paras
        self.avg_para = sum(len(p) for p in paras) / len(paras) + 2
        self.quoted = ["> " + p.replace("\n", "\n> ") for p in paras]
        self.quoted2 = [">> " + p.replace("\n", "\n>> ") for p in paras[:800]]
        self.fancy = ["It’s “done” — mostly.", "Thanks! 🙏🏻", "Café at 10? ☕", "Naïve question: why?",
                      "See you there 👍🏽", "Résumé attached.", "Great work, all 🎉"]
        # senders
        self.senders = []
        langs = [l for l, _ in LANG_WEIGHTS]
        lcw = cw([w for _, w in LANG_WEIGHTS])
        used = set()
        for i in range(nsenders):
            lang = r.choices(langs, cum_weights=lcw)[0]
            g, f = r.choice(GIVEN), r.choice(FAMILY)
            local = "%s.%s" % (g.lower(), f.lower())
            dom = r.choice(DOMAINS)
            while (local, dom) in used:
                local += str(r.randint(1, 99))
            used.add((local, dom))
            address = "%s@%s" % (local, dom)
            if lang == "en":
                name = "%s %s" % (g, f)
                cs = r.choices(("us-ascii", "UTF-8", "ISO-8859-1"), (4, 5, 1))[0]
                hdr_name = name if r.random() > 0.1 else '"%s, %s"' % (f, g)
                sentences_l = None
            else:
                css, gl, fl, fam_first, _, sentences_l = LANGS[lang]
                cs = r.choices([c for c, _ in css], [w for _, w in css])[0]
                gn, fn = r.choice(gl), r.choice(fl)
                name = (fn + gn) if fam_first and lang in ("zh", "tw", "ko") else \
                    (fn + " " + gn if fam_first else gn + " " + fn)
                mode = "B" if lang in ("ja", "zh", "tw", "ko", "ru", "uk", "el", "he", "ar") \
                    or r.random() < 0.3 else "Q"
                hdr_name = ew(name, cs, mode)
            from_hdr = "%s <%s>" % (hdr_name, address)
            mua = r.choice(MUAS)
            zone = r.choices([z for z, _ in ZONES], [w for _, w in ZONES])[0]
            style = r.randrange(4)
            self.senders.append((from_hdr, address, dom, name, lang, cs, mua, zone, style, sentences_l))
        self.owner = ('%s <%s>' % (OWNER_NAME, OWNER), OWNER, "quinn.example", OWNER_NAME, "en",
                      "UTF-8", "NeoMutt/20251120", 0, 0, None)
        # Zipf-like activity: a few senders write most of the mail
        self.sender_cw = cw([1.0 / (i + 1) ** 0.7 for i in range(nsenders)])
        # non-ASCII subject pools, encoded once per (lang, charset, mode)
        self.subj_cache = {}
        # attachment payload: random bytes, base64 lines of 76 characters
        raw = r.randbytes(6 * 1024 * 1024)
        self.b64 = memoryview(base64.encodebytes(raw))
        self.b64_lines = len(self.b64) // 77
        self.dkim = [base64.b64encode(r.randbytes(256)).decode() for _ in range(64)]
        self.csv_rows = ["2025-%02d-%02d,%d,%s,%d.%02d" % (
            r.randint(1, 12), r.randint(1, 28), r.randint(1000, 9999), r.choice(WORDS),
            r.randint(1, 9999), r.randint(0, 99)) for _ in range(5000)]
        self.diff_lines = []
        for _ in range(3000):
            k = r.random()
            ws = " ".join(r.choices(WORDS, k=r.randint(2, 7)))
            if k < 0.2:
                self.diff_lines.append("+\t/* %s */" % ws)
            elif k < 0.4:
                self.diff_lines.append("-\t%s(%s);" % (ws.split()[0], ", ".join(ws.split()[1:])))
            else:
                self.diff_lines.append(" \tif (%s_%s)" % tuple(r.choices(WORDS, k=2)))

    def subject_native(self, lang, cs, mode):
        key = (lang, cs, mode)
        if key not in self.subj_cache:
            self.subj_cache[key] = [ew(s, cs, mode) for s in LANGS[lang][4]]
        return self.subj_cache[key]


def make_subject(r):
    t = r.choice(SUBJECT_TEMPLATES)
    words = WORDS
    v = dict(noun=r.choice(words), noun2=r.choice(words), noun3=r.choice(words), adj=r.choice(words),
             adj2=r.choice(words), verb=r.choice(words), q=r.randint(1, 4), p=r.randint(1, 5),
             m=r.randint(5, 9), v=r.randint(2, 6), area=r.choice(AREAS), platform=r.choice(PLATFORMS),
             ver="%d.%d.%d" % (r.randint(0, 4), r.randint(0, 30), r.randint(0, 9)),
             day=r.choice(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")),
             month=r.choice(("January", "March", "May", "June", "August", "October")),
             num=r.randint(1000, 99999), wk=r.randint(1, 52), hh=r.randint(8, 17),
             service=r.choice(SERVICES), Company=r.choice(COMPANIES), Project=r.choice(PROJECTS))
    v["Noun"] = v["noun"].capitalize()
    v["Adj"] = v["adj"].capitalize()
    return t.format(**v)


# ---------------------------------------------------------------- threads

def plan(r, world, count, years, list_share=0.35):
    """Decide every message's place: (time, parent, sender, thread).
    Returns the messages sorted by delivery time and per-thread data."""
    span = int(years * 365.25 * 86400)
    n_send = len(world.senders)
    msgs = []  # [t, parent, sender(-1 = owner), thread]
    threads = []  # (subject header, list index or -1, lang-driven)
    while len(msgs) < count:
        if r.random() < 0.55:
            size = 1
        else:
            size = min(int(r.paretovariate(1.2)) + 1, 400)
        size = min(size, count - len(msgs))
        lst = r.randrange(len(LISTS)) if r.random() < list_share else -1
        if lst >= 0 and size > 1:
            size = min(count - len(msgs), size + int(r.paretovariate(1.5)))
        # times relative to the thread's start
        rel = [0]
        parents = [-1]
        for k in range(1, size):
            p = k - 1 if r.random() < 0.7 else r.randrange(k)
            delay = int(r.lognormvariate(math.log(3 * 3600), 1.3)) + 60
            rel.append(rel[p] + delay)
            parents.append(p)
        dur = max(rel)
        # more mail in recent years
        start = END - 60 - dur - int(span * (r.random() ** 1.3))
        tid = len(threads)
        first = r.choices(range(n_send), cum_weights=world.sender_cw)[0]
        threads.append((first, lst))
        base = len(msgs)
        participants = [first]
        for k in range(size):
            if k == 0:
                s = first
            elif r.random() < 0.06:
                s = -1  # the owner's own reply, as it comes back from a list or a Cc
            elif r.random() < 0.35:
                s = r.choice(participants)
            else:
                s = r.choices(range(n_send), cum_weights=world.sender_cw)[0]
                participants.append(s)
            msgs.append([start + rel[k], -1 if parents[k] < 0 else base + parents[k], s, tid])
    return msgs, threads


# ---------------------------------------------------------------- one message

class Gen:
    def __init__(self, world, r, msgs, threads, attach_ratio):
        self.w = world
        self.r = r
        self.msgs = msgs
        self.threads = threads
        self.attach_ratio = attach_ratio
        self.thread_subj = {}
        self.mids = {}

    def sender(self, s):
        return self.w.owner if s < 0 else self.w.senders[s]

    def msgid(self, i):
        m = self.mids.get(i)
        if m is None:
            m = self.mids[i] = self._msgid(i)
        return m

    def _msgid(self, i):
        t, _, s, _ = self.msgs[i]
        snd = self.sender(s)
        style = snd[8]
        h = (i * 2654435761 + t) & 0xffffffffffff
        if style == 0:
            tm = time.gmtime(t)
            return "<%04d%02d%02d%02d%02d%02d.GA%d@%s>" % (tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour,
                                                          tm.tm_min, tm.tm_sec, i % 9973, snd[2])
        if style == 1:
            return "<%012x-%04x-4%03x@%s>" % (h, i & 0xffff, t & 0xfff, snd[2])
        if style == 2:
            return "<CA%X+%x=q@mail.%s>" % (h * 40503 & 0xffffffffffffffff, i, snd[2])
        return "<%x.%x@%s>" % (t, h ^ i, snd[2])

    def subject(self, i):
        r = self.r
        t, parent, s, tid = self.msgs[i]
        if tid not in self.thread_subj:
            first = self.sender(self.threads[tid][0])
            lang, cs = first[4], first[5]
            lst = self.threads[tid][1]
            if lang != "en" and r.random() < 0.6:
                mode = "B" if lang in ("ja", "zh", "tw", "ko", "ru", "uk", "el", "he", "ar") else "Q"
                subj = r.choice(self.w.subject_native(lang, cs, mode))
            else:
                subj = make_subject(r)
                if r.random() < 0.03:
                    subj = ew(r.choice(EMOJI) + " " + subj, "UTF-8", r.choice("BQ"))
            if lst >= 0 and r.random() < 0.5:
                subj = "[%s] %s" % (LISTS[lst], subj)
            self.thread_subj[tid] = subj
        subj = self.thread_subj[tid]
        if parent < 0:
            return subj
        x = r.random()
        pre = "Re: " if x < 0.88 else "RE: " if x < 0.93 else "AW: " if x < 0.95 else \
            "Fwd: " if x < 0.98 else "Re: Re: " if x < 0.99 else "SV: "
        return pre + subj

    def references(self, i):
        chain = []
        p = self.msgs[i][1]
        while p >= 0 and len(chain) < 60:
            chain.append(p)
            p = self.msgs[p][1]
        chain.reverse()
        if len(chain) > 20:  # what many clients do: keep the root and the last ones
            chain = chain[:1] + chain[-19:]
        return [self.msgid(j) for j in chain]

    def text_body(self, snd, parent, target, quote_parent):
        r = self.r
        w = self.w
        k = max(1, int(target / w.avg_para))
        parts = []
        name = snd[3]
        greet = r.choice(("Hi all,", "Hello,", "Hi,", "Dear colleagues,", "Hey,", ""))
        if greet:
            parts.append(greet)
        native = snd[9]
        if native:
            parts.append(" ".join(r.sample(native, min(len(native), r.randint(1, 3)))))
        if quote_parent is not None and r.random() < 0.75:
            pt, psnd = quote_parent
            attr = "On %s, %s wrote:" % (date_str(pt, psnd[7]), psnd[3])
            q = "\n>\n".join(r.choices(w.quoted, k=r.randint(1, 3)))
            if r.random() < 0.3:
                q += "\n>\n" + r.choice(w.quoted2)
            if r.random() < 0.8:  # bottom-posting: quote, then the answer
                parts.append(attr + "\n" + q)
                parts.extend(r.choices(w.paras, k=k))
            else:
                parts.extend(r.choices(w.paras, k=k))
                parts.append(attr + "\n" + q)
        else:
            parts.extend(r.choices(w.paras, k=k))
        if snd[5].upper() == "UTF-8" and r.random() < 0.3:
            parts.append(r.choice(w.fancy))
        if r.random() < 0.7:
            parts.append("-- \n%s" % name + ("\n%s" % r.choice(COMPANIES) if r.random() < 0.4 else ""))
        return "\n\n".join(parts) + "\n"

    def encode_text(self, txt, cs, subtype="plain"):
        """(header lines, body bytes) for a text part in charset cs."""
        r = self.r
        try:
            data = txt.encode(codec(cs))
        except UnicodeEncodeError:
            cs = "UTF-8"
            data = txt.encode("utf-8")
        if cs.lower() == "us-ascii" and not data.isascii():
            cs = "UTF-8"
        ascii_ = data.isascii()
        if cs.upper() == "ISO-2022-JP":
            cte = "7bit"
        elif ascii_:
            cte = "7bit" if r.random() < 0.8 else "quoted-printable"
        else:
            x = r.random()
            cte = "quoted-printable" if x < 0.5 else "base64" if x < 0.75 else "8bit"
        if cte == "quoted-printable":
            body = binascii.b2a_qp(data, istext=True)
        elif cte == "base64":
            body = base64.encodebytes(data)
        else:
            body = data
        if not body.endswith(b"\n"):
            body += b"\n"
        h = "Content-Type: text/%s; charset=%s\n" % (subtype, cs)
        if cte != "7bit" or r.random() < 0.5:
            h += "Content-Transfer-Encoding: %s\n" % cte
        return h, body

    def html_of(self, txt, cs):
        esc = txt.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        esc = esc.replace("\n\n", "</p>\n<p>").replace("\n", "<br>\n")
        return ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=%s">'
                '</head>\n<body style="font-family: Arial, sans-serif; font-size: 14px">\n<p>' % cs
                + esc + "</p>\n</body></html>\n")

    def attachment(self):
        r = self.r
        w = self.w
        ct, ext, _, is_text = r.choices(ATTACH_TYPES, cum_weights=ATTACH_CW)[0]
        stem = r.choice(FILE_STEMS) if r.random() > 0.1 else r.choice(NONASCII_STEMS)
        stem = stem.format(n=r.randint(1000, 9999), v=r.randint(1, 9), area=r.choice(AREAS))
        fname = "%s.%s" % (stem, ext)
        if r.random() < 0.008:
            size = int(math.exp(r.uniform(math.log(300e3), math.log(4e6))))  # the few large ones
        else:
            size = int(min(2e6, max(300, r.lognormvariate(math.log(9000), 1.0))))
        if is_text:
            if ext == "patch":
                n = max(3, size // 30)
                lines = ["diff --git a/src/%s.c b/src/%s.c" % (stem, stem), "--- a/src/%s.c" % stem,
                         "+++ b/src/%s.c" % stem, "@@ -1,%d +1,%d @@" % (n, n)]
                lines += r.choices(w.diff_lines, k=n)
                data = ("\n".join(lines) + "\n").encode()
            elif ext == "csv":
                n = max(2, size // 40)
                rows = ["date,account,description,amount"] + r.choices(w.csv_rows, k=n)
                data = ("\r\n".join(rows) + "\r\n").encode()
            elif ext == "ics":
                data = ("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//genmail//EN\nMETHOD:REQUEST\nBEGIN:VEVENT\n"
                        "UID:%x@genmail.example\nDTSTART:20260%d%02dT%02d0000Z\nDURATION:PT1H\n"
                        "SUMMARY:%s\nEND:VEVENT\nEND:VCALENDAR\n" % (
                            r.getrandbits(64), r.randint(1, 9), r.randint(1, 28), r.randint(7, 17),
                            make_subject(r))).encode()
            else:
                data = ("\n\n".join(r.choices(w.paras, k=max(1, int(size / w.avg_para)))) + "\n").encode()
            if ext == "ics":
                ctype = "text/calendar; charset=UTF-8; method=REQUEST"
            else:
                ctype = "%s; charset=%s" % (ct, "us-ascii" if ext == "patch" else "UTF-8")
            cte = "base64" if r.random() < 0.4 else "7bit"
            body = base64.encodebytes(data) if cte == "base64" else data
        else:
            ctype = ct
            cte = "base64"
            nlines = min(w.b64_lines, max(1, (size + 56) // 57))
            start = r.randrange(max(1, w.b64_lines - nlines))
            body = w.b64[start * 77:(start + nlines) * 77]  # a memoryview: no copy
        if fname.isascii():
            name = '; name="%s"' % fname
            disp = 'attachment; filename="%s"' % fname
        else:
            name = '; name="%s"' % ew(fname, "UTF-8", "Q").replace("\n ", " ")
            disp = "attachment;\n filename*=UTF-8''%s" % pct(fname)
        inline = ct.startswith("image/") and r.random() < 0.2
        if inline:
            disp = disp.replace("attachment", "inline", 1)
        h = "Content-Type: %s%s\nContent-Transfer-Encoding: %s\nContent-Disposition: %s\n" % (
            ctype, name, cte, disp)
        return h.encode(), body

    def boundary(self):
        r = self.r
        style = r.randrange(4)
        x = r.getrandbits(96)
        if style == 0:
            return "%024x" % x
        if style == 1:
            return "----=_Part_%d_%d.%d" % (x & 0xffffff, (x >> 24) & 0x7fffffff, 1700000000000 + (x >> 60))
        if style == 2:
            return "Apple-Mail=_%08X-%04X-%04X-%04X-%012X" % (
                x & 0xffffffff, (x >> 32) & 0xffff, (x >> 48) & 0xffff, (x >> 64) & 0xffff, x >> 80)
        return "=_%x" % x

    def message(self, i, flags_out):
        r = self.r
        w = self.w
        t, parent, s, tid = self.msgs[i]
        snd = self.sender(s)
        from_hdr, address, dom, name, lang, cs, mua, zone, style, native = snd
        lst = self.threads[tid][1]
        delivered = t + int(r.expovariate(1 / 20.0)) + 1
        h = []
        ap = h.append
        ap("Return-Path: <%s>\n" % (address if lst < 0 else "%s-bounces@lists.quinn-lists.example" % LISTS[lst]))
        ap("Delivered-To: %s\n" % OWNER)
        relay = ("lists.quinn-lists.example", "198.51.100.23") if lst >= 0 else \
            ("mail.%s" % dom, "203.0.113.%d" % (1 + sum(dom.encode()) % 250))
        ap("Received: from %s (%s [%s])\n\tby mx.quinn.example (Postfix) with ESMTPS id 4f%010X\n"
           "\tfor <%s>; %s\n" % (relay[0], relay[0], relay[1], r.getrandbits(40), OWNER, utc_str(delivered)))
        if r.random() < 0.6:
            ap("Received: from [192.0.2.%d] (unknown [192.0.2.%d])\n\tby smtp.%s (Postfix) with ESMTPSA id %09X\n"
               "\tfor <%s>; %s\n" % (r.randint(2, 254), r.randint(2, 254), dom, r.getrandbits(36),
                                   OWNER if lst < 0 else "list", date_str(t + 1, zone)))
        if r.random() < 0.45:
            b = r.choice(w.dkim)
            ap("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=%s;\n\ts=s%d; t=%d;\n"
               "\th=from:to:cc:subject:date:message-id:in-reply-to:references;\n\tbh=%s;\n\tb=%s\n\t %s\n"
               % (dom, 2020 + (t // 31557600) % 7, t, b[:44], b[44:110], b[110:300]))
            ap("Authentication-Results: mx.quinn.example;\n\tdkim=pass header.d=%s;\n\tspf=pass smtp.mailfrom=%s\n"
               % (dom, dom))
        x = r.random()
        if x < 0.003:  # an obsolete or sloppy Date, as old gateways write them
            tm = time.gmtime(t)
            ap("Date: %d %s %02d %02d:%02d:%02d GMT\n" % (tm.tm_mday, MONTHS[tm.tm_mon - 1], tm.tm_year % 100,
                                                         tm.tm_hour, tm.tm_min, tm.tm_sec))
        else:
            ap("Date: %s\n" % date_str(t, zone))
        ap("From: %s\n" % from_hdr)
        if lst >= 0:
            ap("To: %s@lists.quinn-lists.example\n" % LISTS[lst])
        else:
            if r.random() < 0.005:  # the occasional mail to a crowd
                n = r.randint(20, 150)
                tos = [w.senders[j][0] for j in r.sample(range(len(w.senders)), min(n, len(w.senders)))]
                ap("To: %s\n" % ",\n\t".join(tos + ["%s <%s>" % (OWNER_NAME, OWNER)]))
            else:
                ap("To: %s <%s>\n" % (OWNER_NAME, OWNER))
        if r.random() < 0.25:
            cc = [w.senders[j][0] for j in r.sample(range(len(w.senders)), r.randint(1, 4))]
            ap("Cc: %s\n" % ",\n\t".join(cc))
        if r.random() < 0.002:  # raw 8-bit header bytes from a legacy system
            subj = None
        else:
            subj = self.subject(i)
            ap("Subject: %s\n" % subj)
        mid = self.msgid(i)
        ap("Message-ID: %s\n" % mid)
        quote_parent = None
        if parent >= 0:
            refs = self.references(i)
            y = r.random()
            if y < 0.95:
                ap("In-Reply-To: %s\n" % refs[-1])
            if y > 0.03:
                ap("References: %s\n" % "\n ".join(refs))
            pt, _, ps, _ = self.msgs[parent]
            quote_parent = (pt, self.sender(ps))
        ap("User-Agent: %s\n" % mua if r.random() < 0.5 else "X-Mailer: %s\n" % mua)
        if lst >= 0:
            ln = LISTS[lst]
            ap("List-Id: %s <%s.lists.quinn-lists.example>\nList-Post: <mailto:%s@lists.quinn-lists.example>\n"
               "List-Unsubscribe: <mailto:%s-leave@lists.quinn-lists.example>\n"
               "List-Archive: <https://lists.quinn-lists.example/archives/%s/>\nPrecedence: list\n"
               % (ln.capitalize() + " list", ln, ln, ln, ln))
        head = "".join(h).encode("ascii")
        if subj is None:
            head += b"Subject: Entrep\xf4t : r\xe9ception du lot " + str(r.randint(100, 999)).encode() + b"\n"

        # body: a list of chunks, written without joining (attachments are
        # zero-copy views of the payload pool)
        target = min(200000, max(150, r.lognormvariate(math.log(2200), 0.8)))
        txt = self.text_body(snd, parent, target, quote_parent)
        if r.random() < 0.005:  # a pasted log line a few thousand characters long
            txt += "\n" + " ".join(r.choices(WORDS, k=r.randint(400, 1200))) + "\n"
        kind = r.random()
        mime = b"MIME-Version: 1.0\n"
        body = []
        if kind < self.attach_ratio:
            bb = self.boundary().encode()
            head += mime + b'Content-Type: multipart/mixed;\n boundary="' + bb + b'"\n\n'
            body.append(b"This is a multi-part message in MIME format.\n\n--" + bb + b"\n")
            th, tb = self.encode_text(txt, cs)
            if r.random() < 0.3:
                b2 = self.boundary().encode()
                hh, hb = self.encode_text(self.html_of(txt, cs), cs, "html")
                body += [b'Content-Type: multipart/alternative; boundary="' + b2 + b'"\n\n--' + b2 + b"\n",
                         th.encode(), b"\n", tb, b"\n--" + b2 + b"\n", hh.encode(), b"\n", hb,
                         b"\n--" + b2 + b"--\n"]
            else:
                body += [th.encode(), b"\n", tb]
            na = 1 if r.random() < 0.7 else 2 if r.random() < 0.67 else r.randint(3, 6)
            for _ in range(na):
                ah, ab = self.attachment()
                body += [b"\n--" + bb + b"\n", ah, b"\n", ab]
            body.append(b"\n--" + bb + b"--\n")
        elif kind < self.attach_ratio + 0.28:
            bb = self.boundary().encode()
            head += mime + b'Content-Type: multipart/alternative;\n boundary="' + bb + b'"\n\n'
            th, tb = self.encode_text(txt, cs)
            hh, hb = self.encode_text(self.html_of(txt, cs), cs, "html")
            body += [b"--" + bb + b"\n", th.encode(), b"\n", tb, b"\n--" + bb + b"\n", hh.encode(),
                     b"\n", hb, b"\n--" + bb + b"--\n"]
        else:
            th, tb = self.encode_text(txt, cs)
            body.append(tb)
            if r.random() < 0.08 and tb.isascii() and "Transfer" not in th:
                head += b"\n"  # old clients: no MIME header fields at all for plain ASCII
            else:
                head += mime + th.encode() + b"\n"
        # flags
        age = END - t
        if age < 3 * 86400 and r.random() < 0.8:
            flags_out.append(None)  # new/
        else:
            y = r.random()
            f = "" if y < 0.03 else "S"
            if s >= 0 and r.random() < 0.12:
                f = "RS"
            if r.random() < 0.03:
                f = "F" + f
            if r.random() < 0.01:
                f = "P" + f
            flags_out.append("".join(sorted(f)))
        return head, body, delivered, address


ATTACH_CW = cw([a[2] for a in ATTACH_TYPES])
FROM_RE = re.compile(rb"^(>*From )", re.M)


# ---------------------------------------------------------------- output

def run(fmt, count, seed, attach_ratio, senders, years, out):
    r = random.Random(seed)
    world = World(r, senders)
    msgs, threads = plan(r, world, count, years)
    order = sorted(range(len(msgs)), key=lambda i: (msgs[i][0], i))
    gen = Gen(world, r, msgs, threads, attach_ratio)
    total = 0
    flags = []
    if fmt == "maildir":
        for sub in ("cur", "new", "tmp"):
            os.makedirs(os.path.join(out, sub), exist_ok=True)
        cur = os.path.join(out, "cur") + "/"
        new = os.path.join(out, "new") + "/"
        for n, i in enumerate(order):
            head, body, delivered, _ = gen.message(i, flags)
            f = flags[-1]
            uniq = "%d.M%06dP%dQ%d.%s" % (delivered, (n * 7919) % 1000000, 4000 + n % 60000, n, HOST)
            path = new + uniq if f is None else cur + uniq + ":2," + f
            chunks = [head] + body
            size = sum(len(c) for c in chunks)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            try:
                done = os.writev(fd, chunks)  # one system call for the whole message
                if done != size:  # short write: finish it the slow way
                    os.write(fd, b"".join(bytes(c) for c in chunks)[done:])
                os.utime(fd, (delivered, delivered))
            finally:
                os.close(fd)
            total += size
    else:
        with open(out, "wb", buffering=1 << 22) as fh:
            for i in order:
                head, body, delivered, sender = gen.message(i, flags)
                f = flags[-1]
                if f is not None:  # mutt's Status/X-Status: R(ead) O(ld); A(nswered) F(lagged)
                    st = b"Status: " + (b"RO" if "S" in f else b"O") + b"\n"
                    xs = ("A" if "R" in f else "") + ("F" if "F" in f else "")
                    if xs:
                        st += b"X-Status: " + xs.encode() + b"\n"
                    head = head[:-1] + st + b"\n"
                # mboxrd: a body line matching ^>*From gets one more '>' (views are base64: never)
                body = [FROM_RE.sub(rb">\1", c) if type(c) is bytes and b"From " in c else c for c in body]
                fh.write(b"From %s %s\n" % (sender.encode(), asctime(delivered).encode()))
                fh.write(head)
                fh.writelines(body)
                fh.write(b"\n")
                total += len(head) + sum(len(c) for c in body)
    return len(order), total, sum(1 for f in flags if f is None)


def main():
    ap = argparse.ArgumentParser(description="Generate realistic, seeded mail for benchmarks.")
    ap.add_argument("--format", choices=("maildir", "mbox"), required=True)
    ap.add_argument("--count", type=int, required=True, help="number of messages")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--attach-ratio", type=float, default=0.12,
                    help="share of multipart/mixed messages with attachments (default 0.12)")
    ap.add_argument("--senders", type=int, default=3000, help="size of the sender pool (default 3000)")
    ap.add_argument("--years", type=float, default=10, help="span of the dates, ending March 2026 (default 10)")
    ap.add_argument("out", metavar="OUT", help="Maildir directory or mbox file")
    a = ap.parse_args()
    if a.count < 0 or not 0 <= a.attach_ratio <= 0.72 or a.senders < 10:
        ap.error("need --count >= 0, 0 <= --attach-ratio <= 0.72, --senders >= 10")
    if a.format == "mbox" and os.path.isdir(a.out):
        ap.error("OUT is a directory; mbox output needs a file name")
    if a.format == "maildir" and os.path.isdir(os.path.join(a.out, "cur")) and \
            any(not n.startswith(".") for n in os.listdir(os.path.join(a.out, "cur"))):
        ap.error("%s already holds messages; use an empty or new directory" % a.out)
    t0 = time.time()
    n, size, new = run(a.format, a.count, a.seed, a.attach_ratio, a.senders, a.years, a.out)
    dt = time.time() - t0
    print("genmail: %d messages (%d new), %.1f MB, %s %s, %.1f s" % (
        n, new, size / 1e6, a.format, a.out, dt), file=sys.stderr)


if __name__ == "__main__":
    main()
