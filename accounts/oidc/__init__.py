"""allauth's OpenID Connect provider, with the ID token's signature always checked (eHerkenning).

allauth skips the signature of an ID token it fetched itself from the token endpoint (the OpenID Connect spec
allows that over TLS); for a login that vouches for a business the portal checks it anyway, against the broker's
published keys. Settings point allauth at this provider class (`provider_class`); its package's `urls` replace
allauth's own OpenID Connect URLs, with the same names.
"""
