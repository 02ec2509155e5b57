from registry.text import fold, nfc, search_key


def test_fold_removes_diacritics_case_and_punctuation():
    assert fold("  HTX Nông-nghiệp  ĐỒNG Tâm ") == "htx nong nghiep dong tam"


def test_fold_treats_composed_and_decomposed_alike():
    composed = "Hợp tác xã"
    decomposed = "Ho\u031b\u0323p ta\u0301c xa\u0303"
    assert fold(composed) == fold(decomposed) == "hop tac xa"


def test_search_key_expands_abbreviations_on_both_sides():
    assert search_key("HTX NN Ia Grai") == search_key("Hợp tác xã Nông nghiệp Ia Grai")
    assert search_key("hop tac xa ia grai") in search_key("HTX Ia Grai", "Lê Văn A")


def test_nfc_collapses_odd_spaces():
    assert nfc("Hợp\u00a0tác   xã\n") == "Hợp tác xã"
