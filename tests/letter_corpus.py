"""Ten candidates' debriefs after meeting the same three-person panel, typed the way
people type on a phone minutes after an interview: names first, "they…", shorthand,
numbers, abbreviations, and some clean topics; and ten Spanish-speaking candidates'
debriefs after meeting that panel, typed in Spanish the same way, for Spanish letters.
Used by the letter corpus tests and the sample-letters script."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field

from portal.services.letters.drafting import LetterContext
from portal.services.letters.drafting import Person
from portal.services.letters.drafting import name_words

POSITION = "Senior Product Designer"
POSITION_ES = "Responsable de Diseño de Producto"
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
    language: str = "en"  # the language the notes are typed in, and the letters drafted in

    def context(self, key: str) -> LetterContext:
        points = [p for ps in self.tied.values() for p in ps] + list(self.loose_points)
        return LetterContext(
            candidate_name=self.name,
            position_title=POSITION_ES if self.language == "es" else POSITION,
            client_name=CLIENT,
            key_points="\n".join(points),
            qualifications="\n".join(self.qualifications),
            candidate_key=key,
            interest=self.interest,
            concerns=self.concerns,
            panel_size=len(PANEL),
            next_steps=self.next_steps,
            panel_names=PANEL_NAMES,
            language=self.language,
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


# The same panel, met by candidates who write in Spanish: the same kinds of notes
# (names first, "están…", "q", "c/", "->", numbers with a decimal comma), typed in Spanish.
CANDIDATES_ES = [
    Debrief(
        "Lucía Fernández",
        4,
        topics={AO: ("la plataforma de datos clínicos",), WL: ("el paso de Sketch a Figma",)},
        tied={
            SM: ("Sofia preguntó mucho por cómo llevo las críticas de diseño",),
            WL: (
                "están pasando de Sketch a Figma y necesitan a alguien que lleve el sistema "
                "de diseño",
            ),
        },
        qualifications=(
            "lideré el rediseño de una app de citas médicas, un 40 % menos de abandonos",
            "5 años en salud digital",
        ),
        next_steps="la revisión del portafolio la semana que viene",
        concerns="la banda salarial parece baja",
        language="es",
    ),
    Debrief(
        "Tomás Reyes",
        5,
        topics={
            AO: (
                "los circuitos de opinión con el personal clínico",
                "la parte regulatoria de lanzar funcionalidades",
            ),
            WL: ("la hoja de ruta del sistema de diseño",),
            SM: ("trabajar en pareja con ingeniería",),
        },
        tied={SM: ("el control de calidad del diseño antes de cada versión",)},
        qualifications=(
            "construí un sistema de diseño que usan 6 equipos de producto",
            "auditorías WCAG 2.2",
        ),
        next_steps="una presentación de un caso práctico al resto del equipo",
        language="es",
    ),
    Debrief(
        "Paula Ramos",
        3,
        topics={
            AO: ("Amara dijo que la dirección quiere menos clics para el personal clínico",),
            SM: ("la cadencia de investigación con usuarios",),
        },
        tied={WL: ("Wei Ling comentó que contratarán 2 diseñadores más en el T3",)},
        loose_points=("híbrido, 3 días en la oficina",),
        qualifications=("hice más de 60 sesiones de usabilidad con enfermeras", "Tamil fluido"),
        next_steps="conocer al VP de Ingeniería",
        concerns="3 días en la oficina es mucho",
        language="es",
    ),
    Debrief(
        "Bruno Ortega",
        4,
        topics={
            AO: ("reducir el tiempo de registro clínico de los médicos",),
            WL: ("design ops y herramientas",),
            SM: ("la cultura de crítica",),
        },
        tied={},
        loose_points=("¿presupuesto para investigación?",),
        qualifications=(
            "Yo lancé el flujo de receta electrónica en MedLink",
            "colegiado en auditoría, dirigí dos auditorías externas limpias",
        ),
        next_steps="ronda final c/ CEO",
        language="es",
    ),
    Debrief(
        "Elena Vidal",
        2,
        topics={
            AO: ("la expansión de la telemedicina a Alemania",),
            WL: ("los estándares de accesibilidad",),
        },
        tied={SM: ("les faltan diseñadores sénior desde el T1",)},
        qualifications=("Dirijo un equipo de 8", "alemán e inglés, ambos con fluidez"),
        concerns="el equipo parece saturado, mucha rotación",
        language="es",
    ),
    Debrief(
        "Diego Castro",
        5,
        topics={
            AO: ("la seguridad del paciente en la interfaz de medicación",),
            WL: ("su biblioteca de componentes",),
            SM: ("cómo se organizan los equipos",),
        },
        tied={AO: ("la Dra. Osei quiere un diseñador que sepa hablar con clínicos",)},
        qualifications=(
            "cerré 4,2 M S$ de ARR en el FY25, un 128 % de la cuota",
            "yo lideré la auditoría SOC2",
        ),
        next_steps="el ejercicio para casa",
        language="es",
    ),
    Debrief(
        "Alba Moreno",
        4,
        topics={
            AO: ("el piloto en residencias",),
            WL: ("los design tokens", "el modo oscuro para los turnos de noche"),
            SM: ("la incorporación de diseñadores nuevos",),
        },
        tied={},
        loose_points=("-> tengo q mandar el enlace al portafolio",),
        qualifications=(
            "gané un premio Red Dot por una app de glucómetro",
            "he formado a 4 diseñadores júnior",
        ),
        next_steps="enviar hoy el enlace a mi portafolio",
        concerns="el trayecto es de 1h15",
        language="es",
    ),
    Debrief(
        "Martín Gil",
        3,
        topics={
            AO: ("la interoperabilidad con los sistemas del NHS",),
            SM: ("las ramas en Figma",),
        },
        tied={WL: ("Wei Ling preguntó por mi proceso con los tokens",)},
        qualifications=(
            "certificación PMP",
            "pasé 3 años en un proveedor de software para atención primaria",
        ),
        next_steps="el panel con producto e ingeniería",
        language="es",
    ),
    Debrief(
        "Clara Navarro",
        5,
        topics={
            AO: ("la app móvil para cuidadores",),
            WL: ("el repositorio de investigación",),
            SM: ("el traspaso a ingeniería",),
        },
        tied={SM: ("Sofia quiere a alguien que programe un poco",)},
        qualifications=("Prototipo en SwiftUI", "subí la valoración de la app de 3,1 a 4,6"),
        next_steps="un café con los responsables de ingeniería",
        language="es",
    ),
    Debrief(
        "Sara Haddad",
        4,
        topics={
            AO: ("los flujos de consentimiento para datos de pacientes",),
            WL: ("los planes de contratación del equipo de diseño",),
        },
        tied={SM: ("pruebas de usabilidad en clínicas",)},
        qualifications=("lideré una migración a dbt", "árabe nativo"),
        next_steps="la segunda entrevista con la Dra. Osei",
        concerns="no tengo claro lo de las acciones",
        language="es",
    ),
]
CORPORA = {"en": CANDIDATES, "es": CANDIDATES_ES}
