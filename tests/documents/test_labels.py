"""A kind's label inside a sentence keeps its proper names (issue 14, stumble 9)."""

from django.template.loader import render_to_string

from documents.kinds import get_kind


def test_the_request_button_keeps_the_office_and_ubnd_capitalised():
    letter = get_kind("district_submission_letter")
    forwarding = get_kind("forwarding_letter")

    button = render_to_string(
        "documents/_request_button.html", {"kind": letter, "source": type("S", (), {"pk": 1})}
    )

    assert "Tạo dự thảo tờ trình của cơ quan thường trực phong trào" in button
    assert forwarding.label_in_sentence == "tờ trình đề nghị UBND tỉnh khen thưởng"
    assert get_kind("certificate").label_in_sentence == "giấy khen"
