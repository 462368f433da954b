"""Report metadata of the corpus documents (values from ../shared/gold) and the municipality finder."""
from __future__ import annotations

from datetime import date

import pytest

from kommunrapport.find.context import Context
from kommunrapport.find.metadata import decision_date, document_type, extract_report, registration_number
from kommunrapport.models import DocumentType
from kommunrapport.normalize.municipalities import by_code, by_name, identify, municipalities

D = date
EXPECTED = {
    "alingsas": dict(code="1489", name="Alingsås", type=DocumentType.interim_report, year=2023,
                     start=D(2023, 1, 1), end=D(2023, 8, 31), decision=D(2023, 9, 19), dnr="2023.073 SN",
                     committee="Socialnämnden"),
    "ale": dict(code="1440", name="Ale", type=DocumentType.plan, year=2024, start=None, end=None, decision=None,
                dnr=None, committee="Socialnämnden"),
    "linkoping": dict(code="0580", name="Linköping", type=DocumentType.interim_report, year=2018,
                      start=D(2018, 1, 1), end=D(2018, 8, 31), decision=None, dnr=None, committee="Socialnämnden"),
    "sala": dict(code="1981", name="Sala", type=DocumentType.interim_report, year=2024, start=D(2024, 1, 1),
                 end=D(2024, 8, 31), decision=None, dnr="SAN 2024/78",
                 committee="Social- och arbetsmarknadsnämnden"),
    "strangnas": dict(code="0486", name="Strängnäs", type=DocumentType.annual_report, year=2023,
                      start=D(2023, 1, 1), end=D(2023, 12, 31), decision=None, dnr="SN/2024;147",
                      committee="Socialnämnden"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_report_of_corpus_text(name, document_of):
    want = EXPECTED[name]
    ctx = Context(document_of(name))
    report = extract_report(ctx)
    assert report.municipality.code == want["code"] and report.municipality.name == want["name"]
    assert report.document_type is want["type"]
    assert report.fiscal_year == want["year"]
    assert (report.period_start, report.period_end) == (want["start"], want["end"])
    assert report.decision_date == want["decision"]
    assert report.registration_number == want["dnr"]
    assert report.committee.name == want["committee"]
    assert not [w for w in ctx.warnings if w.code == "ambiguous_municipality"]


def test_document_type_raw_words():
    assert document_type(["Socialnämnden", "Nämndplan med budget 2024"])[:2] == (DocumentType.plan, "Nämndplan")
    assert document_type(["Delårsbokslut", "Dokumenttyp: Redovisande dokument, bokslut"])[0] \
        is DocumentType.interim_report
    assert document_type(["Tertialrapport 1 2024"])[0] is DocumentType.interim_report
    assert document_type(["Månadsrapport april"])[0] is DocumentType.monthly_report
    assert document_type(["Årsredovisning 2023"])[0] is DocumentType.annual_report
    assert document_type(["Verksamhetsberättelse 2023"])[0] is DocumentType.annual_report
    assert document_type(["Kvalitet & resultat i grundskolan 2024"])[0] is DocumentType.other


def test_registration_number_skips_references_in_brackets():
    texts = ["Plan för uppföljning av privata utförare 2023 (Dnr SN/2022:675)", "Dnr: SN/2024;147"]
    assert registration_number(texts) == "SN/2024;147"
    assert registration_number(["Diarienummer: 2023.073 SN"]) == "2023.073 SN"
    assert registration_number(["Dnr KS 2023/123 Kommunstyrelsen"]) == "KS 2023/123"
    assert registration_number(["Inget nummer här"]) is None


def test_decision_date_needs_its_label():
    assert decision_date(["Datum för beslut: 2023-09-19"]) == D(2023, 9, 19)
    assert decision_date(["Beslutsdatum 19 september 2023"]) == D(2023, 9, 19)
    assert decision_date(["2024-09-12 | DIARIENUMMER SAN 2024/78"]) is None


def test_kommuner_are_shipped():
    assert len(municipalities()) == 290
    assert by_code("1489").name == "Alingsås"
    assert by_code("781").code == "0781"             # Ljungby, leading zero restored
    assert by_name("Linköpings kommun").code == "0580"
    assert by_name("GÖTEBORGS STAD").code == "1480"
    assert by_name("Upplands Väsby").code == "0114"
    assert by_name("Atlantis") is None


def test_identify_by_organisation_domain_and_place():
    assert identify(["Kontakt: kommun.info@sala.se"]).municipality.code == "1981"
    assert identify(["www.goteborg.se"]).municipality.code == "1480"
    assert identify(["I Linköping ska fler människor nå egen försörjning"]).municipality.code == "0580"
    assert identify(["Göteborgs Stads arbete med bostadslösa barnfamiljer"]).municipality.code == "1480"
    # an everyday word is no place name: 'Vara en attraktiv arbetsgivare'
    assert identify(["Vara en attraktiv arbetsgivare"]).municipality is None
    assert identify(["Vara kommun"]).municipality.code == "1470"


def test_identify_title_page_outweighs_body_and_close_calls_are_flagged():
    found = identify(["Utöver Göteborgs stad samverkar vi", "Ale kommun"], title_texts=["Ale kommun"])
    assert found.municipality.code == "1440" and not found.close
    close = identify(["Alingsås kommun", "Lerums kommun"])
    assert close.close and {close.municipality.code, close.runner_up.code} == {"1489", "1441"}


def test_ambiguous_municipality_warns():
    from kommunrapport.models import Block, BlockKind, Document, Provenance
    doc = Document(path="x.txt", format="text", blocks=[
        Block(kind=BlockKind.paragraph, text=t, provenance=Provenance(line=i + 1))
        for i, t in enumerate(["Delårsrapport 2023", "Alingsås kommun", "Lerums kommun"])])
    ctx = Context(doc)
    extract_report(ctx)
    codes = [w.code for w in ctx.warnings]
    assert "ambiguous_municipality" in codes and "unknown_period" in codes   # no month in 'Delårsrapport 2023'


@pytest.mark.parametrize("title, doc_type, end", [
    (["Tertialrapport 1 2024"], DocumentType.interim_report, D(2024, 4, 30)),
    (["Delårsrapport augusti 2024"], DocumentType.interim_report, D(2024, 8, 31)),
    (["Delårsrapport per den 31 augusti 2024"], DocumentType.interim_report, D(2024, 8, 31)),
    (["DELÅRSRAPPORT", "2024-08-31"], DocumentType.interim_report, D(2024, 8, 31)),
    (["Månadsrapport april 2024"], DocumentType.monthly_report, D(2024, 4, 30)),
    (["Årsredovisning 2024"], DocumentType.annual_report, D(2024, 12, 31)),
])
def test_reporting_period_from_title(title, doc_type, end):
    from kommunrapport.find.metadata import reporting_period

    assert reporting_period([], title, doc_type, 2024)[1] == end


def test_interim_period_from_the_body_when_the_title_has_none():
    from kommunrapport.find.metadata import reporting_period

    body = ["Nyckeltal\tMål 31 dec 2023\tUtfall 31 aug 2023", "Under perioden januari till augusti har ...",
            "*Avser perioden 1 januari - 31 juli", "Utfall 31 aug 2023"]
    assert reporting_period(body, ["Delårsbokslut", "Socialnämnden 2023"], DocumentType.interim_report, 2023) \
        == (D(2023, 1, 1), D(2023, 8, 31))
    # a plan reports on no period
    assert reporting_period(body, ["Nämndplan 2024"], DocumentType.plan, 2024) == (None, None)


def test_report_of_a_pdf(document_of):
    """The PDF reader's blocks (with pages) give the same metadata as the text (Sala, the quickest PDF)."""
    report = extract_report(Context(document_of("sala", kind="pdf")))
    assert report.municipality.code == "1981"
    assert report.document_type is DocumentType.interim_report
    assert (report.fiscal_year, report.period_end) == (2024, D(2024, 8, 31))
    assert report.registration_number == "SAN 2024/78"
