import pytest

from documents.models import IssuingBody, Signer
from documents.services import render_document


@pytest.fixture(autouse=True)
def eager_tasks(request, settings):
    """Render in-process unless a test asks for the real worker (REDIS_URL may be set)."""
    if request.node.get_closest_marker("broker") is None:
        settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """A media folder per test, so a test sees exactly the files it wrote."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def district(campaign):
    """The campaign's district committee (its plan issuer and award authority)."""
    return IssuingBody.objects.get(code="ubnd-huyen")


@pytest.fixture
def office_body(campaign, district):
    """The campaign's standing office, with its head and deputy as signers."""
    body = IssuingBody.objects.get(code="phong-vh-tt")
    Signer.objects.create(issuer=body, full_name="Nguyễn Văn An", position="Trưởng phòng", order=1)
    Signer.objects.create(
        issuer=body,
        full_name="Đỗ Thị Hồng",
        position="Phó Trưởng phòng",
        authority="KT.",
        authority_of="Trưởng phòng",
        order=2,
    )
    return body


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run what a request queued after its commit (the render task, eagerly)."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            result = action(*args, **kwargs)
        if hasattr(result, "refresh_from_db"):
            result.refresh_from_db()
        return result

    return run


@pytest.fixture
def rendered():
    """Render a version now, as the worker would."""

    def render(document):
        render_document(document.pk)
        document.refresh_from_db()
        return document

    return render


@pytest.fixture
def socket_guard(monkeypatch):
    """Record (and refuse) every outgoing network connection made during the test."""
    import socket

    attempts = []
    real_connect = socket.socket.connect

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            attempts.append(address)
            raise OSError("network refused in tests")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return attempts


@pytest.fixture
def login(client):
    """Log a fixture user in. UserFactory's password is set after its last save, so the
    session hash must come from the row in the database, not the factory's instance."""

    def log_in(user):
        user.refresh_from_db()
        client.force_login(user, backend="units.backends.PortalBackend")
        return client

    return log_in
