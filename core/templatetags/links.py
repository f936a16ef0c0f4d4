from django import template

from core.links import url_before_pk

register = template.Library()

register.simple_tag(url_before_pk)
