"""Migration 0013: a dossier rule still holding the old default ("… của huyện") takes the
deciding body's fund (blank); any other wording stays. Backward the default returns."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import CampaignFactory

BEFORE = ("dossiers", "0012_office_collectives")
AFTER = ("dossiers", "0013_fund_from_the_deciding_body")
OLD_DEFAULT = "Quỹ Thi đua, khen thưởng của huyện"


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    executor.loader.build_graph()
    leaves = [n for n in executor.loader.graph.leaf_nodes() if n[0] != "dossiers"]
    return executor.loader.project_state([*leaves, target]).apps


@pytest.mark.django_db(transaction=True)
def test_the_old_district_default_is_blanked_and_restored():
    first, second = CampaignFactory(), CampaignFactory()
    try:
        apps = _migrate(BEFORE)
        Rule = apps.get_model("dossiers", "DossierRule")
        Rule.objects.create(campaign_id=first.pk, fund_name=OLD_DEFAULT)
        Rule.objects.create(campaign_id=second.pk, fund_name="Quỹ khen thưởng phong trào")

        Rule = _migrate(AFTER).get_model("dossiers", "DossierRule")
        assert dict(Rule.objects.values_list("campaign_id", "fund_name")) == {
            first.pk: "",
            second.pk: "Quỹ khen thưởng phong trào",
        }

        Rule = _migrate(BEFORE).get_model("dossiers", "DossierRule")
        assert Rule.objects.get(campaign_id=first.pk).fund_name == OLD_DEFAULT
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
