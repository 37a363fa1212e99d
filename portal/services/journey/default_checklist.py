"""The interview-prep checklist a new agency starts with, before it writes its own.

Data only: sections in the order a candidate works through them, each a list of short
imperative items. An item is its text, or (text, formats) when it only fits some interview
formats (a route to plan is for on-site interviews, a link to test for video ones).
The last item is always the call to the recruiter, because that call is
what starts the debrief and the thank-you letters. Each text is marked for the catalog:
a candidate's prep page shows an item still worded as here in their language.
"""

from portal.services.vocabulary import N_

DEFAULT_TEMPLATE_NAME = N_("Standard interview prep")

DEFAULT_SECTIONS: list[tuple[str, list[str | tuple[str, str]]]] = [
    (
        N_("Research"),
        [
            N_("Learn what the company sells, who buys it and how it makes money"),
            N_("Read the company's recent news and announcements"),
            N_("Look up each interviewer by name and title, for example on their profile"),
        ],
    ),
    (
        N_("The role"),
        [
            N_("List the role's top three needs and match each to evidence from your work"),
            N_("Prepare three short stories with results, in situation-action-result form"),
            N_('Rehearse a two-minute answer to "Tell me about yourself"'),
        ],
    ),
    (
        N_("Questions to ask"),
        [
            N_("Prepare at least three questions about the team and how it works"),
            N_("Ask what success looks like in the first 90 days"),
            N_("Ask about the next steps and when they expect to decide"),
        ],
    ),
    (
        N_("Logistics"),
        [
            (N_("Plan your route and travel time, and aim to arrive 10 minutes early"), "onsite"),
            (N_("Test the meeting link, camera, sound and light the day before"), "video"),
            (N_("Find a quiet room with good signal, your CV in front of you"), "phone"),
            N_("Charge your phone and keep your recruiter's number at hand"),
        ],
    ),
    (
        N_("What to bring"),
        [
            (N_("Bring printed copies of your CV, a notepad and a pen"), "onsite"),
            (N_("Bring a list of references and an ID for the building's reception"), "onsite"),
            (N_("Keep your CV, a notepad and your references at hand"), "video,phone"),
        ],
    ),
    (
        N_("After the interview"),
        [
            N_("Write down the names and titles of everyone you met"),
            N_("Call your recruiter right after the interview"),
        ],
    ),
]
