"""factory_boy factories: every test builds the world it needs from these."""

import datetime as dt

import factory
from django.utils import timezone

from portal.directory import services
from portal.directory.choices import AgencyKind, Region, ReviewState, Role, SpokespersonPost
from portal.directory.models import Agency, CalendarCorrection, Membership, Spokesperson, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.kz")
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    kind = AgencyKind.CENTRAL_BODY
    region = Region.ASTANA
    slug = factory.Sequence(lambda n: f"agency-{n}")
    name_kk = factory.Sequence(lambda n: f"Министрлік {n}")
    name_ru = factory.Sequence(lambda n: f"Министерство {n}")
    name_en = factory.Sequence(lambda n: f"Ministry {n}")


class SpokespersonFactory(factory.django.DjangoModelFactory):
    """A confirmed (published) current authorized person unless told otherwise."""

    class Meta:
        model = Spokesperson

    agency = factory.SubFactory(AgencyFactory)
    post = SpokespersonPost.AUTHORIZED_PERSON
    surname_kk = factory.Sequence(lambda n: f"Жұмабаев{n}")
    surname_ru = factory.Sequence(lambda n: f"Жумабаев{n}")
    surname_en = factory.Sequence(lambda n: f"Zhumabayev{n}")
    name_kk = "Нұрлан"
    name_ru = "Нурлан"
    name_en = "Nurlan"
    position_kk = "Баспасөз хатшысы"
    position_ru = "Пресс-секретарь"
    position_en = "Press secretary"
    email = factory.Sequence(lambda n: f"press{n}@gov.kz")
    work_phone = "+7 7172 11 22 33"
    mobile_phone = factory.Sequence(lambda n: f"+7 701 000 {n:04d}")
    languages = factory.LazyFunction(lambda: ["kk", "ru"])
    appointed_on = dt.date(2024, 1, 15)
    confirmed_at = factory.LazyFunction(timezone.now)
    review_state = factory.LazyAttribute(
        lambda row: ReviewState.AWAITING if row.confirmed_at is None else ReviewState.CONFIRMED
    )


class MembershipFactory(factory.django.DjangoModelFactory):
    """Saved through the service, so the user gets the role's group as in real life."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = Role.PRESS_SECRETARY

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.membership_save(model_class(*args, **kwargs))


class CalendarCorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarCorrection

    name_kk = "Демалыс күні"
    name_ru = "Выходной день"
    name_en = "Day off"
