"""The demo data: Groningen's 2019 and 2020 as the council letter tells them, Haarlem's plan in the making."""

from accounts.demo import seed_accounts
from accounts.models import User
from programmes import demo
from programmes.models import Activity, Programme, Question, QuestionMessage
from programmes.selectors import activity_figures, desk_questions, service_point_figures


def seed():
    seed_accounts()
    demo.seed_groningen_programme()
    demo.seed_groningen_progress_and_indicators()
    demo.seed_groningen_activities()
    demo.seed_groningen_service_point()
    demo.seed_groningen_service_point_conversations()
    demo.seed_haarlem_programme()


def test_it_seeds_groningens_activities_with_the_corona_year(db):
    seed()
    programme = Programme.objects.get(municipality__slug="groningen")
    figures_2019 = activity_figures(programme, 2019)
    figures_2020 = activity_figures(programme, 2020)
    assert figures_2019.cancelled == 0 and figures_2019.held >= 10
    assert figures_2020.cancelled >= 5 and figures_2020.moved_online >= 4
    line_4 = next(line for line in activity_figures(programme, 2019).action_lines if line.number == 4)
    assert line_4.held == 2  # "de beoogde twee events" of 2019
    assert Activity.objects.filter(title__contains="wat heb je nodig tijdens Corona").count() == 2
    assert Activity.objects.filter(kind="challenge_finale", starts_at__date="2020-11-19").exists()
    assert service_point_figures(programme.municipality, 2020).median_response_time is not None


def test_it_seeds_haarlems_programme_in_the_making(db):
    seed()
    haarlem = Programme.objects.get(municipality__slug="haarlem")
    titles = set(Activity.objects.filter(action_line__programme=haarlem).values_list("title", flat=True))
    assert "Social Impact Night" in titles
    assert any(title.startswith("Co-creatiesessie") for title in titles)


def test_it_changes_nothing_when_seeded_twice(db):
    seed()
    counts = (
        Activity.objects.count(),
        Question.objects.count(),
        Programme.objects.count(),
        QuestionMessage.objects.count(),
    )
    seed()
    assert (
        Activity.objects.count(),
        Question.objects.count(),
        Programme.objects.count(),
        QuestionMessage.objects.count(),
    ) == counts


def test_the_demo_has_a_held_activity_with_an_unknown_number_of_participants(db):
    seed()
    programme = Programme.objects.get(municipality__slug="groningen")

    assert activity_figures(programme, 2021).participants_unknown == 1
    assert activity_figures(programme, 2020).participants_unknown == 0  # the letter's year keeps its counts


def test_it_seeds_a_partner_desk_a_reopened_conversation_and_whether_askers_were_helped(db):
    seed()
    member = User.objects.get(email=demo.DESK_MEMBER_EMAIL)
    assert [question.subject for question in desk_questions(member)] == ["Werkplek in een gedeeld kantoor"]
    reopened = Question.objects.get(subject="Inkoopkansen voor een schoonmaakbedrijf met impact")
    assert reopened.status == Question.Status.IN_PROGRESS and reopened.messages.filter(from_asker=True).exists()
    figures_2020 = service_point_figures(reopened.municipality, 2020)
    assert figures_2020.satisfaction_answers >= 1 and figures_2020.helped_percentage is not None
