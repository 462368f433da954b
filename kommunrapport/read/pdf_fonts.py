"""The weight of a font whose name does not say it.

Headings, header rows and totals are told apart by weight, and the weight is read from the font's
name (`Arial-BoldMT`, `Calibri,Bold`). Some producers rename every embedded font (`CIDFont+F1`,
`CIDFont+F2`), so the name no longer says which one is bold. The font itself still does: its
descriptor (`FontWeight`, the ForceBold flag) or the embedded font program (OpenType `OS/2`
usWeightClass, `head` macStyle), read with fontTools. A font found bold this way has its name
written as PDF's own style names are (`CIDFont+F2,Bold`), so that the one test of a name
(`pdf_layout.is_bold`) holds for it too.
"""
from __future__ import annotations

import io
import re

from kommunrapport.read.pdf_layout import is_bold

FONT_SETTINGS = {
    "bold_weight": 600,                 # usWeightClass / FontWeight from which a font is bold
    "max_program_bytes": 16 * 2**20,    # a font program larger than this is not parsed
}
_FORCE_BOLD = 1 << 18                    # descriptor Flags bit 19
# a name that says a weight other than bold (pdf_layout.is_bold knows the bold ones) is taken at its word
_NOT_BOLD = re.compile(r"light|thin|regular|book|medium|roman", re.I)


class FontWeights:
    """Font name -> bold, for the fonts of one document whose names say no weight; each font object
    is read once."""

    def __init__(self, settings: dict | None = None) -> None:
        self.settings = {**FONT_SETTINGS, **(settings or {})}
        self._by_ref: dict[object, bool | None] = {}

    def of(self, page) -> dict[str, bool]:
        """The bold fonts of the page whose names say no weight, by the name characters carry."""
        from pdfminer.pdftypes import resolve1

        out: dict[str, bool] = {}
        try:
            fonts = resolve1(page.page_obj.resources.get("Font")) or {}
            items = list(fonts.items())
        except Exception:  # noqa: BLE001 - no readable font resources: names are all there is
            return out
        for _, ref in items:
            key = getattr(ref, "objid", None) or id(ref)
            if key not in self._by_ref:
                self._by_ref[key] = self._read(ref)
            bold = self._by_ref[key]
            if bold:
                name = _base_name(ref)
                if name:
                    out[name] = True
        return out

    def _read(self, ref) -> bool | None:
        try:
            return font_is_bold(ref, self.settings)
        except Exception:  # noqa: BLE001 - a broken font program tells nothing; the name still counts
            return None


def _base_name(ref) -> str | None:
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral

    font = resolve1(ref)
    base = resolve1(font.get("BaseFont")) if isinstance(font, dict) else None
    if isinstance(base, PSLiteral):
        base = base.name
    if isinstance(base, bytes):
        base = base.decode("latin-1")
    return str(base) if base else None


def font_is_bold(ref, settings: dict = FONT_SETTINGS) -> bool | None:
    """True or False where the font says its weight, None where it does not (or its name does)."""
    from pdfminer.pdftypes import resolve1

    font = resolve1(ref)
    if not isinstance(font, dict):
        return None
    name = _base_name(ref) or ""
    plain = name.split("+")[-1]
    if is_bold(plain) or _NOT_BOLD.search(plain):
        return None
    descriptor = resolve1(font.get("FontDescriptor"))
    if descriptor is None and font.get("DescendantFonts"):
        descendant = resolve1(resolve1(font["DescendantFonts"])[0])
        descriptor = resolve1(descendant.get("FontDescriptor")) if isinstance(descendant, dict) else None
    if not isinstance(descriptor, dict):
        return None
    weight = resolve1(descriptor.get("FontWeight"))
    if isinstance(weight, int | float):
        return weight >= settings["bold_weight"]
    flags = resolve1(descriptor.get("Flags"))
    if isinstance(flags, int) and flags & _FORCE_BOLD:
        return True
    return _program_weight(descriptor, settings)


def _program_weight(descriptor: dict, settings: dict) -> bool | None:
    """The weight the embedded TrueType / OpenType program states."""
    from fontTools.ttLib import TTFont
    from pdfminer.pdftypes import resolve1

    stream = resolve1(descriptor.get("FontFile2") or descriptor.get("FontFile3"))
    if stream is None:
        return None
    length = resolve1(stream.attrs.get("Length1") or stream.attrs.get("Length")) or 0
    if isinstance(length, int) and length > settings["max_program_bytes"]:
        return None
    subtype = resolve1(stream.attrs.get("Subtype"))
    if subtype is not None and getattr(subtype, "name", "") != "OpenType":
        return None                     # a bare CFF program (Type1C): no OS/2 table to read
    data = stream.get_data()
    if not data or len(data) > settings["max_program_bytes"]:
        return None
    font = TTFont(io.BytesIO(data), lazy=True, fontNumber=0)
    if "OS/2" in font:
        return font["OS/2"].usWeightClass >= settings["bold_weight"]
    if "head" in font:
        return bool(font["head"].macStyle & 1)
    return None
