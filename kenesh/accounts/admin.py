"""The Django admin for people and role assignments (technical administrators only)."""

from django.contrib import admin

from kenesh.accounts.models import PhoneVerification, RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    fields = ["role", "municipality", "granted_by", "granted_at", "revoked_at"]
    raw_id_fields = ["municipality", "granted_by"]


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["full_name", "phone", "email", "municipality", "resident_verified_at", "is_active"]
    list_filter = ["is_active", "is_superuser"]
    search_fields = ["full_name", "phone", "email"]
    raw_id_fields = ["municipality", "village"]
    exclude = ["password", "user_permissions", "groups"]
    # A residence is verified by staff of the municipality, on the office page, audited: not here.
    readonly_fields = [
        "last_login",
        "date_joined",
        "demographics_consent_at",
        "resident_verified_at",
        "resident_verified_by",
        "resident_verified_for",
        "resident_evidence",
    ]
    inlines = [RoleAssignmentInline]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "municipality", "granted_at", "revoked_at"]
    list_filter = ["role"]
    raw_id_fields = ["user", "municipality", "granted_by", "revoked_by"]


@admin.register(PhoneVerification)
class PhoneVerificationAdmin(admin.ModelAdmin):
    list_display = ["phone", "created_at", "expires_at", "attempts", "confirmed_at"]
    exclude = ["code_hash"]
