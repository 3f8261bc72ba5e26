"""Factories for methodologies and step records."""

import factory

from siccs.rollout.models import Methodology, MethodologyStep, MethodologyVersion, StepRecord

DEFAULT_STEPS = [
    ("preparation", "Préparation et contact avec l'autorité", False),
    ("identification", "Information et identification des membres", False),
    ("appointment", "Acte de création ou de nomination", False),
    ("launch", "Lancement officiel et installation", True),
    ("training", "Formation des membres", False),
    ("first-session", "Première session", False),
]


class MethodologyVersionFactory(factory.django.DjangoModelFactory):
    """A published version with the observed steps; `marks_installation` on the launch."""

    class Meta:
        model = MethodologyVersion
        skip_postgeneration_save = True

    methodology = factory.LazyFunction(
        lambda: Methodology.objects.create(name="Méthodologie de mise en place")
    )
    number = 1
    is_published = True

    @factory.post_generation
    def steps(self, create, extracted, **kwargs):
        for order, (code, name, installs) in enumerate(extracted or DEFAULT_STEPS, 1):
            MethodologyStep.objects.create(
                version=self, order=order, code=code, name=name, marks_installation=installs
            )


class StepRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StepRecord
