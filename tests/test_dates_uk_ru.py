"""Dates written in Ukrainian and Russian: «14 вересня 2022 року», «15 сентября 2022 г.»,
datelines, and a weekday with a day and month pinning the year."""

from __future__ import annotations

import datetime as dt

import pytest

from searcher.enrich.dates import date_from_text

TODAY = dt.date(2026, 12, 1)
UK_MONTHS = "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня".split()
RU_MONTHS = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()
UK_WEEKDAYS = ["у понеділок", "у вівторок", "у середу", "у четвер", "у п'ятницю", "у суботу", "у неділю"]
RU_WEEKDAYS = ["в понедельник", "во вторник", "в среду", "в четверг", "в пятницу", "в субботу", "в воскресенье"]


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_in_both_languages(month):
    day = 7 + month  # a different day each month
    want = dt.date(2022, month, day).isoformat()
    assert date_from_text(f"Заява від {day} {UK_MONTHS[month - 1]} 2022 року щодо обстрілів.", TODAY) == want
    assert date_from_text(f"Сообщение от {day} {RU_MONTHS[month - 1]} 2022 г. об обстрелах.", TODAY) == want
    assert date_from_text(f"Об этом сообщили {day} {RU_MONTHS[month - 1]} 2022 года.", TODAY) == want


def test_datelines_win_over_later_dates():
    text = "КИЇВ, 14 вересня 2022 — Президент згадав події 24 лютого 2022 року і 30 вересня 2022 року."
    assert date_from_text(text, TODAY) == "2022-09-14"
    text = "МОСКВА, 3 марта 2022 г. — ТАСС. Переговоры назначены на 7 марта 2022 года."
    assert date_from_text(text, TODAY) == "2022-03-03"


def test_the_latest_reported_date_otherwise():
    text = "Після подій 24 лютого 2022 року все змінилося. Станом на 15 травня 2022 р. звільнено понад 1000 сіл."
    assert date_from_text(text, TODAY) == "2022-05-15"


@pytest.mark.parametrize("year", [2022, 2023, 2024])
def test_a_weekday_with_day_and_month_pins_the_year(year):
    # Weekday of each date computed here by the calendar, independently of the code.
    for month, day in [(9, 13), (2, 24), (11, 5)]:
        weekday = dt.date(year, month, day).weekday()
        uk = f"Як повідомлялося, {UK_WEEKDAYS[weekday]}, {day} {UK_MONTHS[month - 1]}, ворог обстріляв місто. Війна з {year} року."
        ru = f"Как сообщалось, {RU_WEEKDAYS[weekday]}, {day} {RU_MONTHS[month - 1]}, противник обстрелял город. Итоги {year} года."
        assert date_from_text(uk, TODAY) == f"{year}-{month:02d}-{day:02d}"
        assert date_from_text(ru, TODAY) == f"{year}-{month:02d}-{day:02d}"


def test_typographic_apostrophe_and_capitals():
    assert date_from_text("У П’ЯТНИЦЮ, 16 ВЕРЕСНЯ, відбулася зустріч.", TODAY) == "2022-09-16"


def test_no_date_without_day_or_year():
    assert date_from_text("У вересні ворог відступив; у вівторок обстріли тривали.", TODAY) is None
    assert date_from_text("Вересень 2022 року був важким.", TODAY) is None
