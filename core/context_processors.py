def portal(request):
    user = getattr(request, "user", None)
    unread = 0
    if user is not None and user.is_authenticated:
        unread = user.unread_notices  # kept with the user by core.services (no query)
    return {"unread_notice_count": unread}
