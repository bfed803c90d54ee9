"""The monthly report as files: a PDF to print for the meeting and an XLSX to work in.

Both are rendered from a kept report's data. The PDF uses the standard PDF fonts (no font
file to ship), so text is reduced to Latin-1: a dash for "—", "->" for "→".
"""

from __future__ import annotations

import io
from typing import Any

import xlsxwriter
from fpdf import FPDF
from fpdf.enums import XPos, YPos

COLUMNS = [("rank", "Peringkat", 16), ("short_name", "OPD", 62), ("score", "Skor", 16),
           ("change", "Perubahan", 20), ("expected", "Wajib", 16), ("delivered", "Dikirim", 18),
           ("on_time", "Tepat waktu", 22), ("late", "Terlambat", 20), ("missing", "Belum", 16),
           ("partial", "Sebagian", 18), ("published", "Terbit", 16)]  # fmt: skip
LATIN1 = {"—": "-", "–": "-", "→": "->", "…": "...", "×": "x", "’": "'", "‘": "'", "“": '"',
          "”": '"', "≥": ">=", "≤": "<="}  # fmt: skip


def _text(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    out = str(value)
    for a, b in LATIN1.items():
        out = out.replace(a, b)
    return out.encode("latin-1", "replace").decode("latin-1")


def _change(value: float | None) -> str:
    return "-" if value is None else f"{value:+.1f}".replace(".", ",")


def render_pdf(data: dict[str, Any]) -> bytes:
    """Return the report as an A4 landscape PDF."""
    pdf = FPDF(orientation="L", format="A4")
    pdf.set_title(_text(data["title"]))
    pdf.set_author("Satu Data Jawa Timur")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_page()
    pdf.set_font("helvetica", "B", 15)
    pdf.cell(0, 9, _text(data["title"]), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("helvetica", "", 9)
    t = data["totals"]
    pdf.multi_cell(0, 5, _text(
        f"Keadaan per {data['as_of']}, dibandingkan dengan {data['previous_as_of']}. "
        f"{t['organizations']} OPD, rata-rata skor {_text(t['mean_score'])}; "
        f"{t['delivered']} dari {t['expected']} periode wajib sudah dikirim, "
        f"{t['on_time']} tepat waktu, {t['missing']} belum dikirim."),
        new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
    pdf.set_font("helvetica", "I", 8)
    pdf.multi_cell(0, 4, _text("Rumus: " + data["formula"]), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    pdf.set_font("helvetica", "B", 9)
    pdf.set_fill_color(221, 235, 247)
    for _, title, width in COLUMNS:
        pdf.cell(width, 7, title, border=1, fill=True)
    pdf.ln()
    pdf.set_font("helvetica", "", 9)
    for org in data["organizations"]:
        for key, _, width in COLUMNS:
            value = _change(org[key]) if key == "change" else _text(org[key])
            pdf.cell(width, 6, value[:38], border=1)
        pdf.ln()
    pdf.add_page()
    pdf.set_font("helvetica", "B", 13)
    pdf.cell(0, 8, "Perubahan dan tindak lanjut per OPD", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for org in data["organizations"]:
        pdf.set_font("helvetica", "B", 10)
        pdf.cell(0, 7, _text(f"{org['rank'] or '-'}. {org['name']} - skor {_text(org['score'])} "
                             f"({_change(org['change'])})"),
                 new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
        pdf.set_font("helvetica", "", 8.5)
        lines = []
        if org["delivered_this_month"]:
            lines.append("Dikirim bulan ini: " + "; ".join(org["delivered_this_month"]))
        if org["newly_overdue"]:
            lines.append("Baru lewat tenggat: " + "; ".join(org["newly_overdue"]))
        lines += [f"- {a}" for a in org["actions"]]
        if org["more_actions"]:
            lines.append(f"- dan {org['more_actions']} tindak lanjut lainnya (lihat papan)")
        if not lines:
            lines.append("Tidak ada tindak lanjut.")
        for line in lines:
            pdf.multi_cell(0, 4.5, _text(line), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1.5)
    return bytes(pdf.output())


def render_xlsx(data: dict[str, Any]) -> bytes:
    """Return the report as a workbook: ranking, action items."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    sheet = book.add_worksheet("Ringkasan")
    sheet.write(0, 0, data["title"], book.add_format({"bold": True, "font_size": 14}))
    sheet.write(1, 0, f"Keadaan per {data['as_of']}; rumus: {data['formula']}")
    headers = [*(title for _, title, _ in COLUMNS), "Skor bulan lalu", "Kode OPD"]
    for col, title in enumerate(headers):
        sheet.write(3, col, title, bold)
    for row, org in enumerate(data["organizations"], 4):
        values = [org[key] for key, _, _ in COLUMNS] + [org["previous_score"], org["code"]]
        for col, value in enumerate(values):
            if value is None:
                sheet.write_blank(row, col, None)
            else:
                sheet.write(row, col, value)
    sheet.set_column(1, 1, 34)
    sheet.set_column(2, len(headers), 12)
    sheet.freeze_panes(4, 2)
    actions = book.add_worksheet("Tindak Lanjut")
    for col, title in enumerate(["Kode OPD", "OPD", "Jenis", "Uraian", "English"]):
        actions.write(0, col, title, bold)
    row = 1
    for org in data["organizations"]:
        entries = ([("dikirim bulan ini", t, "") for t in org["delivered_this_month"]]
                   + [("baru lewat tenggat", t, "") for t in org["newly_overdue"]]
                   + [("tindak lanjut", a, e) for a, e in zip(org["actions"], org["actions_en"],
                                                              strict=True)])  # fmt: skip
        for kind, text, english in entries:
            for col, value in enumerate([org["code"], org["short_name"], kind, text, english]):
                actions.write(row, col, value)
            row += 1
    actions.set_column(0, 2, 18)
    actions.set_column(3, 4, 90)
    book.close()
    return out.getvalue()


MEDIA_TYPES = {"pdf": "application/pdf",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}  # fmt: skip


def report_file(data: dict[str, Any], kind: str, *, month: str,
                revision: int) -> tuple[bytes, str, str]:  # fmt: skip
    """Return a kept report as a file of `kind` (pdf or xlsx): content, media type, name."""
    content = render_xlsx(data) if kind == "xlsx" else render_pdf(data)
    kind = "xlsx" if kind == "xlsx" else "pdf"
    return content, MEDIA_TYPES[kind], f"laporan-daftar-data-{month}-r{revision}.{kind}"
