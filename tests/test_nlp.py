from kommunrapport.normalize.nlp import nlp, sentences, vocabulary_words


def test_lookup_lemmas_of_the_verbs_the_assessment_patterns_name():
    doc = nlp()("Målet är ej uppnått och bedöms inte kunna uppfyllas. Prognosen förväntas nås.")
    lemmas = {t.text.lower(): t.lemma_ for t in doc}
    assert lemmas["uppnått"] == "uppnå"
    assert lemmas["bedöms"] == "bedöma"
    assert lemmas["uppfyllas"] == "uppfylla"
    assert lemmas["förväntas"] == "förvänta"


def test_the_lemma_table_is_cut_to_the_vocabularies_words():
    table = nlp().get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    assert 0 < len(table) < 50_000          # the whole Swedish table has 660 000 forms
    assert {"uppnå", "uppfylla", "bedöma"} <= vocabulary_words()


def test_sentences_split_on_full_stops():
    assert [s.text for s in sentences("Sjukfrånvaron var 8,2 procent. Målet är uppnått.")] == [
        "Sjukfrånvaron var 8,2 procent.", "Målet är uppnått."]
