"""Importer fixtures shared by the kinds that attach records to known cooperatives."""

import pytest

from importers.run import commit, plan

LISTS = ("coops_district_list.xlsx", "coops_vni.xls", "coops_tcvn3.ods")


@pytest.fixture
def registry_of_lists(session, samples):
    """The session with the three sample organisation lists imported."""
    for name in LISTS:
        commit(session, plan(session, samples / name))
    return session
