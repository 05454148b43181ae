from .models import WebhookDelivery, WebhookEndpoint


def endpoints_for_user(user):
    """The user's own endpoints: nobody else's, whoever asks (superusers too: a secret is
    its owner's)."""
    if not user.is_authenticated:
        return WebhookEndpoint.objects.none()
    return WebhookEndpoint.objects.filter(owner=user).order_by("pk")


def deliveries_of(endpoint):
    """The endpoint's delivery log, the latest attempt first, with each message."""
    return (
        WebhookDelivery.objects.filter(endpoint=endpoint).select_related("message").order_by("-pk")
    )
