from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_notice_email(*, subject, text, url, recipients):
    context = {"text": text, "url": f"{settings.PORTAL_BASE_URL}{url}" if url else ""}
    send_mail(
        subject=f"[Thi đua số] {subject}",
        message=render_to_string("emails/notice_body.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
        html_message=render_to_string("emails/notice_body.html", context),
    )
    return len(recipients)
