"""Thin pages of the media-plans: check a rule, call a query or a service, render."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from . import rules
from .models import MediaPlan


@login_required
def plan_list(request):
    plans = rules.scope_plans(MediaPlan.objects.select_related("agency"), request.user)
    return render(request, "mediaplans/plan_list.html", {"plans": plans})


@login_required
def plan_detail(request, pk):
    plan = get_object_or_404(MediaPlan.objects.select_related("agency"), pk=pk)
    if not rules.can_view_plan(request.user, plan):
        raise Http404
    return render(request, "mediaplans/plan_detail.html", {"plan": plan})
