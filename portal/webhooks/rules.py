"""Who may do what with webhooks: any signed-in, active user may register endpoints for
public events (their payloads carry public data only); each sees and changes only their own
(the query `queries.endpoints_for_user`)."""


def can_register_webhooks(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_change_endpoint(user, endpoint) -> bool:
    return can_register_webhooks(user) and endpoint.owner_id == user.pk
