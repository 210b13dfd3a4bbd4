


def test_standard_root_is_clean(root, check_json):
    rc, doc = check_json(root)
    assert rc == 0, doc
    assert doc["findings"] == []
