import factory
from factory.django import DjangoModelFactory

from placements import levels
from placements.models import Application, Enrolment, SchoolClass
from reference.periods import school_year_of
from tests.factories import OfferFactory, PupilFactory, SchoolFactory, TeacherFactory


def this_school_year():
    from django.utils import timezone

    return school_year_of(timezone.localdate())


class SchoolClassFactory(DjangoModelFactory):
    class Meta:
        model = SchoolClass
        skip_postgeneration_save = True

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"2de {n}")
    level = factory.LazyAttribute(lambda o: levels.MAIN_LEVEL[o.school.kind])
    school_year = factory.LazyFunction(this_school_year)
    join_code = factory.Sequence(lambda n: f"K{n:05d}")

    @factory.post_generation
    def teachers(obj, create, extracted, **kwargs):
        if create:
            for teacher in extracted or [TeacherFactory(school=obj.school)]:
                obj.teachers.add(teacher)


class EnrolmentFactory(DjangoModelFactory):
    class Meta:
        model = Enrolment

    school_class = factory.SubFactory(SchoolClassFactory)
    pupil = factory.LazyAttribute(lambda o: PupilFactory(school=o.school_class.school))


def enrolled_pupil(school_class=None, **kwargs):
    school_class = school_class or SchoolClassFactory()
    pupil = PupilFactory(school=school_class.school, **kwargs)
    EnrolmentFactory(pupil=pupil, school_class=school_class)
    return pupil


class ApplicationFactory(DjangoModelFactory):
    """A submitted application of an enrolled pupil; `state=` forces another state."""

    class Meta:
        model = Application

    offer = factory.SubFactory(OfferFactory, state="published")
    period = factory.LazyAttribute(lambda o: o.offer.periods.first())
    start = factory.LazyAttribute(lambda o: o.period.start)
    end = factory.LazyAttribute(lambda o: o.period.end)
    pupil = factory.LazyFunction(enrolled_pupil)
    school_class = factory.LazyAttribute(lambda o: o.pupil.enrolments.first().school_class)
    motivation = "J'aime le pain et me lever tôt."

    @classmethod
    def _create(cls, model_class, *args, state=None, **kwargs):
        application = super()._create(model_class, *args, **kwargs)
        if state:
            model_class.objects.filter(pk=application.pk).update(state=state)
            application.refresh_from_db()
        return application
