"""LibreOffice worker: runs under a Python that can `import uno` (Debian's system Python).

Started by `berichtsgen.export.libreoffice` as a child process in a process group of its own; it
must not import berichtsgen or any third-party package. It starts its own headless LibreOffice with
the user profile its parent chose (kept between runs, or thrown away), then reads one JSON request per line on stdin and
answers one JSON line on stdout:

    {"docx": "/abs/in.docx", "pdf": "/abs/out.pdf", "titel": "…"}
    → {"ok": true, "seiten": 31, "verzeichnisse": [{"art": "inhalt", "eintraege": [["Einleitung", "5"], …]}, …],
       "seitenverweise": {"_BerichtsgenTeil1": "iii", …}}
      or {"ok": false, "fehler": "…"}

Fields and indexes (table of contents, lists of figures and tables) are updated before export,
which `soffice --convert-to pdf` never does; their entries with page numbers are returned so that
the Word file can show the same numbers when it is opened.

When its parent dies – even by SIGKILL – the worker removes the profile and kills its whole
process group, LibreOffice included: a watchdog thread notices the new parent, and on Linux the
kernel sends SIGTERM at once (PR_SET_PDEATHSIG).
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

import uno  # noqa: F401  (registers the UNO import hooks)
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def pdf_filter_data():
    """Export options: tagged PDF/UA, PDF/A-2b, lossless images, bookmarks, title in window."""
    data = [
        prop("PDFUACompliance", True),
        prop("SelectPdfVersion", 2),
        prop("UseTaggedPDF", True),
        prop("UseLosslessCompression", True),
        prop("ExportBookmarks", True),
        prop("ExportNotes", False),
        prop("DisplayPDFDocumentTitle", True),
        prop("EmbedStandardFonts", True),
    ]
    return uno.Any("[]com.sun.star.beans.PropertyValue", tuple(data))


FELDCODE = re.compile(
    rb"<(?:\w+:)?instrText\b[^>]*>([^<]*)</(?:\w+:)?instrText>"
    rb"""|<(?:\w+:)?fldSimple\b[^>]*?\binstr=(?:"([^"]*)"|'([^']*)')"""
)
"""A field code in WordprocessingML: a complex field's instruction text, or a simple field's."""


def hat_seitenverweise(docx):
    """Whether any part of the Word file holds a PAGEREF field.

    Enumerating a document's fields over the UNO bridge costs LibreOffice some 2 ms per field
    (1,2–1,5 s for the 562 fields of a 400-page report); a file without page references needs none.
    The instruction texts are joined before the search: Word splits a field code over runs where
    it was edited ("PAGE" "REF _Toc1"); field codes ignore case. An unreadable file is searched by
    LibreOffice as before.
    """
    import zipfile

    try:
        with zipfile.ZipFile(docx) as paket:
            for name in paket.namelist():
                if not (name.startswith("word/") and name.endswith(".xml")):
                    continue
                codes = b"".join(b"".join(teile) for teile in FELDCODE.findall(paket.read(name)))
                if b"PAGEREF" in codes.upper():
                    return True
    except (OSError, zipfile.BadZipFile):
        return True
    return False


def seitenverweise_wie_word(doc):
    """Print PAGEREF fields in the number format of the page they point to, as Word does.

    LibreOffice (measured on 25.2.3) imports PAGEREF as the target's page number in arabic
    numerals, ignoring the section's format and a `\\* roman` switch: a front matter's page
    total would read "3" where Word prints "iii". With the part PAGE_DESC the field takes the
    format of the target page's style ("iii"). Return the reference fields changed.
    """
    seite, nach_stil = 0, 4  # com.sun.star.text.ReferenceFieldPart PAGE, PAGE_DESC
    geaendert = []
    felder = doc.getTextFields().createEnumeration()
    while felder.hasMoreElements():
        feld = felder.nextElement()
        if (
            feld.supportsService("com.sun.star.text.TextField.GetReference")
            and feld.ReferenceFieldPart == seite
        ):
            feld.ReferenceFieldPart = nach_stil
            geaendert.append(feld)
    return geaendert


def aufraeumen_und_ende(profil):
    """Remove the profile and kill the whole process group (LibreOffice and this worker)."""
    shutil.rmtree(profil, ignore_errors=True)
    os.killpg(os.getpgid(0), signal.SIGKILL)


def mit_eltern_sterben(profil):
    """Die with the parent: SIGTERM from the kernel (Linux), else a watchdog that polls."""
    eltern = os.getppid()
    signal.signal(signal.SIGTERM, lambda *_: aufraeumen_und_ende(profil))
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass
    if os.getppid() != eltern:  # the parent died before the line above
        aufraeumen_und_ende(profil)

    def wachen():
        while True:
            time.sleep(0.5)
            if os.getppid() != eltern:
                aufraeumen_und_ende(profil)

    threading.Thread(target=wachen, daemon=True).start()


class Office:
    def __init__(self, soffice, profil, behalten=False):
        self.profil = profil
        self.behalten = behalten
        self.pipe = "berichtsgen" + str(os.getpid())
        self.proc = subprocess.Popen(
            [
                soffice,
                "-env:UserInstallation=file://" + self.profil,
                "--headless",
                "--invisible",
                "--norestore",
                "--nologo",
                "--nodefault",
                "--nolockcheck",
                f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        ctx = None
        for _ in range(600):
            if self.proc.poll() is not None:
                raise RuntimeError(f"LibreOffice hat sich beim Start beendet (Code {self.proc.returncode})")
            try:
                ctx = resolver.resolve(f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext")
                break
            except NoConnectException:
                time.sleep(0.05)
        if ctx is None:
            raise RuntimeError("keine Verbindung zu LibreOffice")
        self.desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        self.version = version_lesen(ctx)

    def anwaermen(self, sprache):
        """Hyphenate a little text in `sprache` ("de-DE") once: loading the German patterns costs
        LibreOffice some 2.4 s (libhyphen), which is then spent while berichtsgen computes, not in
        the PDF stage."""
        from com.sun.star.lang import Locale

        teile = sprache.split("-")

        doc = self.desktop.loadComponentFromURL(
            "private:factory/swriter", "_blank", 0, (prop("Hidden", True),)
        )
        try:
            text = doc.getText()
            cursor = text.createTextCursor()
            cursor.setPropertyValue("CharLocale", Locale(teile[0], teile[1] if len(teile) > 1 else "", ""))
            cursor.setPropertyValue("ParaIsHyphenation", True)
            text.insertString(
                cursor, "Bedarfsgemeinschaften Zuwanderungsgeschichte Integrationskonzept " * 20, False
            )
            ziel = os.path.join(self.profil, "anwaermen.pdf")
            doc.storeToURL(uno.systemPathToFileUrl(ziel), (prop("FilterName", "writer_pdf_Export"),))
        finally:
            doc.close(True)

    def convert(self, docx, pdf, titel):
        url = uno.systemPathToFileUrl(docx)
        doc = self.desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
        if doc is None:
            raise RuntimeError("LibreOffice konnte die Datei nicht öffnen")
        try:
            seitenverweise = seitenverweise_wie_word(doc) if hat_seitenverweise(docx) else []
            doc.getTextFields().refresh()
            indexes = doc.getDocumentIndexes()
            # Twice: a filled table of contents can move the pages that it lists.
            for _ in range(2):
                for i in range(indexes.getCount()):
                    indexes.getByIndex(i).update()
            doc.getTextFields().refresh()
            verzeichnisse = []
            for i in range(indexes.getCount()):
                index = indexes.getByIndex(i)
                art = "inhalt"
                if getattr(index, "CreateFromLabels", False):
                    art = index.LabelCategory
                eintraege = []
                for zeile in index.getAnchor().getString().split("\n"):
                    text, _, seite = zeile.rpartition("\t")
                    if text:
                        eintraege.append([text, seite])
                verzeichnisse.append({"art": art, "eintraege": eintraege})
            if titel:
                doc.getDocumentProperties().Title = titel
            seiten = doc.getDocumentProperties().DocumentStatistics
            seiten = {s.Name: s.Value for s in seiten}.get("PageCount", 0)
            doc.storeToURL(
                uno.systemPathToFileUrl(pdf),
                (prop("FilterName", "writer_pdf_Export"), prop("FilterData", pdf_filter_data())),
            )
            # what a page reference printed (a part's page total in a footer), for the Word file
            verweise = {f.SourceName: f.getPresentation(False) for f in seitenverweise}
            return {"seiten": seiten, "verzeichnisse": verzeichnisse, "seitenverweise": verweise}
        finally:
            doc.close(True)

    def close(self):
        try:
            self.desktop.terminate()
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()
            self.behalten = False  # a LibreOffice that did not end may have left it half written
        if self.behalten:
            for name in ("anwaermen.pdf", "anwaermen-docx.pdf"):  # the latter from older versions
                try:
                    os.remove(os.path.join(self.profil, name))
                except OSError:
                    pass
        else:
            shutil.rmtree(self.profil, ignore_errors=True)


def version_lesen(ctx):
    """The version of the running LibreOffice ("25.2.3.2"), "" if it does not say."""
    try:
        anbieter = ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.configuration.ConfigurationProvider", ctx
        )
        zugriff = anbieter.createInstanceWithArguments(
            "com.sun.star.configuration.ConfigurationAccess",
            (prop("nodepath", "/org.openoffice.Setup/Product"),),
        )
        return str(zugriff.getByName("ooSetupVersionAboutBox"))
    except Exception:
        return ""


def main():
    soffice = sys.argv[1] if len(sys.argv) > 1 else "soffice"
    profil = sys.argv[2]
    silbentrennung = sys.argv[3] if len(sys.argv) > 3 else ""
    behalten = len(sys.argv) > 4 and sys.argv[4] == "1"
    mit_eltern_sterben(profil)
    try:
        office = Office(soffice, profil, behalten)
    except Exception as exc:  # report start-up failure as the first answer
        print(json.dumps({"ok": False, "fehler": str(exc), "start": True}), flush=True)
        return 1
    try:
        # no Word file is converted ahead: on LibreOffice 25.2 the first one costs no more than
        # later ones, and on two cores the extra conversion took CPU from berichtsgen (0,7 s)
        if silbentrennung:
            office.anwaermen(silbentrennung)
    except Exception:
        pass  # only a head start
    print(json.dumps({"ok": True, "bereit": True, "version": office.version}), flush=True)
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            req = json.loads(line)
            try:
                info = office.convert(req["docx"], req["pdf"], req.get("titel"))
                answer = {"ok": True}
                answer.update(info)
            except Exception as exc:
                answer = {"ok": False, "fehler": f"{type(exc).__name__}: {exc}"}
            print(json.dumps(answer), flush=True)
    finally:
        office.close()
    # 0 tells the parent that a kept profile is whole (LibreOffice ended by itself); 3 that it is not
    return 0 if office.behalten else 3


if __name__ == "__main__":
    sys.exit(main())
