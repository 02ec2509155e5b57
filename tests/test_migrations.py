"""Migrations build the schema from empty, tear it down, build it again, and match the models."""

from alembic import command
from sqlalchemy import inspect
from sqlmodel import SQLModel

import registry.models  # noqa: F401
from migrations import alembic_config
from registry.db import make_engine


def test_upgrade_downgrade_upgrade_and_models_agree(fresh_database):
    url = fresh_database("registry_migrations")
    config = alembic_config(url)
    command.upgrade(config, "head")
    engine = make_engine(url)
    assert set(SQLModel.metadata.tables) <= set(inspect(engine).get_table_names())
    command.check(config)  # raises when autogenerate would find a difference

    command.downgrade(config, "base")
    assert inspect(engine).get_table_names() == ["alembic_version"]

    command.upgrade(config, "head")
    command.check(config)
    engine.dispose()
