"""Who may do what with model examples: the culture office writes and publishes them;
everyone (signed in or not) reads the published ones."""

from django.shortcuts import get_object_or_404

from .models import Exemplar


def can_manage_exemplars(user):
    return user.is_authenticated and user.is_culture_office


def get_exemplar_for(user, pk):
    """A published example for anyone; a draft only for the office (404 otherwise)."""
    examples = Exemplar.objects.select_related("unit")
    if not can_manage_exemplars(user):
        examples = examples.published()
    return get_object_or_404(examples, pk=pk)
