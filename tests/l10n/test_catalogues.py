"""Django's own strings in Kazakh: the override catalogue locale_overrides/kk wins over
Django's incomplete and misspelt kk catalogues, and makemessages never rewrites it."""

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import django
import pytest
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.test import RequestFactory
from django.utils import translation

ROOT = Path(settings.BASE_DIR)
OVERRIDES = ROOT / "locale_overrides"
DJANGO = Path(django.__file__).parent
DJANGO_KK = [
    DJANGO / "contrib/admin/locale/kk/LC_MESSAGES/django.mo",
    DJANGO / "contrib/auth/locale/kk/LC_MESSAGES/django.mo",
    DJANGO / "contrib/contenttypes/locale/kk/LC_MESSAGES/django.mo",
    DJANGO / "conf/locale/kk/LC_MESSAGES/django.mo",
]
# Misspellings and wrong words of Django's kk catalogues; none may reach a user.
TYPOS = [
    *("Өзгетру", "үщін", "тандау", "Тандау", "өзгету", "Өзгерес", "Сүзгіз", "Жорнал"),
    *("Даңғо", "Жума", "бырақ", "өшіруы", "Өшіру/Уақыт", "Т.Қ."),
]

SAMPLE = {
    # the admin
    "Change": "Өзгерту",
    "Delete": "Жою",
    "Save": "Сақтау",
    "Add": "Қосу",
    "Filter": "Сүзгі",
    "Action:": "Әрекет:",
    "All": "Барлығы",
    "Select %s to change": "Өзгерту үшін %s таңдаңыз",
    "Save and continue editing": "Сақтап, өңдеуді жалғастыру",
    "Please correct the error below.": "Төмендегі қатені түзетіңіз.",
    "Change password": "Құпия сөзді өзгерту",
    "Date/time": "Күні мен уақыты",
    "Yes, I’m sure": "Иә, сенімдімін",
    # forms and validators
    "This field is required.": "Бұл өрісті толтыру міндетті.",
    "Enter a valid date.": "Дұрыс күн енгізіңіз.",
    "Enter a valid email address.": "Дұрыс электрондық пошта мекенжайын енгізіңіз.",
    "Select a valid choice. %(value)s is not one of the available choices.": (
        "Дұрыс нұсқаны таңдаңыз. %(value)s мүмкін нұсқалардың қатарында жоқ."
    ),
    "Password": "Құпия сөз",
}


@pytest.fixture
def kk():
    with translation.override("kk"):
        yield


@pytest.mark.parametrize(("msgid", "kazakh"), SAMPLE.items())
def test_admin_and_validator_strings_are_in_kazakh(kk, msgid, kazakh):
    assert translation.gettext(msgid) == kazakh


def test_no_string_of_djangos_kazakh_catalogues_reaches_a_user_misspelt(kk):
    """Every msgid Django translates into Kazakh, as the portal now shows it."""
    shown = []
    for path in DJANGO_KK:
        with path.open("rb") as mo:
            catalogue = gettext.GNUTranslations(mo)._catalog
        for key in catalogue:
            msgid = key[0] if isinstance(key, tuple) else key
            if not msgid:
                continue
            context, in_context, text = msgid.rpartition("\x04")
            if isinstance(key, tuple):  # a plural: the forms for 1 and for 2
                shown += [
                    translation.npgettext(context, text, text, n)
                    if in_context
                    else translation.ngettext(text, text, n)
                    for n in (1, 2)
                ]
            else:
                shown.append(
                    translation.pgettext(context, text) if in_context else translation.gettext(text)
                )
    assert [text for text in shown if any(typo in text for typo in TYPOS)] == []


def test_the_login_error_is_in_kazakh(db, kk):
    request = RequestFactory().post("/kk/login/")
    form = AuthenticationForm(request, data={"username": "nobody", "password": "wrong"})
    assert form.errors["__all__"] == [
        "Дұрыс пайдаланушы аты мен құпия сөзді енгізіңіз. Екі өрісте де бас және кіші әріптер "
        "ажыратылуы мүмкін."
    ]


def test_field_length_required_and_date_errors_are_in_kazakh(kk):
    form = type(
        "Sample",
        (forms.Form,),
        {
            "title": forms.CharField(max_length=5),
            "required": forms.CharField(),
            "day": forms.DateField(),
        },
    )(data={"title": "far too long", "day": "31.02.2026"})
    assert form.errors == {
        "title": ["Мән 5 таңбадан аспауы керек (қазір 12)."],
        "required": ["Бұл өрісті толтыру міндетті."],
        "day": ["Дұрыс күн енгізіңіз."],
    }


def test_the_admin_calendar_widget_is_in_kazakh():
    """The djangojs domain: Django's kk left the month names empty and showed "Nov" as
    "Қазір" (now)."""
    catalogue = translation.trans_real.DjangoTranslation("kk", domain="djangojs")
    assert catalogue.gettext("January") == "Қаңтар"
    assert catalogue.pgettext("abbrev. month November", "Nov") == "Қар"
    assert catalogue.pgettext("one letter Tuesday", "T") == "Сс"
    assert catalogue.gettext("Choose a Date") == "Күнді таңдаңыз"


def test_the_override_catalogue_comes_first(settings, tmp_path, kk):
    """Any catalogue listed after it (the project's locale/, another app's) loses: a later
    catalogue that says "Change" differently is not shown."""
    assert Path(settings.LOCALE_PATHS[0]) == OVERRIDES
    later = tmp_path / "kk" / "LC_MESSAGES"
    later.mkdir(parents=True)
    (later / "django.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Change"\nmsgstr "Өзгетру"\n',
        encoding="utf-8",
    )
    subprocess.run(["msgfmt", "-o", later / "django.mo", later / "django.po"], check=True)
    paths = list(settings.LOCALE_PATHS)
    settings.LOCALE_PATHS = [paths[0], tmp_path, *paths[1:]]
    try:
        with translation.override("kk"):
            assert translation.gettext("Change") == "Өзгерту"
    finally:
        settings.LOCALE_PATHS = paths


def _entries(po: Path) -> dict:
    """msgid → msgstr of a compiled catalogue next to `po` (plural forms as a tuple)."""
    with po.with_suffix(".mo").open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)._catalog
    return {key: value for key, value in catalogue.items() if key}


def test_the_override_and_the_projects_catalogue_agree_where_both_translate():
    """The override would silently hide a change in locale/kk to a msgid both translate
    ("Home", "user"): change both, or remove the line from the override."""
    override = _entries(OVERRIDES / "kk/LC_MESSAGES/django.po")
    project = _entries(ROOT / "locale/kk/LC_MESSAGES/django.po")
    differ = {
        key: (override[key], project[key])
        for key in override.keys() & project.keys()
        if override[key] != project[key]
    }
    assert differ == {}


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory):
    copy = tmp_path_factory.mktemp("project")
    for name in ("portal", "templates", "locale", "locale_overrides"):
        shutil.copytree(
            ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo")
        )
    shutil.copy(ROOT / "manage.py", copy)
    return copy


def _manage(copy, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=copy,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings"},
    )


def test_makemessages_writes_only_to_locale_and_compilemessages_compiles_the_overrides(
    project_copy,
):
    overrides = sorted(p for p in (project_copy / "locale_overrides").rglob("*") if p.is_file())
    before = {p: p.read_bytes() for p in overrides}
    (project_copy / "portal" / "l10n_probe.py").write_text(
        'from django.utils.translation import gettext_lazy as _\n\nPROBE = _("A probe string")\n'
    )
    _manage(
        project_copy,
        *("makemessages", "-l", "kk", "-l", "ru", "--no-location", "--verbosity", "0"),
    )
    after = sorted(p for p in (project_copy / "locale_overrides").rglob("*") if p.is_file())
    assert after == overrides
    assert {p: p.read_bytes() for p in after} == before
    assert 'msgid "A probe string"' in (project_copy / "locale/kk/LC_MESSAGES/django.po").read_text(
        encoding="utf-8"
    )

    _manage(project_copy, "compilemessages", "--ignore=.venv", "--verbosity", "0")
    for domain in ("django", "djangojs"):
        assert (project_copy / f"locale_overrides/kk/LC_MESSAGES/{domain}.mo").is_file()
