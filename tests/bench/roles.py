"""A benchmark campaign's roles: all held from its first day by a district committee
and its culture office (the bodies a paper of the benchmarks names)."""

import datetime


def assign_roles(campaign, authority, office_unit):
    """Give `campaign` its roles: `authority` issued the plan, decides the awards and
    receives the reports; the office of `office_unit` is the standing office and the
    council's secretariat; the council is `authority`'s. Returns the office's body."""
    from documents.models import IssuingBody
    from documents.services import issuer_for_unit
    from registrations.models import CampaignRole

    office = issuer_for_unit(office_unit, campaign=campaign, parent=authority)
    council, _created = IssuingBody.objects.get_or_create(
        code=f"hoi-dong-{authority.code}"[:60],
        defaults={
            "name": "Hội đồng Thi đua –\nKhen thưởng",
            "abbreviation": "HĐTĐKT",
            "parent": authority,
            "place_name": authority.place_name,
        },
    )
    Kind = CampaignRole.Kind
    holders = {
        Kind.PLAN_ISSUER: authority,
        Kind.STANDING_OFFICE: office,
        Kind.COUNCIL: council,
        Kind.COUNCIL_SECRETARIAT: office,
        Kind.AWARD_AUTHORITY: authority,
        Kind.REPORT_RECIPIENT: authority,
    }
    start = datetime.date(campaign.start_year, 1, 1)
    CampaignRole.objects.bulk_create(
        CampaignRole(campaign=campaign, kind=kind, body=body, valid_from=start)
        for kind, body in holders.items()
    )
    return office
