"""Migration 0010 (issue 9): a database with the campaign's single fields keeps printing
the same bodies once they are dated role assignments."""

import datetime

import pytest

from tests.migrating import migrate

BEFORE = ("registrations", "0009_version_files")
AFTER = ("registrations", "0010_campaign_roles_replace_fields")


@pytest.mark.django_db(transaction=True)
def test_the_fields_become_assignments_from_the_campaigns_first_day():
    apps = migrate(BEFORE)
    Unit = apps.get_model("units", "Unit")
    IssuingBody = apps.get_model("documents", "IssuingBody")
    Campaign = apps.get_model("registrations", "Campaign")
    CampaignRole = apps.get_model("registrations", "CampaignRole")
    office_unit = Unit.objects.create(
        code="phong-vh", name="Phòng Văn hóa và Thông tin", tier="district_agency"
    )
    home_affairs = Unit.objects.create(code="phong-nv", name="Phòng Nội vụ", tier="district_agency")
    district = IssuingBody.objects.create(
        code="ubnd-huyen-cu",
        name="Ủy ban nhân dân\nhuyện Cũ",
        full_name="Ủy ban nhân dân huyện Cũ",
        parent_line="UBND huyện Cũ",
        abbreviation="UBND",
        place_name="Cũ",
        valid_to=datetime.date(2025, 6, 30),
    )
    office = IssuingBody.objects.create(
        code="vhtt-cu",
        name="Phòng Văn hóa và Thông tin",
        abbreviation="VHTT",
        parent=district,
        unit=office_unit,
        place_name="Cũ",
    )
    # One campaign with no assignment, one whose standing office was already handed over.
    plain = Campaign.objects.create(
        name="Phong trào A",
        issuer_name="UBND huyện Cũ",
        locality_name="Cũ",
        start_year=2022,
        end_year=2025,
        standing_office=office_unit,
        council_secretariat=home_affairs,
    )
    handed = Campaign.objects.create(
        name="Phong trào B",
        issuer_name="UBND huyện Cũ",
        locality_name="Cũ",
        start_year=2023,
        end_year=2025,
        standing_office=office_unit,
        council_secretariat=home_affairs,
    )
    province = IssuingBody.objects.create(
        code="so-moi", name="Sở Văn hóa", abbreviation="SVH", place_name="Tỉnh"
    )
    CampaignRole.objects.create(
        campaign=handed,
        kind="standing_office",
        body=province,
        valid_from=datetime.date(2023, 1, 1),
    )

    apps = migrate(AFTER)
    CampaignRole = apps.get_model("registrations", "CampaignRole")
    IssuingBody = apps.get_model("documents", "IssuingBody")

    def held(campaign):
        return {
            r.kind: (r.body.code, r.valid_from, r.valid_to)
            for r in CampaignRole.objects.filter(campaign_id=campaign.pk)
        }

    start = datetime.date(2022, 1, 1)
    secretariat = IssuingBody.objects.get(unit_id=home_affairs.pk)
    council = IssuingBody.objects.get(parent_id=district.pk, abbreviation="HĐTĐKT")
    assert held(plain) == {
        "plan_issuer": ("ubnd-huyen-cu", start, None),
        "standing_office": (office.code, start, None),
        "council_secretariat": (secretariat.code, start, None),
        "council": (council.code, start, None),
        "award_authority": ("ubnd-huyen-cu", start, None),
        "report_recipient": ("ubnd-huyen-cu", start, None),
    }
    assert (secretariat.name, secretariat.parent_id, secretariat.place_name) == (
        "Phòng Nội vụ",
        district.pk,
        "Cũ",
    )
    # An assignment already made is kept; only the missing roles are added.
    assert held(handed)["standing_office"] == ("so-moi", datetime.date(2023, 1, 1), None)
    assert held(handed)["plan_issuer"] == ("ubnd-huyen-cu", datetime.date(2023, 1, 1), None)
    assert CampaignRole.objects.filter(campaign_id=handed.pk, kind="standing_office").count() == 1
    fields = {f.name for f in apps.get_model("registrations", "Campaign")._meta.get_fields()}
    assert not fields & {"issuer_name", "standing_office", "council_secretariat"}
