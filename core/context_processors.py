def portal(request):
    user = getattr(request, "user", None)
    unread = 0
    if user is not None and user.is_authenticated:
        unread = user.notices.unread().count()
    return {"unread_notice_count": unread}
