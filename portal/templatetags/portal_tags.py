from django import template
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def url_in_language(context, language_code):
    """The current page in another language, keeping its query string."""
    request = context["request"]
    return translate_url(request.get_full_path(), language_code)


@register.simple_tag(takes_context=True)
def filters_query(context):
    """The page's filters as a query string without the page number, for the pagination
    links and for downloads of the same list."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    return query.urlencode()
