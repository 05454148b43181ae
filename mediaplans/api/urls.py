"""The media-plans' endpoints; `portal.api.urls` mounts them under /api/v1/. Items,
revisions and monthly reports are reached through their plan."""

from rest_framework.routers import SimpleRouter

from . import views

PLAN = r"media-plans/(?P<plan_pk>[0-9]+)"

router = SimpleRouter()
router.register("media-plans", views.MediaPlanViewSet, basename="media-plan")
router.register(f"{PLAN}/items", views.PlanItemViewSet, basename="media-plan-item")
router.register(f"{PLAN}/revisions", views.PlanRevisionViewSet, basename="media-plan-revision")
router.register(f"{PLAN}/reports", views.MonthlyReportViewSet, basename="media-plan-report")

urlpatterns = router.urls
