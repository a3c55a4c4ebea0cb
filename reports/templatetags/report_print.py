"""Print-template helper: the file URL of a stored media file (the renderer's fetcher
serves file URLs inside MEDIA_ROOT and nothing else)."""

from pathlib import Path

from django import template
from django.conf import settings

register = template.Library()


@register.filter
def media_file_uri(name):
    return (Path(settings.MEDIA_ROOT).resolve() / name).as_uri()
