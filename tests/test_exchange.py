"""The national exchange: exports that match their published schema, in JSON and in the CSV
zip, and a comparison that lists differences without writing anything."""

import json
from pathlib import Path

import jsonschema

SCHEMA = json.loads(
    (Path(__file__).parents[1] / "docs" / "national-exchange.schema.json").read_text("utf-8")
)


def test_exports_match_the_schema_and_compare_clean(run, tmp_path):
    run("demo", "--cooperatives", "50", "--members", "900", "--seed", "6")
    as_json, as_zip = tmp_path / "xuat.json", tmp_path / "xuat.zip"
    assert run("exchange", "export", "--format", "json", "--output", str(as_json)).exit_code == 0
    assert run("exchange", "export", "--format", "csv", "--output", str(as_zip)).exit_code == 0
    document = json.loads(as_json.read_text(encoding="utf-8"))
    jsonschema.validate(document, SCHEMA)
    assert len(document["organisations"]) == 50
    assert any(o["status_history"] and o["annual_figures"] for o in document["organisations"])
    for path in (as_json, as_zip):
        result = run("--lang", "en", "exchange", "compare", str(path))
        assert result.exit_code == 0
        assert "0 missing here, 0 missing there, 0 differing" in result.output


def test_a_national_extract_is_compared_never_written(run, tmp_path):
    run("demo", "--cooperatives", "30", "--members", "500", "--seed", "2")
    path = tmp_path / "quoc-gia.json"
    run("exchange", "export", "--format", "json", "--output", str(path))
    document = json.loads(path.read_text(encoding="utf-8"))
    keyed = [o for o in document["organisations"] if o["tax_code"]]
    gone = keyed[0]
    changed = keyed[1]
    document["organisations"].remove(gone)
    changed["status"] = "dissolved" if changed["status"] != "dissolved" else "active"
    changed["members"]["total"] += 5
    document["organisations"].append(
        {**keyed[2], "tax_code": "5999999999", "name": "HTX chỉ có ở quốc gia"}
    )
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    before = run("exchange", "export", "--format", "json", "--output", str(tmp_path / "a.json"))
    assert before.exit_code == 0
    report = tmp_path / "khac-biet.json"
    result = run("exchange", "compare", str(path), "--report", str(report))
    assert result.exit_code == 0
    found = json.loads(report.read_text(encoding="utf-8"))
    assert found["missing_here"] == [{"tax_code": "5999999999", "name": "HTX chỉ có ở quốc gia"}]
    assert [m["tax_code"] for m in found["missing_there"]] == [gone["tax_code"]]
    (difference,) = found["differing"]
    assert difference["tax_code"] == changed["tax_code"]
    assert set(difference["fields"]) == {"status", "members_total"}
    run("exchange", "export", "--format", "json", "--output", str(tmp_path / "b.json"))
    strip = lambda p: json.loads(p.read_text("utf-8"))["organisations"]  # noqa: E731
    assert strip(tmp_path / "a.json") == strip(tmp_path / "b.json")  # nothing written


def test_an_unreadable_or_foreign_extract_is_refused(run, tmp_path):
    for name, data in (
        ("rac.json", b"{not json"),
        ("khac.json", json.dumps({"format": "other/2", "organisations": []}).encode()),
        ("hong.zip", b"PK\x03\x04broken"),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        result = run("exchange", "compare", str(path))
        assert result.exit_code == 1 and name in result.output
