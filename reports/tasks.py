from celery import shared_task

from . import reminders, services


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def compute_summary_issue(*, issue_id):
    return services.compute_issue(issue_id).status


@shared_task
def send_deadline_reminders():
    return reminders.send_deadline_reminders()
