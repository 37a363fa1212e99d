"""The interview-prep checklist a new agency starts with, before it writes its own.

Data only: sections in the order a candidate works through them, each a list of short
imperative items. An item is its text, or (text, formats) when it only fits some interview
formats (a route to plan is for on-site interviews, a link to test for video ones).
The last item is always the call to the recruiter, because that call is
what starts the debrief and the thank-you letters.
"""

DEFAULT_TEMPLATE_NAME = "Standard interview prep"

DEFAULT_SECTIONS: list[tuple[str, list[str | tuple[str, str]]]] = [
    (
        "Research",
        [
            "Learn what the company sells, who buys it and how it makes money",
            "Read the company's recent news and announcements",
            "Look up each interviewer by name and title, for example on their profile",
        ],
    ),
    (
        "The role",
        [
            "List the role's top three needs and match each to evidence from your work",
            "Prepare three short stories with results, in situation-action-result form",
            'Rehearse a two-minute answer to "Tell me about yourself"',
        ],
    ),
    (
        "Questions to ask",
        [
            "Prepare at least three questions about the team and how it works",
            "Ask what success looks like in the first 90 days",
            "Ask about the next steps and when they expect to decide",
        ],
    ),
    (
        "Logistics",
        [
            ("Plan your route and travel time, and aim to arrive 10 minutes early", "onsite"),
            ("Test the meeting link, camera, sound and light the day before", "video"),
            ("Find a quiet room with good signal, your CV in front of you", "phone"),
            "Charge your phone and keep your recruiter's number at hand",
        ],
    ),
    (
        "What to bring",
        [
            ("Bring printed copies of your CV, a notepad and a pen", "onsite"),
            ("Bring a list of references and an ID for the building's reception", "onsite"),
            ("Keep your CV, a notepad and your references at hand", "video,phone"),
        ],
    ),
    (
        "After the interview",
        [
            "Write down the names and titles of everyone you met",
            "Call your recruiter right after the interview",
        ],
    ),
]
