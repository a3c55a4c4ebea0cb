"""Migration 0013: a dossier rule still holding the old default ("… của huyện") takes the
deciding body's fund (blank); any other wording stays. Backward the default returns."""

import pytest

from tests.factories import CampaignFactory
from tests.migrating import migrate, migrate_to_latest

BEFORE = ("dossiers", "0012_office_collectives")
AFTER = ("dossiers", "0013_fund_from_the_deciding_body")
OLD_DEFAULT = "Quỹ Thi đua, khen thưởng của huyện"


@pytest.mark.django_db(transaction=True)
def test_the_old_district_default_is_blanked_and_restored():
    first, second = CampaignFactory(), CampaignFactory()
    try:
        apps = migrate(BEFORE)
        Rule = apps.get_model("dossiers", "DossierRule")
        Rule.objects.create(campaign_id=first.pk, fund_name=OLD_DEFAULT)
        Rule.objects.create(campaign_id=second.pk, fund_name="Quỹ khen thưởng phong trào")

        Rule = migrate(AFTER).get_model("dossiers", "DossierRule")
        assert dict(Rule.objects.values_list("campaign_id", "fund_name")) == {
            first.pk: "",
            second.pk: "Quỹ khen thưởng phong trào",
        }

        Rule = migrate(BEFORE).get_model("dossiers", "DossierRule")
        assert Rule.objects.get(campaign_id=first.pk).fund_name == OLD_DEFAULT
    finally:
        migrate_to_latest()
