"""Site chrome is boilerplate, never news (issue 18): lines we wrote, French and English.

The patterns live in ``data/layout/boilerplate_{fr,en}.tsv``; a boilerplate
section is skipped by the event coder.
"""

from __future__ import annotations

import pytest

from veille import process_text
from veille.extract.layout import classify_sections

_NEWS_FR = "Le gouvernement malien a annoncé lundi la réouverture de la frontière avec le Niger."
_NEWS_EN = "Kenya's parliament approved the budget on Tuesday after a week of protests."

CHROME_FR = [
    "Téléchargez notre application pour recevoir nos alertes.",
    "Téléchargez gratuitement l'application Le Quotidien du Sahel",
    "Retrouvez toute l'actualité sur notre application mobile",
    "Cet article vous a été proposé par notre partenaire Horizon Énergie.",
    "Ce contenu est proposé par notre partenaire",
    "Contenu sponsorisé",
    "Passer la publicité",
    "Publicité",
    "La suite après cette publicité",
    "Inscrivez-vous à notre newsletter Afrique",
    "Nous utilisons des cookies pour mesurer l'audience.",
    "Partager sur Facebook",
    "Copier le lien",
    "Suivez-nous sur les réseaux sociaux",
    "Article réservé aux abonnés",
    "Déjà abonné ? Connectez-vous",
    "Il vous reste 72 % de cet article à lire.",
    "Tout accepter",
    "© Le Quotidien du Sahel 2026 – Tous droits réservés",
    "Activez les notifications pour ne rien manquer",
    "Écouter cet article",
    "Offrir cet article",
    "Crédit photo : Agence Sahel Images",
    "Photo : Moussa Diallo / Le Quotidien du Sahel",
    "En savoir plus",
]
CHROME_EN = [
    "Download our app to get breaking news alerts.",
    "Get the free app",
    "This article was produced in partnership with our partner Blue Harbour.",
    "Sponsored content",
    "Skip advertisement",
    "Advertisement",
    "Story continues below advertisement",
    "Sign up for our daily newsletter",
    "We use cookies to improve your experience.",
    "Share on X",
    "Share this article",
    "Copy link",
    "Already a subscriber? Log in",
    "Subscribe now for unlimited access",
    "Accept all",
    "Copyright 2026 Harbour Media Group",
    "Enable notifications",
    "Listen to this article",
    "Gift this article",
    "Sign in",
    "Photograph by Jane Okoro for Harbour Media",
    "Image caption: the port of Mombasa at dawn",
    "Getty Images",
]
NEWS_FR = [
    "La France a signé un accord de défense en partenariat avec l'Inde et le Japon.",
    "Les deux pays partagent la même inquiétude face aux missiles.",
    "Le ministre a dit ne pas vouloir accepter tout accord imposé par Moscou.",
    "L'application de la loi martiale a été prolongée de 90 jours.",
]
NEWS_EN = [
    "The two countries share this concern, the minister said.",
    "Hungary does not subscribe to the plan, its foreign minister said.",
    "Both sides failed to sign up to the ceasefire on Monday.",
    "Ukraine cannot accept all of Russia's demands, Kyiv said.",
    "The EU's copyright rules were challenged in court.",
    "A photograph by a local journalist showed soldiers firing on the crowd.",
]


def _kinds(text: str) -> dict[str, str]:
    """Map each non-blank line to the kind of the section it falls in."""
    out = {}
    sections = classify_sections(text)
    position = 0
    for line in text.split("\n"):
        if line.strip():
            kind = next(s.kind for s in sections if s.start <= position < s.end)
            out[line] = kind
        position += len(line) + 1
    return out


@pytest.mark.parametrize("line", CHROME_FR + CHROME_EN)
def test_site_chrome_is_boilerplate(line):
    news = _NEWS_FR if line in CHROME_FR else _NEWS_EN
    kinds = _kinds(f"{news}\n{line}\n{news}")
    assert kinds[line] == "boilerplate"
    assert kinds[news] == "body"


@pytest.mark.parametrize("line", NEWS_FR + NEWS_EN)
def test_news_that_shares_words_with_chrome_is_body(line):
    assert _kinds(f"{line}\n")[line] == "body"


def test_chrome_lines_are_never_coded_fr():
    text = (
        "Sahel : Bamako rouvre sa frontière\n\n"
        "Le Mali a accusé le Niger de soutenir des groupes armés.\n"
        "Téléchargez notre application pour recevoir nos alertes.\n"
        "Cet article vous a été proposé par notre partenaire Horizon Énergie.\n"
        "Passer la publicité\n"
    )
    result = process_text(text, language="fr", as_of="2026-11-24")
    starts = text.index("Téléchargez")
    assert result.events, "the news sentence should still be coded"
    assert all(e.trigger.start < starts for e in result.events)
    assert all(e.section_kind != "boilerplate" for e in result.events)


def test_chrome_lines_are_never_coded_en():
    text = (
        "Kenya recalls envoy\n\n"
        "Kenya accused Uganda of arming rebels on Monday.\n"
        "Download our app to get breaking news alerts.\n"
        "This article was produced in partnership with our partner Blue Harbour.\n"
        "Skip advertisement\n"
    )
    result = process_text(text, language="en", as_of="2026-11-24")
    starts = text.index("Download")
    assert result.events
    assert all(e.trigger.start < starts for e in result.events)


@pytest.mark.parametrize(
    ("news", "line"),
    [
        (_NEWS_FR, "Lire aussi : Le Mali accuse le Niger de soutenir des rebelles"),
        (_NEWS_FR, "À lire aussi"),
        (_NEWS_EN, "Read more: Kenya accuses Uganda of arming rebels"),
    ],
)
def test_read_also_lines_are_links_not_news(news, line):
    kinds = _kinds(f"{news}\n{line}\n\n{news}")
    assert kinds[line] in ("related-links", "boilerplate")
    text = f"Titre\n\n{news}\n{line}\n"
    language = "fr" if news is _NEWS_FR else "en"
    result = process_text(text, language=language, as_of="2026-11-24")
    starts = text.index(line)
    assert all(e.trigger.start < starts for e in result.events)


# --------------------------------------- chrome inside a paragraph, or a feed item of its own
@pytest.mark.parametrize(
    ("news", "chrome", "language"),
    [
        (
            "Le Mali a accusé le Niger de soutenir des groupes armés.",
            "Téléchargez notre application pour recevoir nos alertes sur le Mali et le Niger.",
            "fr",
        ),
        (
            "Kenya accused Uganda of arming rebels.",
            "Follow us on X for the latest news on the sanctions against Uganda.",
            "en",
        ),
        # a feed item that is nothing but chrome
        (
            "",
            "En acceptant les cookies, vous pourrez accéder aux contenus que propose notre site.",
            "fr",
        ),
    ],
)
def test_a_chrome_sentence_inside_a_paragraph_is_never_coded(news, chrome, language):
    text = f"{news} {chrome}".strip()
    result = process_text(text, language=language, as_of="2026-11-24")
    starts = text.index(chrome)
    assert all(e.trigger.start < starts for e in result.events)
    if news:
        assert result.events, "the news sentence before the chrome is still coded"


@pytest.mark.parametrize(
    ("text", "language", "wanted"),
    [
        # chrome words in news that does not speak to its reader
        ("La CNIL a sanctionné Google pour ses cookies.", "fr", "SANCTION"),
        ("The US sanctioned Iran over its cookies policy.", "en", "SANCTION"),
    ],
)
def test_news_with_chrome_words_is_still_coded(text, language, wanted):
    result = process_text(text, language=language, as_of="2026-11-24")
    assert wanted in [e.event_type for e in result.events]
