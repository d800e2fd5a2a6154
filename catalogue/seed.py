"""The catalogue New Mexico started with, as the data migration loads it."""

import datetime as dt

PROGRAMMES = [
    # name, slug, from, to, requires_masters, required_count, elective_count, position
    # (required_count is read from the stack since 0007; the data migration 0002 stores it)
    ("APL I-II", "apl-i-ii", 1, 2, False, 5, 0, 1),
    ("APL II-III", "apl-ii-iii", 2, 3, True, 4, 2, 2),
]

DOMAINS = [
    ("1B", "Demonstrating Knowledge of Students"),
    ("1E", "Designing Coherent Instruction"),
    ("2A", "Creating an Environment of Respect and Rapport"),
    ("2B", "Creating a Safe Learning Environment with Routines and Procedures"),
    ("2C", "Establishing a Culture for Learning"),
    ("2D", "Managing Student Behavior"),
    (
        "3A",
        "Communicating with Students in a Manner that is Appropriate to their Culture, "
        "Language, and Level of Development",
    ),
    ("3B", "Using Questioning and Discussion Techniques to Support Classroom Discourse"),
    ("4C", "Reflecting on Teaching"),
]

R, E = "required", "elective"
MICRO_CREDENTIALS = [
    # programme, code, name, kind, offered_from, domains, description
    (
        "APL I-II",
        "CE",
        "Classroom Environment",
        R,
        None,
        ["1B", "1E", "2C"],
        "Build a classroom where routines, relationships and a culture for learning let every "
        "student take part.",
    ),
    (
        "APL I-II",
        "AL",
        "Assessment Literacy",
        R,
        None,
        [],
        "Design, use and interpret formative and summative assessment to guide instruction.",
    ),
    (
        "APL I-II",
        "MLSS",
        "Multi-Layered Systems of Support",
        R,
        None,
        [],
        "Use New Mexico's Multi-Layered System of Supports to match instruction and "
        "intervention to student need.",
    ),
    (
        "APL I-II",
        "CLRI",
        "Culturally Linguistically Responsive Instruction",
        R,
        None,
        [],
        "Plan and teach in ways that draw on students' cultures and languages as assets.",
    ),
    (
        "APL I-II",
        "FE",
        "Family Engagement",
        R,
        None,
        [],
        "Build two-way partnerships with families that support student learning.",
    ),
    (
        "APL II-III",
        "SEL",
        "Social Emotional Learning",
        R,
        None,
        ["1B", "2A", "2B", "2C", "2D", "3A", "3B", "4C"],
        "Integrate social and emotional learning into everyday instruction and classroom life.",
    ),
    (
        "APL II-III",
        "NMEA",
        "New Mexico Education Acts",
        R,
        None,
        [],
        "Apply the Indian, Hispanic and Black Education Acts and the Bilingual Multicultural "
        "Education Act in classroom practice.",
    ),
    (
        "APL II-III",
        "RP",
        "Restorative Practices",
        E,
        None,
        [],
        "Use restorative circles and conversations to build community and repair harm.",
    ),
    (
        "APL II-III",
        "VDC",
        "Vocabulary Development through Cognates",
        E,
        None,
        [],
        "Use cognates to accelerate vocabulary growth for bilingual and multilingual learners.",
    ),
    (
        "APL II-III",
        "ESL",
        "Engaging Students in Learning",
        E,
        None,
        [],
        "Design tasks and discussion that keep students intellectually engaged.",
    ),
    (
        "APL II-III",
        "MCT",
        "Mentoring/Coaching Teachers",
        E,
        None,
        [],
        "Mentor and coach colleagues through observation, feedback and reflection.",
    ),
    (
        "APL II-III",
        "TIC",
        "Trauma Informed Classroom",
        E,
        dt.date(2024, 7, 8),
        [],
        "Recognize the effects of trauma and build a classroom that supports every learner.",
    ),
    (
        "APL II-III",
        "BSCIT",
        "Building and Sustaining Collaborative and Inclusive Teams",
        E,
        dt.date(2024, 10, 1),
        [],
        "Lead collaborative, inclusive teams of educators toward shared goals.",
    ),
]
