from .models import Notification


def unread_notifications(request):
    """The unread count in the header: one query, made only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_count": lambda: Notification.objects.unread().filter(recipient=user).count()}
