"""Pages of the accounts app: sign-up and sign-in, the profile, codes, and the people back office."""

from django.contrib.auth.views import LogoutView
from django.urls import path

from kenesh.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("login/forgot/", views.password_forgot, name="password_forgot"),
    path("login/reset/", views.password_reset, name="password_reset"),
    path("login/reset/<str:token>/", views.password_reset_link, name="password_reset_link"),
    path("signup/", views.signup, name="signup"),
    path("profile/", views.profile, name="profile"),
    path("profile/phone/", views.phone_verify, name="phone_verify"),
    path("profile/villages/", views.village_options, name="village_options"),
    path("profile/two-step/setup/", views.otp_setup, name="otp_setup"),
    path("profile/two-step/", views.otp_verify, name="otp_verify"),
    path("office/people/", views.office_home, name="office"),
    path("office/people/roles/", views.office_global_roles, name="office_global_roles"),
    path(
        "office/people/roles/<int:assignment_id>/revoke/", views.office_role_revoke, name="office_role_revoke"
    ),
    path("office/people/<int:municipality_id>/", views.office_residents, name="office_residents"),
    path(
        "office/people/<int:municipality_id>/residents/<int:user_id>/verify/",
        views.office_resident_verify,
        name="office_resident_verify",
    ),
    path("office/people/<int:municipality_id>/roles/", views.office_roles, name="office_roles"),
]
