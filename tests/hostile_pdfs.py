"""Small hostile PDFs, written byte by byte (no PDF library would write them): reference cycles,
decompression bombs, broken cross-reference tables, pathological drawings."""
from __future__ import annotations

import zlib
from pathlib import Path

TEXT = b"BT /F1 12 Tf 72 800 Td (Delarsrapport 2023 Socialnamnden) Tj ET\n"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def stream(data: bytes, *, flate: bool = False) -> bytes:
    if flate:
        data = zlib.compress(data, 9)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def form(data: bytes, attrs: bytes) -> bytes:
    return b"<< " + attrs + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def pdf_bytes(objects: dict[int, bytes], *, root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """A PDF of these numbered objects with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += (b"%010d 00000 n \n" % offsets[number]) if number in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (size, root, trailer_extra, xref)
    return bytes(out)


def page_pdf(*, mediabox: bytes = b"[0 0 595 842]", resources: bytes = b"<< /Font << /F1 4 0 R >> >>",
             contents: bytes = b"5 0 R", content: bytes = TEXT, extra: dict[int, bytes] | None = None,
             catalog_extra: bytes = b"", flate: bool = False) -> bytes:
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox " + mediabox + b" /Resources " + resources
           + b" /Contents " + contents + b" >>",
        4: FONT,
        5: stream(content, flate=flate),
    }
    objects.update(extra or {})
    return pdf_bytes(objects)


def grid_content(n: int, *, rects: bool = False) -> bytes:
    """n x n ruled lines (or n x n filled rects) under the report's one line of text."""
    ops = []
    for i in range(n):
        if rects:
            ops += [b"%d %d 2 2 re f" % (40 + (i * 13) % 500, 40 + (j * 7) % 700) for j in range(n)]
        else:
            ops.append(b"%.2f 40 m %.2f 800 l S" % (40 + i * 500 / n, 40 + i * 500 / n))
            ops.append(b"40 %.2f m 540 %.2f l S" % (40 + i * 760 / n, 40 + i * 760 / n))
    return b"0.2 w\n" + b"\n".join(ops) + b"\n" + TEXT


HOSTILE = {
    # name: (bytes, what a clean outcome is: 'error' = exit 1 one line, else a warning code on exit 0)
    "self_ref_mediabox": (page_pdf(mediabox=b"6 0 R", extra={6: b"6 0 R"}), "error"),
    "self_ref_contents": (page_pdf(contents=b"6 0 R", extra={6: b"6 0 R"}), "error"),
    "resources_two_cycle": (page_pdf(resources=b"7 0 R", extra={7: b"8 0 R", 8: b"7 0 R"}),
                            "pdf_reference_cycle"),
    "font_self_ref": (page_pdf(resources=b"<< /Font << /F1 6 0 R >> >>", extra={6: b"6 0 R"}),
                      "pdf_reference_cycle"),
    "form_draws_itself": (page_pdf(
        resources=b"<< /Font << /F1 4 0 R >> /XObject << /X1 6 0 R >> >>", content=TEXT + b"/X1 Do\n",
        extra={6: form(b"BT /F1 9 Tf 9 9 Td (x) Tj ET /X1 Do\n",
                       b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] "
                       b"/Resources << /Font << /F1 4 0 R >> /XObject << /X1 6 0 R >> >>")}),
        "pdf_reference_cycle"),
    "outline_cycle": (page_pdf(catalog_extra=b"/Outlines 6 0 R ", extra={
        6: b"<< /Type /Outlines /First 7 0 R /Last 7 0 R /Count 1 >>",
        7: b"<< /Title (Ekonomi) /Parent 6 0 R /Next 7 0 R /First 7 0 R /Last 7 0 R /Dest [3 0 R /XYZ 0 800 0] >>"}),
        "pdf_outline_cycle"),
    "flate_bomb": (page_pdf(content=TEXT + b" " * (80 * 2**20), flate=True), "error"),
    "grid_150_lines": (page_pdf(content=grid_content(150)), "pathological_page"),
}


def truncated(data: bytes, keep: float = 0.6) -> bytes:
    return data[: int(len(data) * keep)]


def xref_loop() -> bytes:
    """A trailer whose /Prev points back at its own cross-reference table."""
    data = page_pdf()
    xref_at = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    return data.replace(b"/Root 1 0 R ", b"/Root 1 0 R /Prev %d " % xref_at)


def write_all(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, (data, _) in HOSTILE.items():
        paths[name] = folder / f"{name}.pdf"
        paths[name].write_bytes(data)
    return paths
