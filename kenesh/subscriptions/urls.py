"""Pages of subscriptions: public ones under /<lang>/subscriptions/, the office under
/<lang>/office/subscriptions/."""

from django.urls import path

from kenesh.subscriptions import views_office, views_public

app_name = "subscriptions"

urlpatterns = [
    path("subscriptions/", views_public.how_to, name="how_to"),
    path("subscriptions/request/", views_public.invoice_request, name="request"),
    path("subscriptions/mine/", views_public.history, name="history"),
    path("subscriptions/ask/", views_public.ask, name="ask"),
    path("subscriptions/digest/", views_public.digest_choice, name="digest"),
    path("subscriptions/digest/stop/<str:token>/", views_public.digest_stop, name="digest_stop"),
    path("subscriptions/invoices/<int:invoice_id>/pdf/", views_public.invoice_download, name="invoice_pdf"),
    path("office/subscriptions/", views_office.office, name="office"),
    path("office/subscriptions/admin/", views_office.administration, name="office_admin"),
    path("office/subscriptions/dues/", views_office.dues, name="office_dues"),
    path("office/subscriptions/prices/", views_office.prices, name="office_prices"),
    path("office/subscriptions/payments/", views_office.payment, name="office_payment"),
    path("office/subscriptions/questions/", views_office.questions, name="office_questions"),
    path("office/subscriptions/questions/<int:question_id>/", views_office.question, name="office_question"),
    path(
        "office/subscriptions/seats/<int:seat_id>/remove/",
        views_office.seat_remove,
        name="office_seat_remove",
    ),
    path("office/subscriptions/<str:coate>/", views_office.body, name="office_body"),
]
