"""An access test generated from the URL resolver (issue 12).

Every URL pattern is requested by every role, with an object of the user's own unit and
of another unit, by GET and by POST (empty form), on the demo data. The test fails on
any 500, on a unit account reading another unit's object, and on any change of the data
(rows created or deleted, a status changed) that is not in ALLOWED_CHANGES. A new URL
pattern without an entry in ARGS fails `test_every_url_pattern_has_a_fixture`, so no
URL escapes the matrix. Admin URLs are walked too (GET, sample ids).
"""

import hashlib
import io

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Max
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import Version
from criteria.models import Assessment, CriterionSet, Evidence
from documents.models import DocumentBundle, GeneratedDocument
from dossiers.models import (
    AwardDecision,
    AwardProposal,
    BulkPrint,
    CouncilMeeting,
    DistrictSubmission,
    Nominee,
    ProvincialSubmission,
)
from exemplars.models import Exemplar
from inspections.models import Inspection, InspectionEvidence, Recommendation
from registrations.models import Campaign, DeadlineExtension, Registration, RegistrationWindow
from reports.models import PeriodicReport, ReportingPeriod, SummaryReport
from tests.config.test_urls import _all_views
from units.models import Unit, User

pytestmark = pytest.mark.django_db

MISSING = 999_999  # an id no row has: the answer must be a 404, never a 500
ROLES = {
    "staff": "lungvai.canbo",
    "head": "lungvai.truong",
    "office": "vhtt",
    "council": "hoidong",
    "admin": "quantri",
}
UNIT_ROLES = ("staff", "head")
OWN = "xa-lung-vai"
TRACKED_APPS = (
    "core", "units", "registrations", "criteria", "documents", "dossiers", "inspections", "exemplars", "reports",
)  # fmt: skip


def _pk(queryset):
    obj = queryset.order_by("pk").first()
    return obj.pk if obj else MISSING


class World:
    """Finds, for a unit, the demo's object behind each URL parameter."""

    def registration(self, unit):
        return _pk(Registration.objects.filter(unit=unit))

    def registration_version(self, unit):
        reg = Registration.objects.filter(unit=unit).order_by("pk").first()
        version = Version.objects.for_object(reg).first() if reg else None
        return [reg.pk if reg else MISSING, version.number if version else 1]

    def assessment(self, unit):
        return _pk(Assessment.objects.filter(unit=unit))

    def assessment_version(self, unit):
        obj = Assessment.objects.filter(unit=unit).order_by("pk").first()
        version = Version.objects.for_object(obj).first() if obj else None
        return [obj.pk if obj else MISSING, version.number if version else 1]

    def evidence(self, unit):
        return _pk(Evidence.objects.filter(result__assessment__unit=unit))

    def periodic(self, unit):
        return _pk(PeriodicReport.objects.filter(unit=unit))

    def periodic_version(self, unit):
        obj = PeriodicReport.objects.filter(unit=unit).order_by("pk").first()
        version = Version.objects.for_object(obj).first() if obj else None
        return [obj.pk if obj else MISSING, version.number if version else 1]

    def proposal(self, unit):
        return _pk(AwardProposal.objects.filter(unit=unit))

    def proposal_version(self, unit):
        obj = AwardProposal.objects.filter(unit=unit).order_by("pk").first()
        version = Version.objects.for_object(obj).first() if obj else None
        return [obj.pk if obj else MISSING, version.number if version else 1]

    def nominee(self, unit):
        return _pk(Nominee.objects.filter(proposal__unit=unit))

    def document(self, unit):
        ids = Registration.objects.filter(unit=unit).values_list("pk", flat=True)
        return _pk(
            GeneratedDocument.objects.filter(
                content_type=ContentType.objects.get_for_model(Registration), object_id__in=ids
            )
        )

    def inspection(self, unit):
        return _pk(Inspection.objects.filter(unit=unit))

    def recommendation(self, unit):
        return _pk(Recommendation.objects.filter(inspection__unit=unit))

    def inspection_evidence(self, unit):
        return _pk(InspectionEvidence.objects.filter(inspection__unit=unit))

    def submission_nominee(self, unit):
        submission = DistrictSubmission.objects.order_by("pk").first()
        return [submission.pk if submission else MISSING, self.nominee(unit)]

    def summary_issue(self, unit):
        summary = SummaryReport.objects.filter(issues__isnull=False).order_by("pk").first()
        return [summary.pk if summary else MISSING, 1]


W = World()
# URL name -> (args for a unit, whether the object belongs to that unit).
ARGS = {
    "registrations:start": (lambda u: [_pk(RegistrationWindow.objects)], False),
    "registrations:extension_grant": (lambda u: [_pk(RegistrationWindow.objects)], False),
    "registrations:extension_withdraw": (lambda u: [_pk(DeadlineExtension.objects)], False),
    "dossiers:nominee_import": (lambda u: [W.proposal(u)], True),
    "dossiers:nominee_template": (lambda u: [W.proposal(u)], True),
    "registrations:handover": (lambda u: [_pk(Campaign.objects)], False),
    "registrations:detail": (lambda u: [W.registration(u)], True),
    "registrations:edit": (lambda u: [W.registration(u)], True),
    "registrations:submit": (lambda u: [W.registration(u)], True),
    "registrations:accept": (lambda u: [W.registration(u)], True),
    "registrations:return": (lambda u: [W.registration(u)], True),
    "registrations:plan": (lambda u: [W.registration(u)], True),
    "registrations:version": (W.registration_version, True),
    "registrations:version_plan": (W.registration_version, True),
    "criteria:set": (lambda u: [_pk(CriterionSet.objects)], False),
    "criteria:set_new_version": (lambda u: [_pk(CriterionSet.objects)], False),
    "criteria:start": (lambda u: [W.registration(u)], True),
    "criteria:detail": (lambda u: [W.assessment(u)], True),
    "criteria:edit": (lambda u: [W.assessment(u)], True),
    "criteria:compute": (lambda u: [W.assessment(u)], True),
    "criteria:submit": (lambda u: [W.assessment(u)], True),
    "criteria:review": (lambda u: [W.assessment(u)], True),
    "criteria:review_compute": (lambda u: [W.assessment(u)], True),
    "criteria:return": (lambda u: [W.assessment(u)], True),
    "criteria:version": (W.assessment_version, True),
    "criteria:evidence": (lambda u: [W.evidence(u)], True),
    "reports:periodic_start": (lambda u: [_pk(ReportingPeriod.objects)], False),
    "reports:periodic_detail": (lambda u: [W.periodic(u)], True),
    "reports:periodic_edit": (lambda u: [W.periodic(u)], True),
    "reports:periodic_submit": (lambda u: [W.periodic(u)], True),
    "reports:periodic_acknowledge": (lambda u: [W.periodic(u)], True),
    "reports:periodic_return": (lambda u: [W.periodic(u)], True),
    "reports:periodic_version": (W.periodic_version, True),
    "reports:period_detail": (lambda u: [_pk(ReportingPeriod.objects)], False),
    "reports:period_edit": (lambda u: [_pk(ReportingPeriod.objects)], False),
    "reports:summary_detail": (lambda u: [_pk(SummaryReport.objects)], False),
    "reports:summary_edit": (lambda u: [_pk(SummaryReport.objects)], False),
    "reports:summary_issue": (lambda u: [_pk(SummaryReport.objects)], False),
    "reports:issue_detail": (W.summary_issue, False),
    "reports:issue_xlsx": (W.summary_issue, False),
    "reports:issue_retry": (W.summary_issue, False),
    "documents:detail": (lambda u: [W.document(u)], True),
    "documents:status": (lambda u: [W.document(u)], True),
    "documents:pdf": (lambda u: [W.document(u)], True),
    "documents:docx": (lambda u: [W.document(u)], True),
    "documents:issue": (lambda u: [W.document(u)], True),
    "documents:retry": (lambda u: [W.document(u)], True),
    "documents:regenerate": (lambda u: [W.document(u)], True),
    "documents:source": (lambda u: ["registration_form", W.registration(u)], True),
    "documents:request": (lambda u: ["registration_form", W.registration(u)], True),
    "documents:bundle": (lambda u: [_pk(DocumentBundle.objects)], False),
    "documents:bundle_status": (lambda u: [_pk(DocumentBundle.objects)], False),
    "documents:bundle_pdf": (lambda u: [_pk(DocumentBundle.objects)], False),
    "documents:bundle_retry": (lambda u: [_pk(DocumentBundle.objects)], False),
    "dossiers:proposal_start": (lambda u: [W.registration(u)], True),
    "dossiers:proposal_detail": (lambda u: [W.proposal(u)], True),
    "dossiers:proposal_package": (lambda u: [W.proposal(u)], True),
    "dossiers:proposal_submit": (lambda u: [W.proposal(u)], True),
    "dossiers:proposal_review": (lambda u: [W.proposal(u)], True),
    "dossiers:proposal_version": (W.proposal_version, True),
    "dossiers:nominee_create": (lambda u: [W.proposal(u), "individual"], True),
    "dossiers:nominee_detail": (lambda u: [W.nominee(u)], True),
    "dossiers:nominee_edit": (lambda u: [W.nominee(u)], True),
    "dossiers:nominee_delete": (lambda u: [W.nominee(u)], True),
    "dossiers:submission_detail": (lambda u: [_pk(DistrictSubmission.objects)], False),
    "dossiers:submission_send": (lambda u: [_pk(DistrictSubmission.objects)], False),
    "dossiers:submission_exclude": (W.submission_nominee, False),
    "dossiers:meeting_create": (lambda u: [_pk(DistrictSubmission.objects)], False),
    "dossiers:meeting_detail": (lambda u: [_pk(CouncilMeeting.objects)], False),
    "dossiers:meeting_votes": (lambda u: [_pk(CouncilMeeting.objects)], False),
    "dossiers:meeting_close": (lambda u: [_pk(CouncilMeeting.objects)], False),
    "dossiers:decision_create": (lambda u: [_pk(CouncilMeeting.objects)], False),
    "dossiers:forwarding_create": (lambda u: [_pk(CouncilMeeting.objects)], False),
    "dossiers:decision_detail": (lambda u: [_pk(AwardDecision.objects)], False),
    "dossiers:decision_edit": (lambda u: [_pk(AwardDecision.objects)], False),
    "dossiers:decision_issue": (lambda u: [_pk(AwardDecision.objects)], False),
    "dossiers:forwarding_detail": (lambda u: [_pk(ProvincialSubmission.objects)], False),
    "dossiers:bulk_print_start": (lambda u: [_pk(CouncilMeeting.objects)], False),
    "dossiers:bulk_print_detail": (lambda u: [_pk(BulkPrint.objects)], False),
    "dossiers:bulk_print_download": (lambda u: [_pk(BulkPrint.objects)], False),
    "dossiers:bulk_print_cancel": (lambda u: [_pk(BulkPrint.objects)], False),
    "inspections:plan": (lambda u: [_pk(RegistrationWindow.objects)], False),
    "inspections:detail": (lambda u: [W.inspection(u)], True),
    "inspections:finding_add": (lambda u: [W.inspection(u)], True),
    "inspections:recommendation_add": (lambda u: [W.inspection(u)], True),
    "inspections:evidence_add": (lambda u: [W.inspection(u)], True),
    "inspections:record": (lambda u: [W.inspection(u)], True),
    "inspections:answer": (lambda u: [W.recommendation(u)], True),
    "inspections:evidence": (lambda u: [W.inspection_evidence(u)], True),
    "public_decision_pdf": (lambda u: [_pk(AwardDecision.objects)], False),
    "public_decision_detail": (lambda u: [_pk(AwardDecision.objects)], False),
    "exemplars:public_detail": (lambda u: [_pk(Exemplar.objects)], False),
    "exemplars:photo": (lambda u: [_pk(Exemplar.objects)], False),
    "exemplars:edit": (lambda u: [_pk(Exemplar.objects)], False),
    "exemplars:publish": (lambda u: [_pk(Exemplar.objects)], False),
    "exemplars:withdraw": (lambda u: [_pk(Exemplar.objects)], False),
}
NO_ARGS = {
    "home", "healthz", "readyz", "notices", "login", "logout", "password_change", "password_change_done",
    "second_factor_verify", "second_factor_enrol", "second_factor_manage",
    "recovery_codes_renew", "audit_log", "audit_log_csv", "audit_log_xlsx", "units:list",
    "units:import", "registrations:list", "registrations:export", "registrations:mine",
    "registrations:extensions",
    "criteria:sets", "criteria:mine", "criteria:queue", "criteria:results",
    "criteria:results_export", "criteria:home_card", "reports:periodic_mine",
    "reports:period_list", "reports:period_create_defaults", "reports:summary_list",
    "reports:summary_create", "open_data:page", "open_data:csv", "open_data:json",
    "documents:bundles", "dossiers:proposal_list", "dossiers:proposal_mine",
    "dossiers:submission_list", "dossiers:submission_start", "dossiers:council_members",
    "dossiers:office_proposal_start",
    "honour_roll", "favicon", "reports:home_todo", "public_decisions", "inspections:list",
    "exemplars:public_list", "exemplars:manage",
}  # fmt: skip
# Not walked by POST: they end the session the matrix signs in with.
NO_POST = {"logout"}

# Every change an empty POST makes on the demo, reviewed: (URL name, role, "own"/"other"/"-").
# Each is the role's own action: a new criteria version (office), a paper of the unit's own
# registration (its staff and head), bulk printing (council, admin), issuing a summary,
# taking a published model example off the public pages (office).
ALLOWED_CHANGES = {
    ("criteria:set_new_version", "office", "-"),
    ("documents:request", "head", "own"),
    ("documents:request", "staff", "own"),
    ("dossiers:bulk_print_start", "admin", "-"),
    ("dossiers:bulk_print_start", "council", "-"),
    ("exemplars:withdraw", "office", "-"),
    ("reports:summary_issue", "office", "-"),
}


def fingerprint():
    """Rows and statuses of the portal's tables: what a wrong request must not move."""
    digest = hashlib.sha256()
    for app in TRACKED_APPS:
        for model in apps.get_app_config(app).get_models():
            queryset = model._base_manager.all()
            digest.update(repr(queryset.aggregate(n=Max("pk"))).encode())
            digest.update(str(queryset.count()).encode())
            if any(f.name == "status" for f in model._meta.concrete_fields):
                digest.update(
                    repr(list(queryset.order_by("pk").values_list("pk", "status"))).encode()
                )
    return digest.hexdigest()


WRITES = ("INSERT", "UPDATE", "DELETE")


def _wrote(queries):
    """Whether a request ran any statement that can change a row."""
    return any(q["sql"].lstrip().upper().startswith(WRITES) for q in queries.captured_queries)


def _other_unit():
    """The unit (not Lùng Vai) with the most kinds of demo objects."""
    best, best_score = None, -1
    for unit in Unit.objects.exclude(code=OWN).filter(registrations__isnull=False).distinct():
        score = sum(
            bool(fn(unit))
            for fn in (
                W.registration,
                W.assessment,
                W.periodic,
                W.proposal,
                W.nominee,
                W.evidence,
                W.inspection,
            )  # fmt: skip
            if fn(unit) != MISSING
        )
        if score > best_score:
            best, best_score = unit, score
    return best


def test_every_url_pattern_has_a_fixture():
    names = {name for _url, name, _view in _all_views() if not name.startswith("admin:")}

    assert sorted(names - set(ARGS) - NO_ARGS) == []
    assert sorted((set(ARGS) | NO_ARGS) - names) == []


def test_every_url_for_every_role_and_unit_by_get_and_post():
    call_command("load_demo", stdout=io.StringIO())
    own, other = Unit.objects.get(code=OWN), _other_unit()
    other_names = {other.name}
    clients = {}
    for role, username in ROLES.items():
        client = Client(raise_request_exception=False)
        client.force_login(User.objects.get(username=username))
        clients[role] = client
    problems, changes = [], set()
    baseline = fingerprint()

    for _url, name, _view in _all_views():
        if name.startswith("admin:"):
            continue
        args_for, unit_scoped = ARGS.get(name, (lambda u: [], False))
        targets = [("own", own), ("other", other)] if unit_scoped else [("-", own)]
        for role, client in clients.items():
            for which, unit in targets:
                url = reverse(name, args=args_for(unit))
                for method in ("get", "post"):
                    if method == "post" and name in NO_POST:
                        continue
                    # Every request is rolled back, so each one starts from `baseline`. The
                    # query log is emptied first: once full (9,000 queries), it captures none.
                    connection.queries_log.clear()
                    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
                        response = getattr(client, method)(url)
                        # The fingerprint is costly: taken only after a request that wrote.
                        if method == "post" and _wrote(queries) and fingerprint() != baseline:
                            changes.add((name, role, which))
                        transaction.set_rollback(True)
                    status = response.status_code
                    where = f"{method.upper()} {url} as {role} ({which})"
                    if status >= 500:
                        problems.append(f"{where}: {status}")
                    elif role in UNIT_ROLES and which == "other" and status == 200:
                        problems.append(f"{where}: 200 on another unit's object")
                    elif (
                        role in UNIT_ROLES
                        and status == 200
                        and response.get("Content-Type", "").startswith("text/html")
                        and any(n in response.content.decode() for n in other_names)
                        # Public pages: awardees of every unit (name, position, unit).
                        and name
                        not in (
                            "honour_roll",
                            "public_decisions",
                            "public_decision_detail",
                            "open_data:page",
                            "exemplars:public_list",
                            "exemplars:public_detail",
                        )  # fmt: skip
                    ):
                        problems.append(f"{where}: shows {other.name}")

    unexpected = sorted(changes - ALLOWED_CHANGES)
    assert problems == [], "\n".join(problems)
    assert unexpected == [], "\n".join(map(repr, unexpected))


def test_admin_urls_answer_every_role_without_a_500():
    call_command("load_demo", stdout=io.StringIO())
    problems = []
    for role, username in ROLES.items():
        client = Client(raise_request_exception=False)
        client.force_login(User.objects.get(username=username))
        for url, name, _view in _all_views():
            if not name.startswith("admin:") or name in ("admin:logout",):
                continue
            response = client.get("/" + url)
            if response.status_code >= 500:
                problems.append(f"GET /{url} as {role}: {response.status_code}")
            elif role != "admin" and response.status_code == 200 and name != "admin:login":
                problems.append(f"GET /{url} as {role}: 200")

    assert problems == []
