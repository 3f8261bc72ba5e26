import factory

from siccs.accounts.models import Assignment, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Aminata"
    last_name = factory.Sequence(lambda n: f"Traoré {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.ml")
    password = factory.django.Password("demo-password-1")


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    user = factory.SubFactory(UserFactory)
