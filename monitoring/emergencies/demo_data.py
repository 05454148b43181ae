"""The demo's two emergencies (000 §5), pure data: a closed flood with its statements in
Kazakh, Russian and English, and an open gas incident with one statement still a draft.
`management/commands/seed_demo_emergencies` records them through the services."""

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class DemoStatement:
    slug: str  # the agency's
    text: dict[str, str]
    published: bool = True


@dataclass(frozen=True)
class DemoIncident:
    key: str  # the Kazakh title, which finds it again on a re-run
    title: dict[str, str]
    kind: str
    region: str
    started_before: dt.timedelta  # before the seed runs
    agencies: tuple[str, ...]
    statements: tuple[DemoStatement, ...] = field(default=())
    close_reason: str = ""


def _t(kk, ru, en) -> dict[str, str]:
    return {"kk": kk, "ru": ru, "en": en}


FLOOD = DemoIncident(
    key="flood",
    title=_t(
        "Ақмола облысындағы көктемгі су тасқыны",
        "Весенний паводок в Акмолинской области",
        "Spring flood in Akmola Region",
    ),
    kind="natural",
    region="akmola",
    started_before=dt.timedelta(days=40),
    agencies=("emergency", "health"),
    statements=(
        DemoStatement(
            "emergency",
            _t(
                "Су деңгейінің көтерілуіне байланысты үш ауылдың тұрғындары уақытша "
                "эвакуацияланды. Барлық эвакуацияланғандар тамақпен және баспанамен қамтылған.",
                "В связи с подъёмом уровня воды жители трёх сёл временно эвакуированы. Все "
                "эвакуированные обеспечены питанием и жильём.",
                "As the water level rose, the residents of three villages were temporarily "
                "evacuated. Everyone evacuated has food and shelter.",
            ),
        ),
        DemoStatement(
            "health",
            _t(
                "Эвакуация пункттерінде медициналық бригадалар тәулік бойы жұмыс істейді. "
                "Ауызсуды тек қайнатып ішуді сұраймыз.",
                "В пунктах эвакуации круглосуточно работают медицинские бригады. Просим пить "
                "только кипячёную воду.",
                "Medical teams work around the clock at the evacuation points. Please drink "
                "only boiled water.",
            ),
        ),
        DemoStatement(
            "emergency",
            _t(
                "Су деңгейі қалыпқа келді, тұрғындар үйлеріне оралды.",
                "Уровень воды нормализовался, жители вернулись в свои дома.",
                "The water level is back to normal and the residents have returned home.",
            ),
        ),
    ),
    close_reason="Су деңгейі қалыпқа келді; тұрғындар үйлеріне оралды.",
)

GAS = DemoIncident(
    key="gas",
    title=_t(
        "Шымкенттегі газ құбырындағы апат",
        "Авария на газопроводе в Шымкенте",
        "Gas pipeline accident in Shymkent",
    ),
    kind="technological",
    region="shymkent",
    started_before=dt.timedelta(hours=5),
    agencies=("emergency", "energy"),
    statements=(
        DemoStatement(
            "emergency",
            _t(
                "Апат орнында құтқарушылар жұмыс істейді. Зардап шеккендер жоқ.",
                "На месте аварии работают спасатели. Пострадавших нет.",
                "Rescuers are at the site of the accident. No one has been hurt.",
            ),
        ),
        DemoStatement(
            "energy",
            _t(
                "Газбен жабдықтау кешке дейін қалпына келтіріледі.",
                "Газоснабжение будет восстановлено до вечера.",
                "",
            ),
            published=False,
        ),
    ),
)

DEMO_INCIDENTS = (FLOOD, GAS)
