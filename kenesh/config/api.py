"""The JSON API and its OpenAPI document at /api/ (django-ninja); each app adds its router here."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Kenesh API",
    version="1",
    description="Open data of Kyrgyz local self-government bodies: territories, LSG bodies and more.",
    docs_url="/docs",
)
