"""`manage.py check --deploy` is clean under production values, and really checks."""

from .conftest import production_env

CHECK = ["manage.py", "check", "--deploy", "--fail-level", "WARNING"]


def test_check_deploy_reports_no_issue_with_production_settings(run_django):
    result = run_django(CHECK, production_env())

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_check_deploy_fails_when_production_runs_with_debug_and_a_weak_key(run_django):
    result = run_django(CHECK, production_env(DEBUG="true", SECRET_KEY="short"))

    assert result.returncode == 1
    assert "security.W009" in result.stderr
    assert "security.W018" in result.stderr
