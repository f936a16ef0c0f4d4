"""A forged management form cannot make the server build thousands of forms."""

import pytest

from procurement.forms import OfferingFormSet
from programmes.challenges.forms import CriterionFormSet, QuestionFormSet
from surveys.forms import QuestionFormSet as SurveyQuestionFormSet


@pytest.mark.django_db
@pytest.mark.parametrize("formset_class", [QuestionFormSet, CriterionFormSet, OfferingFormSet, SurveyQuestionFormSet])
def test_a_forged_total_forms_is_capped_and_refused(formset_class):
    prefix = formset_class.get_default_prefix()
    data = {
        f"{prefix}-TOTAL_FORMS": "99999999999999999999999999",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }

    formset = formset_class(data=data, prefix=prefix)

    assert len(formset.forms) <= formset_class.absolute_max <= 50
    assert not formset.is_valid()
