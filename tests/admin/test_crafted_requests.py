"""Requests no screen sends, as a hostile or careless client would: every answer is a page
or a clear 4xx, never a server error, and wildcards are searched for as themselves."""

import re

import pytest
from werkzeug.routing import IntegerConverter

from registry.export import sheet_title

VIEWS = ("organisation", "person", "membership", "contribution", "user", "audit")
VALUES = ["-1", "99999999999999999999", "abc", "", "\x00", "1,2", "2024-13-45", "x" * 2000]


@pytest.fixture
def admin_client(client, login):
    assert login("admin").status_code == 302
    return client


def _filters(html: str) -> list[str]:
    return sorted(set(re.findall(r'"index":\s*(\d+)', html)), key=int)


@pytest.mark.parametrize("view", VIEWS)
def test_crafted_list_requests_never_answer_a_server_error(admin_client, view):
    base = f"/admin/{view}/"
    page = admin_client.get(base)
    assert page.status_code == 200
    indexes = _filters(page.text)
    assert indexes or view in ("membership", "contribution")
    answers = []
    for value in VALUES:
        for query in (
            {"page": value},
            {"sort": value, "desc": value},
            {"search": value},
            {"page_size": value},
            *({f"flt0_{i}": value} for i in indexes),
        ):
            answers.append(admin_client.get(base, query_string=query).status_code)
        for action in ("details/", "edit/"):
            answers.append(admin_client.get(base + action, query_string={"id": value}).status_code)
    assert max(answers) < 500, answers
    # A NUL byte is a malformed request, said so.
    nul = admin_client.get(base, query_string={"search": "a\x00b"})
    assert nul.status_code == 400 and "không đọc được" in nul.text


def test_an_invalid_filter_value_is_said_and_ignored(admin_client):
    page = admin_client.get("/admin/organisation/")
    first = _filters(page.text)[0]
    answer = admin_client.get("/admin/organisation/", query_string={f"flt0_{first}": "khong-co"})
    assert answer.status_code == 200
    assert "khong-co" in answer.text and "alert-danger" in answer.text


@pytest.mark.parametrize("search", ["%", "_", "%%", "100%"])
def test_wildcards_are_searched_as_themselves(admin_client, search):
    for view in ("organisation", "person", "user"):
        page = admin_client.get(f"/admin/{view}/", query_string={"search": search})
        assert page.status_code == 200
        assert not re.search(rf"/admin/{view}/(details|edit)/\?id=\d+", page.text), view


def test_sheet_titles_are_made_valid_and_unique():
    taken: set[str] = set()
    long = "Danh sách thành viên HTX Nông nghiệp"
    first, second = sheet_title(long + " 1", taken), sheet_title(long + " 2", taken)
    assert first == long[:31] and second == long[:27] + " (2)"
    assert sheet_title("a[b]:c*d?e/f\\g", taken) == "a b  c d e f g"
    assert sheet_title("'", taken) == "Sheet"
    assert len({first.casefold(), second.casefold()}) == 2


def test_a_number_beyond_the_keys_in_any_path_is_not_found(app, admin_client):
    """Every route of the URL map with a number in its path, given one beyond the tables'
    32-bit keys, answers 404 (PostgreSQL refused to compare such a number: a server error)."""
    asked = 0
    for rule in app.url_map.iter_rules():
        numbers = [a for a, c in rule._converters.items() if isinstance(c, IntegerConverter)]
        if not numbers:
            continue
        for argument in numbers:
            values = dict.fromkeys(rule.arguments, "x") | dict.fromkeys(numbers, 1)
            values[argument] = 10**12
            path = rule.build(values, append_unknown=False)[1]
            method = "GET" if "GET" in rule.methods else "POST"
            answer = admin_client.open(path, method=method)
            assert answer.status_code == 404, (path, answer.status_code)
            asked += 1
    assert asked > 15
