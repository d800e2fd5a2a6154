import factory

from accounts.roles import Role
from apl.quarters import Quarter
from catalogue.models import MicroCredential, Programme
from enrollment.models import Cohort, EducatorProfile, Enrollment, Intent
from tests.factories.accounts import UserFactory


def programme(name: str = "APL I-II") -> Programme:
    return Programme.objects.get(name=name)


def micro_credential(code: str = "CE") -> MicroCredential:
    return MicroCredential.objects.get(code=code)


class EducatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EducatorProfile

    user = factory.SubFactory(UserFactory, roles=[Role.EDUCATOR])
    license_number = factory.Sequence(lambda n: f"NM-{400000 + n}")
    license_level = 1
    district_as_written = "Albuquerque Public Schools"
    school = factory.Sequence(lambda n: f"School {n % 7}")


class IntentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intent

    educator = factory.SubFactory(EducatorFactory)
    programme = factory.LazyFunction(programme)
    submitted_on = factory.Faker("date_between", start_date="-1y", end_date="today")


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort
        django_get_or_create = ("micro_credential", "quarter")

    micro_credential = factory.LazyFunction(micro_credential)
    quarter = Quarter.parse("Q3/24")


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    educator = factory.SubFactory(EducatorFactory)
    cohort = factory.SubFactory(CohortFactory)
