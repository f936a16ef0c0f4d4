from .models import User


def portal(request):
    """Role flags for the navigation."""
    return {"Role": User.Role}
