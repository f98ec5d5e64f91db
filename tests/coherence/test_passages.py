from coherence.passages import split_passages

PDF_TEXT = """ 2.1 Political commitment 
 
Political commitment is almost always a precondition for policy action. It also requires 
political will to address migration as an issue in development-
relevant policy areas, as well as 
                                                 
2 While it is not possible to conclusively identify a general trend. 
 
3 Argentina, Azerbaijan, Brazil. 
 to address development concerns in the formulation of migration policies. 
 
Approximately half (26 out of 53) of the States indicated they have a national policy plan.
"""

MARKDOWN_TEXT = """### **National Level**

18. On the **National Level**, cross-government approaches play an important role.
19. There are three main channels countries use.
20. What has been observed in several countries is that the Government Department

---

<sup>4</sup> <https://publications.iom.int/books/white-paper>

outside of the Civil Service can also shape policy.

21. An example of a whole cross-Government approach is the Philippines.
22. Another numbered paragraph.
"""


def test_a_paragraph_cut_by_a_page_of_footnotes_is_joined_and_footnotes_filed_apart():
    passages = split_passages(PDF_TEXT)
    kinds = [(p.kind, p.locator) for p in passages]
    assert kinds == [
        ("heading", "2.1 Political commitment"),
        ("paragraph", "2.1 Political commitment, paragraph 1"),
        ("footnote", "footnote 2"),
        ("footnote", "footnote 3"),
        ("paragraph", "2.1 Political commitment, paragraph 2"),
    ]
    assert passages[1].text.endswith("formulation of migration policies.")
    assert passages[2].anchor == "fn-2"


def test_numbered_paragraphs_keep_their_numbers_across_footnotes():
    passages = split_passages(MARKDOWN_TEXT)
    by_anchor = {p.anchor: p for p in passages}
    assert [p.locator for p in passages if p.kind == "paragraph"] == [
        "para. 18",
        "para. 19",
        "para. 20",
        "para. 21",
        "para. 22",
    ]
    assert by_anchor["para-20"].text.endswith("can also shape policy.")
    assert by_anchor["fn-4"].kind == "footnote"


def test_lists_that_restart_their_numbering_are_items_not_paragraphs():
    text = "Levels\n\n1. One.\n2. Two.\n\nRecommendations\n\n1. First.\n2. Second.\n"
    passages = split_passages(text)
    assert [p.locator for p in passages if p.kind == "item"] == [
        "Levels, item 1",
        "Levels, item 2",
        "Recommendations, item 1",
        "Recommendations, item 2",
    ]
    assert len({p.anchor for p in passages}) == len(passages)
