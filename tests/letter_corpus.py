"""Ten candidates' debriefs after meeting the same three-person panel, typed the way
people type on a phone minutes after an interview: names first, "they…", shorthand,
numbers, abbreviations, and some clean topics. Used by the letter corpus tests and the
sample-letters script."""

from __future__ import annotations

from dataclasses import dataclass, field

from portal.services.letters.drafting import LetterContext, Person, name_words

POSITION = "Senior Product Designer"
CLIENT = "Medora Health"

OSEI = Person(
    "Dr Amara Osei", "Chief Medical Officer", "decision_maker", "amara.osei@medora.example"
)
GOH = Person(
    "Wei Ling Goh",
    "Head of Design",
    "influencer",
    "weiling.goh@medora.example",
    given_names="Wei Ling",
    family_name="Goh",
)
MARIN = Person("Sofia Marin", "Design Lead", "peer", "sofia.marin@medora.example")
PANEL = (OSEI, GOH, MARIN)
PANEL_NAMES = frozenset(w for p in PANEL for w in name_words(p))


@dataclass(frozen=True)
class Debrief:
    """One candidate's notes: per-person topics and tied key points, the rest as typed."""

    name: str
    interest: int
    topics: dict[str, tuple[str, ...]]  # by panel member's email
    tied: dict[str, tuple[str, ...]]  # key points tied to a panel member, by email
    loose_points: tuple[str, ...] = ()  # key points tied to no one
    qualifications: tuple[str, ...] = ()
    next_steps: str = ""
    concerns: str = ""
    extra: dict = field(default_factory=dict)

    def context(self, key: str) -> LetterContext:
        points = [p for ps in self.tied.values() for p in ps] + list(self.loose_points)
        return LetterContext(
            candidate_name=self.name,
            position_title=POSITION,
            client_name=CLIENT,
            key_points="\n".join(points),
            qualifications="\n".join(self.qualifications),
            candidate_key=key,
            interest=self.interest,
            concerns=self.concerns,
            panel_size=len(PANEL),
            next_steps=self.next_steps,
            panel_names=PANEL_NAMES,
        )

    def people(self) -> list[Person]:
        return [
            Person(
                p.name,
                p.title,
                p.role,
                p.email,
                points=self.tied.get(p.email, ()),
                topics=self.topics.get(p.email, ()),
                address_title=p.address_title,
                given_names=p.given_names,
                family_name=p.family_name,
            )
            for p in PANEL
        ]

    def notes(self) -> list[str]:
        return [
            *(t for ts in self.topics.values() for t in ts),
            *(p for ps in self.tied.values() for p in ps),
            *self.loose_points,
            *self.qualifications,
            *([self.next_steps] if self.next_steps else []),
        ]


AO, WL, SM = OSEI.email, GOH.email, MARIN.email  # each person's key in the notes

CANDIDATES = [
    Debrief(
        "Noor Haddad",
        4,
        topics={AO: ("the clinical data platform",), WL: ("moving from Sketch to Figma",)},
        tied={
            SM: ("Sofia asked a lot about how I run design critiques",),
            WL: ("they are moving from Sketch to Figma and need someone to own the design system",),
        },
        qualifications=(
            "led the redesign of a patient booking app, 40% fewer drop-offs",
            "5 yrs in healthtech",
        ),
        next_steps="the portfolio review next week",
        concerns="salary band looks low",
    ),
    Debrief(
        "Tomás Reyes",
        5,
        topics={
            AO: ("clinician feedback loops", "the regulatory side of shipping features"),
            WL: ("the design system roadmap",),
            SM: ("pairing with engineers",),
        },
        tied={SM: ("design QA before release",)},
        qualifications=("built a design system used by 6 product teams", "WCAG 2.2 audits"),
        next_steps="a case study presentation to the wider team",
    ),
    Debrief(
        "Priya Raman",
        3,
        topics={
            AO: ("Amara said the board wants fewer clinician clicks",),
            SM: ("user research cadence",),
        },
        tied={WL: ("Wei Ling mentioned hiring 2 more designers in Q3",)},
        loose_points=("hybrid 3 days in office",),
        qualifications=("ran 60+ usability sessions with nurses", "Fluent Tamil"),
        next_steps="meeting the VP Engineering",
        concerns="3 days in office is a lot",
    ),
    Debrief(
        "Ben Okafor",
        4,
        topics={
            AO: ("reducing charting time for doctors",),
            WL: ("design ops & tooling",),
            SM: ("critique culture",),
        },
        tied={},
        loose_points=("budget for research?",),
        qualifications=(
            "I shipped the e-prescribing flow at MedLink",
            "CA ANZ qualified, led two clean external audits",
        ),
        next_steps="final round w/ CEO",
    ),
    Debrief(
        "Lena Fischer",
        2,
        topics={AO: ("the telehealth expansion into Germany",), WL: ("accessibility standards",)},
        tied={SM: ("they are short on senior designers since Q1",)},
        qualifications=("Managing a team of 8", "German and English, both fluent"),
        concerns="team seems stretched, lots of churn",
    ),
    Debrief(
        "Kenji Watanabe",
        5,
        topics={
            AO: ("patient safety in the medication UI",),
            WL: ("their component library",),
            SM: ("how the squads are organised",),
        },
        tied={AO: ("Dr Osei wants a designer who can talk to clinicians",)},
        qualifications=("closed S$4.2m ARR in FY25, 128% of quota", "i led the SOC2 audit"),
        next_steps="the take-home exercise",
    ),
    Debrief(
        "Aisha Bello",
        4,
        topics={
            AO: ("the care-home pilot",),
            WL: ("design tokens", "dark mode for night shifts"),
            SM: ("onboarding for new designers",),
        },
        tied={},
        loose_points=("-> need to send portfolio link",),
        qualifications=(
            "won a Red Dot award for a glucose meter app",
            "mentored 4 junior designers",
        ),
        next_steps="sending my portfolio link today",
        concerns="commute is 1h15",
    ),
    Debrief(
        "Marco Bianchi",
        3,
        topics={AO: ("interoperability with NHS systems",), SM: ("Figma branching",)},
        tied={WL: ("Wei Ling asked about my process for tokens",)},
        qualifications=("PMP certified", "spent 3 years at a GP software vendor"),
        next_steps="the panel with product and engineering",
    ),
    Debrief(
        "Grace Liu",
        5,
        topics={
            AO: ("the mobile app for carers",),
            WL: ("research repository",),
            SM: ("handoff to engineering",),
        },
        tied={SM: ("Sofia keen on someone who codes a bit",)},
        qualifications=("I prototype in SwiftUI", "grew app rating from 3.1 to 4.6"),
        next_steps="a coffee with the engineering leads",
    ),
    Debrief(
        "Omar Haddad",
        4,
        topics={AO: ("consent flows for patient data",), WL: ("hiring plans for the design team",)},
        tied={SM: ("usability testing in clinics",)},
        qualifications=("Led a dbt migration", "fluent in Arabic"),
        next_steps="the second interview with Dr Osei",
        concerns="not sure about the equity",
    ),
]
