"""Affiliations and email domains, as written in Thai, Vietnamese, Burmese and English."""

from __future__ import annotations

import pytest

from reviews.normalise import (
    affiliation_keys,
    email_domain,
    fold,
    normalise_affiliation,
    organisation_domain,
    parse_domains,
    same_affiliation,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mahidol University", "MAHIDOL UNIVERSITY."),
        ("Mahidol University", "Faculty of Social Sciences, Mahidol University"),
        ("มหาวิทยาลัยมหิดล", "คณะสังคมศาสตร์ มหาวิทยาลัยมหิดล"),
        ("มหาวิทยาลัยมหิดล", "มหาวิทยาลัย มหิดล"),
        (
            "Trường Đại học Khoa học Xã hội và Nhân văn",
            "Truong Dai hoc Khoa hoc Xa hoi va Nhan van",
        ),
        ("Đại học Quốc gia Hà Nội", "ĐẠI HỌC QUỐC GIA HÀ NỘI"),
        ("ရန်ကုန်တက္ကသိုလ်", "ရန်ကုန် တက္ကသိုလ်"),
        ("University of Yangon", "Yangon University"),
        ("Institute of Human Rights and Peace Studies, Mahidol University", "Mahidol Univ."),
    ],
)
def test_the_same_institution_written_differently(a, b):
    assert same_affiliation(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mahidol University", "Chulalongkorn University"),
        ("มหาวิทยาลัยมหิดล", "จุฬาลงกรณ์มหาวิทยาลัย"),
        ("Trường Đại học Cần Thơ", "Trường Đại học Huế"),
        ("ရန်ကုန်တက္ကသိုလ်", "မန္တလေးတက္ကသိုလ်"),
        ("Faculty of Law", "Faculty of Medicine"),
        ("University", "University"),
        ("", ""),
    ],
)
def test_different_institutions_or_nothing_distinctive(a, b):
    assert not same_affiliation(a, b)


def test_thai_and_burmese_vowel_marks_are_kept_latin_accents_removed():
    assert fold("Nguyễn Thị Hoa") == "nguyen thi hoa"
    assert fold("Đặng") == "dang"
    # ิ (sara i) and ุ (sara u) are combining marks that belong to the Thai word.
    assert normalise_affiliation("มหาวิทยาลัยมหิดล") == "มหิดล"
    assert normalise_affiliation("ရန်ကုန်တက္ကသိုလ်") == "ရန်ကုန်"
    assert affiliation_keys("Faculty of") == frozenset()


def test_common_words_go_only_as_whole_words_in_latin_scripts():
    assert normalise_affiliation("Ofelia Foundation of the Arts") == "ofelia foundation arts"


def test_email_domains_and_public_providers():
    public = parse_domains("gmail.com\n @Yahoo.com \n\n")
    assert public == frozenset({"gmail.com", "yahoo.com"})
    assert email_domain("Somchai@Mahidol.AC.TH") == "mahidol.ac.th"
    assert email_domain("no-at-sign") == ""
    assert organisation_domain("mahidol.ac.th", public) == "mahidol.ac.th"
    assert organisation_domain("gmail.com", public) == ""
    assert organisation_domain("mail.yahoo.com", public) == ""


@pytest.mark.parametrize("domain", ["example.org", "staff.example.com", "a.example", "x.test"])
def test_domains_reserved_for_examples_are_nobody_s_organisation(domain):
    assert organisation_domain(domain, frozenset()) == ""
