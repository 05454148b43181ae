"""The media-plans' pages (under the language prefix): the agency's plan for a year, its
review, revisions and reports (000 §2; 004 §5–8); the consolidated republican plan (000 §2.3)."""

from django.urls import path

from . import views

app_name = "mediaplans"

urlpatterns = [
    path("media-plans/", views.plan_list, name="plan_list"),
    path("media-plans/new/", views.plan_create, name="plan_create"),
    path("media-plans/thematic-proposals/", views.thematic_proposals, name="thematic_proposals"),
    path("media-plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    # The review's steps (000 §2.2–2.4; 004 §5), each one POST calling one service.
    path("media-plans/<int:pk>/submit/", views.plan_submit, name="plan_submit"),
    path("media-plans/<int:pk>/return/", views.plan_return, name="plan_return"),
    path("media-plans/<int:pk>/approve/", views.plan_approve, name="plan_approve"),
    path(
        "media-plans/<int:pk>/approve-regionally/",
        views.plan_approve_regionally,
        name="plan_approve_regionally",
    ),
    path("media-plans/<int:pk>/new-revision/", views.plan_revision_open, name="plan_revision_open"),
    path("media-plans/<int:pk>/comments/", views.plan_comment, name="plan_comment"),
    path("media-plans/<int:pk>/revisions/", views.plan_revisions, name="plan_revisions"),
    # Its documents (issue 9 item 1), downloaded only through a permission check.
    path("media-plans/<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path(
        "media-plans/<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        "media-plans/<int:pk>/attachments/<int:attachment_pk>/remove/",
        views.attachment_remove,
        name="attachment_remove",
    ),
    # The items: JSON for the page's script, redirects for a plain form (issue 9 item 2).
    path("media-plans/<int:pk>/items/add/", views.item_add, name="item_add"),
    path("media-plans/<int:pk>/items/<int:item_pk>/", views.item_edit, name="item_edit"),
    path("media-plans/<int:pk>/items/<int:item_pk>/delete/", views.item_delete, name="item_delete"),
    path("media-plans/<int:pk>/items/<int:item_pk>/move/", views.item_move, name="item_move"),
    # The consolidated republican media-plan (000 §2.3), the monthly reports (004 §8), the
    # quarterly and annual summaries (000 §8.2–8.3), the XLSX import of items (issue 9 item 2).
    path(
        "media-plans/consolidated/<int:year>/",
        views.consolidated_list,
        name="consolidated_list",
    ),
    path(
        "media-plans/consolidated/<int:year>/freeze/",
        views.consolidated_freeze,
        name="consolidated_freeze",
    ),
    path(
        "media-plans/consolidated/<int:year>/freeze/<int:pk>/",
        views.consolidated_freeze_status,
        name="consolidated_freeze_status",
    ),
    path(
        "media-plans/consolidated/<int:year>/<int:edition>/",
        views.consolidated_detail,
        name="consolidated_detail",
    ),
    path(
        "media-plans/consolidated/<int:year>/<int:edition>/pdf/",
        views.consolidated_pdf,
        name="consolidated_pdf",
    ),
    path(
        "media-plans/consolidated/<int:year>/<int:edition>/xlsx/",
        views.consolidated_xlsx,
        name="consolidated_xlsx",
    ),
    path(
        "media-plans/consolidated/<int:year>/<int:edition>/dispatch/",
        views.consolidated_dispatch,
        name="consolidated_dispatch",
    ),
    path("media-plans/<int:pk>/reports/", views.report_list, name="report_list"),
    path("media-plans/<int:pk>/reports/<int:month>/", views.report_detail, name="report_detail"),
    path(
        "media-plans/<int:pk>/reports/<int:month>/submit/",
        views.report_submit,
        name="report_submit",
    ),
    path("media-plans/summaries/<int:year>/", views.summary_year, name="summary_year"),
    path("media-plans/summaries/<int:year>/pdf/", views.summary_year_pdf, name="summary_year_pdf"),
    path(
        "media-plans/summaries/<int:year>/Q<int:quarter>/",
        views.summary_quarter,
        name="summary_quarter",
    ),
    path(
        "media-plans/summaries/<int:year>/Q<int:quarter>/pdf/",
        views.summary_quarter_pdf,
        name="summary_quarter_pdf",
    ),
    path("media-plans/<int:pk>/import/", views.plan_import, name="plan_import"),
    path(
        "media-plans/<int:pk>/import/template/",
        views.plan_import_template,
        name="plan_import_template",
    ),
    path(
        "media-plans/<int:pk>/import/confirm/",
        views.plan_import_confirm,
        name="plan_import_confirm",
    ),
    path(
        "media-plans/<int:pk>/import/<str:token>/",
        views.plan_import_status,
        name="plan_import_status",
    ),
]
