"""Money stated in running text on a page that gave no fact is said with one `prose_money` warning,
never extracted and never left silent (real Göteborg Intraservice pages, PDF and layout text)."""
from __future__ import annotations

import pytest

from kommunrapport.find.prose_money import amounts_in


@pytest.mark.parametrize("name", ["goteborg_intraservice_delarsrapport_2026-03.pdf",
                                  "goteborg_intraservice_delarsrapport_2026-03.txt"])
def test_a_page_of_prose_money_is_said_once(real_extraction, name):
    ex = real_extraction(name)
    said = {w.provenance.page: w.message for w in ex.warnings if w.code == "prose_money"}
    assert "För 2026 beräknas en tillkommande" in said[12]
    assert said[12].startswith("page 12: 3 amounts in running text")
    fact_pages = {f.provenance.page for f in ex.financial_lines}
    assert 11 in fact_pages and not fact_pages & set(said)     # a page with facts is not flagged
    assert not any(f.provenance.page == 12 for f in ex.financial_lines)   # and nothing is read from prose


def test_years_are_no_amounts():
    assert amounts_in("ökat från 357 kronor per invånare år 2023 till 392 kr per invånare 2024") == ["357", "392"]
