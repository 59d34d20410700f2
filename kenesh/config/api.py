"""The JSON API and its OpenAPI document at /api/ (django-ninja); each app adds its router here.

/api/openapi.json is the document; /api/docs is Swagger UI served from our own static files ("ninja" is in
INSTALLED_APPS, so django-ninja renders its local template rather than the CDN one), with the online
validator badge switched off: the docs page makes no request to another host.
"""

from ninja import NinjaAPI, Swagger

api = NinjaAPI(
    title="Kenesh API",
    version="1",
    description="Open data of Kyrgyz local self-government bodies: territories, LSG bodies and more.",
    docs=Swagger(settings={"validatorUrl": None}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)

# Routers of the apps, one line each: api.add_router("/<prefix>/", "kenesh.<app>.api.router")
api.add_router("/territory/", "kenesh.territory.api.router")
api.add_router("/budgets/", "kenesh.budgets.api.router")
api.add_router("/needs/", "kenesh.needs.api.router")
api.add_router("/plans/", "kenesh.plans.api.router")
api.add_router("/hearings/", "kenesh.hearings.api.router")
api.add_router("/surveys/", "kenesh.surveys.api.router")
api.add_router("/appeals/", "kenesh.appeals.api.router")
api.add_router("/monitoring/", "kenesh.monitoring.api.router")
api.add_router("/portraits/", "kenesh.portraits.api.router")
api.add_router("/portal/", "kenesh.portal.api.router")
