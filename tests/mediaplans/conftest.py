"""A media-plan with items ready to submit, as the press office leaves it."""

import pytest

from mediaplans import services


def item_data(**overrides) -> dict:
    data = {
        "strategic_direction_kk": "Цифрландыру",
        "strategic_direction_ru": "Цифровизация",
        "strategic_direction_en": "Digitalisation",
        "topic_kk": "Электрондық үкімет қызметтері",
        "topic_ru": "Услуги электронного правительства",
        "topic_en": "E-government services",
        "formats": ["briefing"],
        "channels": ["tv", "online"],
        "month": 3,
    }
    return {**data, **overrides}


@pytest.fixture
def plan(agency, press_secretary):
    plan = services.plan_create(agency=agency, year=2027, by=press_secretary)
    services.item_add(plan=plan, by=press_secretary, data=item_data())
    services.item_add(plan=plan, by=press_secretary, data=item_data(topic_ru="Второй", month=5))
    plan.refresh_from_db()
    return plan
