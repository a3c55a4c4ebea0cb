"""Second factor in tests: devices with a known secret, codes computed as an app would."""

import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

# Hex of the 20-byte secret "12345678901234567890" (RFC 6238's test key).
TEST_KEY = "3132333435363738393031323334353637383930"


def totp_device(user, key=TEST_KEY):
    """The user's confirmed TOTP device (created with `key` when missing)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Thử nghiệm", key=key, confirmed=True)
    return device


def totp_code(device):
    """The code an authenticator app shows now; the next one if this one was already used.

    django-otp refuses a code twice (replay), so a second sign-in within 30 seconds takes
    the next step's code, which the device's tolerance of one step accepts.
    """
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if device.last_t is not None and device.last_t >= totp.t():
        totp.time += device.step * (device.last_t - totp.t() + 1)
    return f"{totp.token():0{device.digits}d}"


def verify_session(client, user):
    """Mark the client's session as having passed the second factor (after force_login)."""
    device = totp_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


_plain_force_login = Client.force_login


def force_login_verified(self, user, backend=None):
    """Client.force_login, plus a verified second factor for the roles that require one."""
    from security.permissions import must_use_second_factor

    _plain_force_login(self, user, backend)
    if must_use_second_factor(user):
        verify_session(self, user)
