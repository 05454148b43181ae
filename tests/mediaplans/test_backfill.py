"""Editions frozen before the ConsolidatedItem table get their rows from their snapshot
(migration mediaplans 0007), the same rows the freezing writes today, once."""

import importlib

import pytest
from django.apps import apps

from mediaplans import services
from mediaplans.models import ConsolidatedItem
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

from .conftest import item_data
from .test_consolidated import approved_plan

pytestmark = pytest.mark.django_db

migration = importlib.import_module("mediaplans.migrations.0007_consolidated_items_backfill")
FIELDS = [
    "agency_id",
    "agency_name",
    "region",
    "plan_position",
    "order_kk",
    "order_ru",
    "order_en",
    "month",
    "quarter",
    "is_preventive",
    "topic_search",
    "item",
]


def rows(edition):
    return list(edition.items.order_by("order_kk").values(*FIELDS))


def test_an_old_edition_gets_the_rows_freezing_writes_and_only_once(
    agency, press_secretary, ministry_staff
):
    approved_plan(agency, press_secretary, ministry_staff, item_data(), item_data(month=7))
    for name_kk, name_ru, name_en in (
        ("Әділет", "Юстиция", "Justice"),
        ("Қаржы", "Финансы", "Finance"),
    ):
        other = AgencyFactory(name_kk=name_kk, name_ru=name_ru, name_en=name_en)
        secretary = UserFactory()
        MembershipFactory(user=secretary, agency=other, role="press_secretary")
        approved_plan(
            other, secretary, ministry_staff, item_data(topic_ru="Тема", month=None, quarter=2)
        )
    edition = services.consolidated_freeze(year=2027, by=ministry_staff)
    written = rows(edition)
    assert len(written) == 4
    ConsolidatedItem.objects.all().delete()  # as an edition frozen before the table

    migration.backfill(apps, None)
    assert rows(edition) == written
    migration.backfill(apps, None)
    assert edition.items.count() == 4


def test_an_edition_that_has_its_rows_is_left_alone(agency, press_secretary, ministry_staff):
    approved_plan(agency, press_secretary, ministry_staff)
    edition = services.consolidated_freeze(year=2027, by=ministry_staff)
    ids = set(edition.items.values_list("pk", flat=True))
    migration.backfill(apps, None)
    assert set(edition.items.values_list("pk", flat=True)) == ids
