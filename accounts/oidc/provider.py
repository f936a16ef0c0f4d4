from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider

from .views import SignatureCheckingAdapter


class EherkenningProvider(OpenIDConnectProvider):
    oauth2_adapter_class = SignatureCheckingAdapter


provider_classes = [EherkenningProvider]
