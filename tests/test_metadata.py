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


# ---- the committee: the body whose report it is (lines of the real documents) ---------------------------------

def blocks_of(*texts: str, page: int | None = None) -> list:
    from kommunrapport.models import Block, BlockKind, Provenance
    return [Block(kind=BlockKind.paragraph, text=t, provenance=Provenance(line=i + 1, page=page))
            for i, t in enumerate(texts)]


def committee_of_lines(title: list[str], body: list[str] = ()) -> tuple:
    from kommunrapport.find.committee import choose_committee
    from kommunrapport.models import Document
    blocks = blocks_of(*title, *body)
    doc = Document(path="x.txt", format="text", blocks=blocks)
    ctx = Context(doc)
    report = extract_report(ctx)
    choice = choose_committee(blocks, blocks[:len(title)])
    return report.committee.name if report.committee else None, choice, [w.code for w in ctx.warnings]


@pytest.mark.parametrize("line, name", [
    # organ word first (Kungsbacka, Göteborg); the words stop where the name does
    ("Nämnden för Vård & Omsorg godkänner Årsredovisning 2024", "Nämnden för Vård & Omsorg"),
    ("Nämnden     för Gymnasium      & Arbetsmarknad", "Nämnden för Gymnasium & Arbetsmarknad"),
    ("Delårsrapport mars 2026- nämnder och styrelser Nämnden för Intraservice", "Nämnden för Intraservice"),
    ("bedöma om nämnden för funktionsstöd och äldre samt vård- och omsorgsnämnden arbe-",
     "Nämnden för funktionsstöd och äldre"),
    # organ word last, with its parts; written without the hyphen it is the same body
    ("Fördjupad månadsuppföljning 2026 bygg- och miljönämnden", "Bygg- och miljönämnden"),
    ("Kultur och fritidsnämnden", "Kultur- och fritidsnämnden"),
    ("SOCIAL- OCH ARBETS- MARKNADSNÄMNDEN", "Social- och arbetsmarknadsnämnden"),
    ("Tekniska nämnden", "Tekniska nämnden"),
])
def test_names_of_bodies_in_real_lines(line, name):
    from kommunrapport.find.committee import names_in
    assert names_in(line)[0].name == name


@pytest.mark.parametrize("line", [
    "efterfrågas av valnämnden för att",          # 'nämnden för att': no name after it ('Valnämnden' is one)
    "Nämnderna och kommunstyrelsen",              # two bodies, not one 'Nämnderna- och kommunstyrelsen'
    "Nämndens årsredovisning 2025",               # the bare word
])
def test_words_that_are_no_name_of_their_own(line):
    from kommunrapport.find.committee import names_in
    assert [n.name for n in names_in(line)] in ([], ["Valnämnden"], ["Kommunstyrelsen"])


def test_hyphenless_and_hyphenated_spellings_are_one_body():
    from kommunrapport.find.committee import key_of
    assert key_of("Kultur och fritidsnämnden") == key_of("Kultur- och fritidsnämnden")
    assert key_of("Nämnden för Vård & Omsorg") == key_of("NÄMNDEN FÖR VÅRD OCH OMSORG")


def test_a_labelled_field_beats_counting():
    # Simrishamn's Stratsys export: the field on page 2, other bodies named in the text
    name, _, _ = committee_of_lines(
        ["2025 Årsbokslut", "Status: Påbörjad Rapportperiod: 2025-12-31 Organisation: Kultur- och fritidsnämnden"],
        ["Socialnämnden och barn- och utbildningsnämnden har tillsammans med socialnämnden ..."] * 3)
    assert name == "Kultur- och fritidsnämnden"
    # a field in a table's cells, label and value side by side, beats a body named more often
    from kommunrapport.find.committee import choose_committee
    from kommunrapport.models import Block, BlockKind, Cell, Row, Table
    fields = Block(kind=BlockKind.table, table=Table(rows=[
        Row(cells=[Cell(text="Nämnd"), Cell(text="Tekniska nämnden")]),
        Row(cells=[Cell(text="Dokumenttyp"), Cell(text="Månadsuppföljning")])]))
    body = blocks_of(*["Socialnämnden har fortsatt arbetet."] * 5)
    assert choose_committee([*body, fields], title=[]).committee.name == "Tekniska nämnden"


def test_a_body_only_mentioned_is_never_it():
    # Simrishamn: 'finansiering från Länsstyrelsen' is a state body; Kungsbacka VO: the report goes to KS
    name, _, _ = committee_of_lines(
        ["Årsredovisning 2024 - Nämnden för Vård & Omsorg", "Beslutet skickas till Kommunstyrelsen"],
        ["med finansiering från Länsstyrelsen", "Länsstyrelsen har beviljat medel", "Länsstyrelsen"] * 3)
    assert name == "Nämnden för Vård & Omsorg"
    # a KF handling names the audited body after 'anmärkning mot', the recipient after 'Till'
    name, _, _ = committee_of_lines(["Kommunfullmäktige", "Handling 2025 nr 68", "Till Göteborgs kommunfullmäktige"],
                                    ["Anmärkning har riktats mot grundskolenämnden."] * 5)
    assert name == "Kommunfullmäktige"


def test_a_body_named_only_far_into_the_report_is_one_it_speaks_about():
    # Alingsås KS 'Underlag ramar': a table and list of every committee's frame, no body of its own
    running = ("Ramjusteringar gällande lokalkostnader och ramökningar från föregående budget redovisas per år "
               "i tabellerna nedan, med resurskompensation och statsbidrag för varje år av planperioden.")
    name, _, _ = committee_of_lines(["Underlag ramar 2027-2029"],
                                    [running] * 45 + ["Barn- och ungdomsnämnden har fått en ramökning."] * 3)
    assert name is None


def test_a_tie_is_left_null_with_a_warning():
    # Alingsås biblioteksplan: the two bodies that share the plan, each named once
    name, choice, codes = committee_of_lines(
        ["Biblioteksplan 2027–2030", "Alingsås kommun"],
        ["Folkbiblioteket är organiserat under Kultur- och utbildningsnämnden och skolbiblioteken under "
         "Barn- och ungdomsnämnden."])
    assert name is None and "ambiguous_committee" in codes
    assert choice.tie == ["Barn- och ungdomsnämnden", "Kultur- och utbildningsnämnden"]


# every document of the shared corpus, as copied into tests/data: the body whose report it is
CORPUS_COMMITTEES = {
    ("text", "ale"): "Socialnämnden", ("pdf", "ale"): "Socialnämnden",
    ("text", "alingsas"): "Socialnämnden", ("pdf", "alingsas"): "Socialnämnden",
    ("text", "linkoping"): "Socialnämnden", ("pdf", "linkoping"): "Socialnämnden",
    ("text", "sala"): "Social- och arbetsmarknadsnämnden", ("pdf", "sala"): "Social- och arbetsmarknadsnämnden",
    ("text", "strangnas"): "Socialnämnden", ("pdf", "strangnas"): "Socialnämnden",
    ("pdf", "ljungby"): "Barn- och utbildningsnämnden",
    # 'Stadsrevisionen / Årsredogörelse' and 'Stadsrevisionens årsredogörelse och årsrapport för 2023' on the
    # title pages: Göteborg's auditors (revisorskollegiet and its office) under the name they report as
    ("pdf", "goteborg_revisorskollegiet"): "Stadsrevisionen",
    ("real", "goteborg_revisorskollegiet_arsrapport_2023"): "Stadsrevisionen",
    ("real", "alingsas_sn_manadsuppfoljning_2017-11"): "Socialnämnden",
    ("real", "alingsas_tn_manadsuppfoljning_2026-04"): "Tekniska nämnden",
    ("real", "goteborg_intraservice_delarsrapport_2026-03.pdf"): "Nämnden för Intraservice",
    ("real", "goteborg_intraservice_delarsrapport_2026-03.txt"): "Nämnden för Intraservice",
    ("real", "kungsbacka_ga"): "Nämnden för Gymnasium & Arbetsmarknad",
    ("real", "kungsbacka_ifo"): "Nämnden för Individ & Familjeomsorg",
    ("real", "kungsbacka_vo"): "Nämnden för Vård & Omsorg",
    ("real", "simrishamn"): "Kultur- och fritidsnämnden",
}


@pytest.mark.parametrize("kind, name", sorted(CORPUS_COMMITTEES))
def test_the_committee_of_every_corpus_document(kind, name, extraction_of, real_extraction):
    extraction = real_extraction(name) if kind == "real" else extraction_of(name, kind=kind)
    assert extraction.report.committee.name == CORPUS_COMMITTEES[(kind, name)]


# ---- municipality, registration number, period, type -------------------------------------------------------

def test_the_title_page_names_the_municipality_the_text_speaks_of_neighbours():
    # Alingsås SN delegationsordning: 'alingsas.se' on its title page, 'anställda i Lerums kommun' five times
    found = identify(["anställda i Lerums kommun"] * 5 + ["Alingsås"], title_texts=["alingsas.se"])
    assert found.municipality.name == "Alingsås"


def test_a_kommunalforbund_is_no_municipality():
    # Räddningstjänsten Alingsås-Vårgårda's budget: its members are named, it speaks of itself as 'förbundet'
    texts = ["Medlemskommunernas driftbidrag för 2027 uppgår samlat till 90 362tkr. Driftbidraget fördelas "
             "mellan medlemskommunerna baserat på befolkningens storlek.",
             "Budgeterat medlemsbidrag för 2027 uppgår till 69 994tkr för Alingsås kommun och 20 367tkr för "
             "Vårgårda kommun.", "PKV 2027 ... förbundet lyfter kostnadsökningar utom ram separat.",
             "arbetar förbundet under 2027 vidare med ett gemensamt ledningssystem"]
    found = identify(texts)
    assert found.municipality is None and found.body_kind == "kommunalförbund"
    # a municipality's own report that mentions its förbund once is still the municipality's
    assert identify(["Alingsås kommun", "Alingsås kommun", "förbundet höjer medlemsavgiften"]).municipality.code \
        == "1489"


def test_registration_number_with_an_organ_prefix_and_never_from_a_sentence():
    assert registration_number(["TJÄNSTESKRIVELSE", "Datum\n2025-01-30\nDiarienummer\nVO VO-2024-00167"]) \
        == "VO VO-2024-00167"
    assert registration_number(["Diarienummer IF-2024-00109"]) == "IF-2024-00109"
    assert registration_number(["Dnr KFKS 2018/1127"]) == "KFKS 2018/1127"
    # a number quoted in running text about another matter is no report's number
    assert registration_number(["Nämnden beslutade i ärendet om ny organisation, dnr 2021/45 KS, att ge "
                                "förvaltningen i uppdrag att utreda frågan vidare och återkomma till nämnden"]) is None
    # a reference line that ends with the number is the document's own (Göteborg Stadsrevisionen)
    assert registration_number(["Granskning av kommunstyrelsen -verksamhetsåret 2025, stadsrevisionen dnr "
                                "SRV-2025-00071 och en lång rad text"]) is None
    assert registration_number(["Granskning av kommunstyrelsen -verksamhetsåret 2025, stadsrevisionen dnr "
                                "SRV-2025-00071"]) == "SRV-2025-00071"


def test_a_monthly_follow_up_reports_the_year_to_date():
    from kommunrapport.find.metadata import reporting_period
    monthly = DocumentType.monthly_report
    assert reporting_period(["Ackumulerat utfall per maj"], ["Ekonomisk uppföljning maj"], monthly, 2026) \
        == (D(2026, 1, 1), D(2026, 5, 31))
    # Alingsås SN 2017-11: the column 'Utfall 201711'
    assert reporting_period(["Belopp i tkr Budget 2017 Utfall 201711 Prognos helår Avvikelse helår"],
                            ["Månadsuppföljning ekonomi", "Socialnämnden"], monthly, 2017) \
        == (D(2017, 1, 1), D(2017, 11, 30))
    # a follow-up of the month alone says so
    assert reporting_period(["Perioden 1-30 november"], ["Månadsrapport november"], monthly, 2017) \
        == (D(2017, 11, 1), D(2017, 11, 30))


def test_real_monthly_follow_up_period(real_extraction):
    report = real_extraction("alingsas_sn_manadsuppfoljning_2017-11").report
    assert (report.period_start, report.period_end) == (D(2017, 1, 1), D(2017, 11, 30))


def test_type_and_year_never_from_a_stale_pdf_title(tmp_path):
    # a PDF whose Title property was left from the template of another report
    path = tmp_path / "arsbokslut.pdf"
    path.write_bytes(_pdf_with_title(["Kultur- och fritidsnämnden", "Årsbokslut 2017", "Sollentuna kommun"],
                                     title="Tertialrapport 2 FFS 2012"))
    from kommunrapport.find.pipeline import extract
    report = extract(path).report
    assert (report.document_type, report.fiscal_year) == (DocumentType.annual_report, 2017)
    assert report.committee.name == "Kultur- och fritidsnämnden"


def _pdf_with_title(lines: list[str], title: str) -> bytes:
    """A one-page PDF of text lines (Helvetica, WinAnsi) with an Info dictionary's Title."""
    def text(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    content = "BT /F1 14 Tf 72 760 Td " + " ".join(f"({text(s)}) Tj 0 -24 Td" for s in lines) + " ET"
    body = content.encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Title (" + text(title).encode("cp1252") + b") >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_running_headers_and_footers_name_the_municipality_and_the_body(document_of):
    from kommunrapport.models import Document
    from kommunrapport.read.dispatch import read_document
    from tests.conftest import real_path
    # the readers set the running lines apart from the text, and keep one of each for the metadata
    assert "Sala kommun Sida 1 av 11" in document_of("sala", kind="pdf").running_lines
    vo = read_document(real_path("kungsbacka_vo"))
    assert "Nämnden för Vård & Omsorg Kungsbacka kommun" in vo.running_lines
    # a report whose text never names its municipality or body: the footer and header do
    doc = Document(path="x.pdf", format="pdf", blocks=blocks_of("Delårsrapport 2024", "Verksamheten har ...", page=1),
                   running_lines=["Social- och arbetsmarknadsnämnden Delårsrapport 2024-08-31",
                                  "Sala kommun Sida 1 av 11"])
    report = extract_report(Context(doc))
    assert report.municipality.code == "1981"
    assert report.committee.name == "Social- och arbetsmarknadsnämnden"


def test_affarsplan_is_a_plan():
    """A company's or a business unit's affärsplan states goals for the year, as a nämndplan does."""
    assert document_type(["Intraservice", "Affärsplan 2025"])[:2] == (DocumentType.plan, "Affärsplan")
    assert document_type(["Affärsplanen för 2026"])[0] is DocumentType.plan
