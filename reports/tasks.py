from celery import shared_task

from . import reminders, services


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def compute_summary_issue(*, issue_id):
    """Freeze the issue's figures, then give it its numbered report (one "Phát hành")."""
    issue = services.compute_issue(issue_id)
    services.print_issue(issue)
    return issue.status


@shared_task
def send_deadline_reminders():
    return reminders.send_deadline_reminders()
