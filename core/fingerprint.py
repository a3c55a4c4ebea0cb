"""The fingerprint of a frozen version (issue 15): SHA-256 over its canonical content and
the SHA-256 of each file it froze.

Canonical content: the version's JSON with sorted keys, no spaces, UTF-8 (the text is
NFC already, as every form and service stores it). The files are listed by stored name
with their own SHA-256, so changing a byte of an attached plan or evidence file, or of
the content in the database, changes the fingerprint. Anyone who can see a version can
run the check: it reads the content and the files again and compares.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.core.files.storage import default_storage

CHUNK = 1 << 16


def canonical_json(data):
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def file_sha256(name, storage=default_storage):
    """The SHA-256 of a stored file, or None when it is not there."""
    if not name or not storage.exists(name):
        return None
    digest = hashlib.sha256()
    with storage.open(name, "rb") as stream:
        for chunk in iter(lambda: stream.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def files_of(names, storage=default_storage):
    """[{"name", "sha256"}] of the stored files `names`, once each, in name order."""
    return [
        {"name": name, "sha256": file_sha256(name, storage)}
        for name in sorted({name for name in names if name})
    ]


def fingerprint(data, files):
    """SHA-256 (hex) of the content `data` and the `files` list ({"name", "sha256"})."""
    payload = {"content": data, "files": [[f["name"], f["sha256"]] for f in files]}
    return hashlib.sha256(canonical_json(payload)).hexdigest()


def refresh_versions(versions, names_of):
    """Fingerprint `versions` (a queryset, in a data migration) again, each over the stored
    files `names_of(version)` lists."""
    for version in versions.iterator():
        version.files = files_of(names_of(version))
        version.sha256 = fingerprint(version.data, version.files)
        version.save(update_fields=["files", "sha256"])


@dataclass
class Check:
    """What the check found: whether everything matches, and what differs."""

    matches: bool
    content_changed: bool = False
    changed_files: list = field(default_factory=list)  # stored names
    missing_files: list = field(default_factory=list)


def check_version(version, storage=default_storage):
    """Compute the fingerprint of `version` again from its content and its files as they
    are now, and say whether it is the one stored when it was frozen."""
    content_changed = fingerprint(version.data, version.files) != version.sha256
    changed, missing = [], []
    for frozen in version.files:
        now = file_sha256(frozen["name"], storage)
        if now is None and frozen["sha256"] is not None:
            missing.append(frozen["name"])
        elif now != frozen["sha256"]:
            changed.append(frozen["name"])
    return Check(
        matches=not (content_changed or changed or missing),
        content_changed=content_changed,
        changed_files=changed,
        missing_files=missing,
    )
