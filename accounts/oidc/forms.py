from allauth.socialaccount.forms import SignupForm as SocialSignupForm


class EherkenningSignupForm(SocialSignupForm):
    """The first eHerkenning login for a KvK number the portal does not know yet: the person's name and e-mail
    address, and the new organisation's name, municipality and themes (accounts.forms.SignupForm's fields). Its kind
    (an enterprise) and KvK number come from eHerkenning. A module of its own: allauth builds its signup forms on
    accounts.forms."""

    field_order = ["name", "email", "organisation_name", "municipality", "themes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for vouched_for in ("kind", "kvk_number"):
            self.fields.pop(vouched_for, None)
        self.order_fields(self.field_order)
