"""The panel report as a PDF (fpdf2, core fonts: no font files to ship)."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.services.panels.report import ReportData


def latin1(text: object) -> str:
    """Core PDF fonts speak Latin-1: keep accents where Latin-1 has them, strip the rest
    (Łukasz → Lukasz) rather than fail."""
    value = "" if text is None else str(text)
    try:
        value.encode("latin-1")
        return value
    except UnicodeEncodeError:
        decomposed = unicodedata.normalize("NFKD", value)
        stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        return stripped.encode("latin-1", "replace").decode("latin-1")


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def render_pdf(data: ReportData) -> bytes:
    """A landscape A4 report: heading, grid, members, declarations, ranking, agreement."""
    from fpdf import FPDF  # here: its fonts' tables cost every process start-up otherwise

    pdf = FPDF(orientation="L", format="A4")
    pdf.set_auto_page_break(auto=True, margin=12)
    if data.signed_at is not None:
        pdf.set_creation_date(data.signed_at)
    pdf.add_page()

    def heading(text: str) -> None:
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 12)
        pdf.cell(0, 8, latin1(text), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 9)

    def line(*cells: tuple[object, float]) -> None:
        for text, width in cells:
            pdf.cell(width, 6, latin1(text)[:90], border=1)
        pdf.ln(6)

    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 10, latin1(f"Panel report - {data.call.get('reference')} - {data.stage.value}"),
             new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    pdf.multi_cell(0, 5, latin1(str(data.call.get("title"))), new_x="LMARGIN", new_y="NEXT")
    signed = (f"Signed off by {data.signed_by} on {data.signed_at:%Y-%m-%d %H:%M} UTC"
              if data.signed_by and data.signed_at else "Draft: not signed off")
    pdf.cell(0, 6, latin1(signed), new_x="LMARGIN", new_y="NEXT")

    heading(f"Grid (pass threshold {data.grid.pass_threshold:g}, "
            f"spread threshold {data.grid.spread_threshold:g})")
    line(("criterion", 40), ("label", 140), ("weight", 20), ("scale", 30), ("knock-out", 25))
    for c in data.grid.criteria:
        line((c.id, 40), (c.label, 140), (f"{c.weight:g}", 20),
             (f"{c.scale_min:g}-{c.scale_max:g} by {c.step:g}", 30),
             ("" if c.knockout_min is None else f"{c.knockout_min:g}", 25))
    heading("Members")
    for m in data.members:
        line((m.name, 100), (m.role.value, 40))
    heading("Conflict-of-interest declarations")
    line(("no conflict", 40), (data.declarations.get("no_conflict", 0), 20),
         ("conflict", 40), (data.declarations.get("conflict", 0), 20))
    heading("Ranking")
    line(("rank", 12), ("candidate", 60), ("mean", 18), ("median", 18), ("scorers", 16),
         ("abst.", 14), ("spread", 18), ("sd", 16), ("discuss", 16), ("knock-out", 40),
         ("passed", 16))
    for r in data.rows:
        line((r.rank or "", 12), (r.candidate or r.application_id, 60), (_fmt(r.mean), 18),
             (_fmt(r.median), 18), (r.scorers, 16), (r.abstentions, 14), (_fmt(r.spread), 18),
             (_fmt(r.std_dev), 16), ("yes" if r.discuss else "", 16),
             (" ".join(r.knockout_failures), 40), ("yes" if r.passed else "no", 16))
    heading("Agreement")
    a = data.agreement
    interval = (f" (95% CI {a.icc2k_ci95[0]:.2f}-{a.icc2k_ci95[1]:.2f})"
                if a.icc2k_ci95 else "")
    pdf.multi_cell(0, 5, latin1(f"Krippendorff's alpha: {_fmt(a.krippendorff_alpha) or 'n/a'}; "
                                f"ICC(2,k): {_fmt(a.icc2k) or 'n/a'}{interval}. {a.note}"),
                   new_x="LMARGIN", new_y="NEXT")
    heading("Proposed for the next step")
    for r in data.proposed:
        line((r.rank or "", 12), (r.candidate or r.application_id, 100))
    return bytes(pdf.output())
