# ruff: noqa: E501
"""The first rubric and performance tasks of each micro-credential, as the data migration loads them.

Each criterion has four levels; the descriptors follow one pattern filled with the
criterion's focus, which the LAC refines in the admin (a change makes a new version).
"""

LEVELS = [
    # rank, label, points, descriptor pattern
    (1, "Beginning", 1, "Little or no evidence of {focus}."),
    (2, "Developing", 2, "Partial or inconsistent evidence of {focus}."),
    (3, "Proficient", 3, "Clear evidence of {focus}, tied to the artifacts submitted."),
    (
        4,
        "Exemplary",
        4,
        "Clear and consistent evidence of {focus}, with reflection on its effect on "
        "students and next steps.",
    ),
]

PDF_OFFICE = "pdf,office"
DOCS_IMAGES = "pdf,office,image"
ALL = "pdf,office,image,video"

# code: (criteria [(name, domain code, focus)], tasks [(title, prompt, evidence, kinds)])
RUBRICS: dict[str, tuple[list, list]] = {
    "CE": (
        [
            (
                "Knowledge of students",
                "1B",
                "using what is known about students to shape the classroom environment",
            ),
            ("Coherent design", "1E", "routines and procedures designed to support learning goals"),
            (
                "Culture for learning",
                "2C",
                "high expectations and a shared belief in the value of learning",
            ),
            (
                "Respect and rapport",
                "2A",
                "respectful, caring interactions between teacher and students",
            ),
            ("Reflection", "4C", "accurate reflection on the environment's effect on learning"),
        ],
        [
            (
                "Classroom environment plan",
                "Describe the routines, procedures and physical arrangement of your classroom and explain how each supports your students.",
                "A written plan (1–2 pages) and a photo or diagram of the room.",
                DOCS_IMAGES,
            ),
            (
                "Environment in action",
                "Show the environment working during a lesson and reflect on what students did.",
                "A short video clip (under 5 minutes) or a lesson artifact, and a written reflection.",
                ALL,
            ),
        ],
    ),
    "AL": (
        [
            ("Assessment design", "1E", "assessments aligned to learning goals and standards"),
            (
                "Formative assessment use",
                "3B",
                "checks for understanding that inform instruction during lessons",
            ),
            ("Data analysis", "1B", "analysis of student results to identify patterns and needs"),
            ("Instructional response", "1E", "instruction adjusted in response to assessment data"),
            ("Feedback to students", "3A", "timely, specific feedback students can act on"),
        ],
        [
            (
                "Assessment plan",
                "Design a unit assessment plan with formative and summative measures aligned to standards.",
                "The assessment plan and one assessment instrument.",
                PDF_OFFICE,
            ),
            (
                "Data analysis and response",
                "Analyze one assessment's results and describe how you adjusted instruction.",
                "Anonymized results, your analysis and the revised lesson plan.",
                DOCS_IMAGES,
            ),
        ],
    ),
    "MLSS": (
        [
            ("Layer 1 core instruction", "1E", "universal supports built into core instruction"),
            (
                "Identifying need",
                "1B",
                "use of screening and classroom data to identify students' needs",
            ),
            ("Targeted support", "2C", "layered supports matched to identified needs"),
            (
                "Progress monitoring",
                "4C",
                "regular monitoring of progress and adjustment of supports",
            ),
        ],
        [
            (
                "Student support plan",
                "Select a student (anonymized) and document the layered supports you planned for them.",
                "The support plan with the data that informed it.",
                PDF_OFFICE,
            ),
            (
                "Monitoring results",
                "Show how you monitored the student's progress and what you changed.",
                "A progress-monitoring chart or log and a written reflection.",
                DOCS_IMAGES,
            ),
        ],
    ),
    "CLRI": (
        [
            (
                "Knowledge of students' cultures",
                "1B",
                "knowledge of students' cultures and languages used in planning",
            ),
            (
                "Culturally responsive design",
                "1E",
                "lessons that draw on students' cultures and languages as assets",
            ),
            (
                "Communication",
                "3A",
                "communication appropriate to students' culture, language and level",
            ),
            ("Discourse", "3B", "discussion structures that invite every student's voice"),
            (
                "Reflection",
                "4C",
                "reflection on the lesson's responsiveness and its effect on students",
            ),
        ],
        [
            (
                "Responsive lesson",
                "Plan a lesson that draws on your students' cultural and linguistic assets.",
                "The lesson plan with the student context it answers.",
                PDF_OFFICE,
            ),
            (
                "Teaching and reflection",
                "Teach the lesson and reflect on how students responded.",
                "Student work samples or a short video, and a written reflection.",
                ALL,
            ),
        ],
    ),
    "FE": (
        [
            (
                "Knowledge of families",
                "1B",
                "learning about families' strengths, languages and preferences",
            ),
            (
                "Two-way communication",
                "3A",
                "two-way communication with families in accessible forms",
            ),
            (
                "Partnership in learning",
                "2C",
                "families engaged as partners in their child's learning",
            ),
            ("Reflection", "4C", "reflection on the engagement's effect on students and families"),
        ],
        [
            (
                "Family engagement plan",
                "Design a plan to build two-way partnerships with the families of your students.",
                "The plan and any materials sent to families.",
                DOCS_IMAGES,
            ),
            (
                "Engagement evidence",
                "Carry out one engagement activity and reflect on the outcome.",
                "Evidence of the activity (agenda, photos, family feedback) and a reflection.",
                ALL,
            ),
        ],
    ),
    "SEL": (
        [
            (
                "Knowledge of students",
                "1B",
                "understanding of students' social and emotional development",
            ),
            ("Respect and rapport", "2A", "relationships that build students' sense of belonging"),
            (
                "Routines for self-management",
                "2B",
                "routines that teach and practice self-management",
            ),
            (
                "Managing behavior",
                "2D",
                "responses to behavior that build social and emotional skills",
            ),
            (
                "Integrated instruction",
                "3B",
                "social and emotional learning integrated into academic discussion",
            ),
            ("Reflection", "4C", "reflection on the effect of the practices on students"),
        ],
        [
            (
                "SEL integration plan",
                "Plan how you will integrate social and emotional learning into a unit of instruction.",
                "The unit plan showing where SEL competencies are taught and practiced.",
                PDF_OFFICE,
            ),
            (
                "SEL in practice",
                "Show SEL integrated into a lesson and reflect on students' responses.",
                "A short video or student artifacts and a written reflection.",
                ALL,
            ),
            (
                "Student voice",
                "Gather students' views on the classroom climate and respond to them.",
                "A survey or interview summary and the changes you made.",
                DOCS_IMAGES,
            ),
        ],
    ),
    "NMEA": (
        [
            (
                "Knowledge of the Acts",
                "1B",
                "accurate knowledge of the Indian, Hispanic and Black Education Acts and the Bilingual Multicultural Education Act",
            ),
            (
                "Application in planning",
                "1E",
                "the Acts' purposes applied in instructional planning",
            ),
            (
                "Culturally appropriate communication",
                "3A",
                "communication that honours students' cultures and languages",
            ),
            ("Reflection", "4C", "reflection on how the Acts shape your practice"),
        ],
        [
            (
                "Applying the Acts",
                "Analyze how one of the Education Acts applies to your students and plan a lesson that answers it.",
                "The analysis and the lesson plan.",
                PDF_OFFICE,
            ),
        ],
    ),
    "RP": (
        [
            ("Community building", "2A", "proactive circles that build community and trust"),
            ("Responsive practices", "2D", "restorative conversations used to repair harm"),
            ("Routines", "2B", "restorative routines students know and use"),
            (
                "Reflection",
                "4C",
                "reflection on the practices' effect on relationships and behavior",
            ),
        ],
        [
            (
                "Restorative circle",
                "Plan and facilitate a community-building circle.",
                "The circle plan and a short video or written account.",
                ALL,
            ),
            (
                "Restorative conversation",
                "Document a restorative conversation (anonymized) and its outcome.",
                "A written account with the questions used and a reflection.",
                PDF_OFFICE,
            ),
        ],
    ),
    "VDC": (
        [
            (
                "Identifying cognates",
                "1E",
                "selection of cognates suited to the lesson's vocabulary",
            ),
            (
                "Explicit instruction",
                "3A",
                "explicit teaching of cognate awareness, including false cognates",
            ),
            ("Student practice", "3B", "structured practice in which students use cognates"),
            ("Assessment of vocabulary", "1B", "evidence of students' vocabulary growth"),
            ("Reflection", "4C", "reflection on the strategy's effect on multilingual learners"),
        ],
        [
            (
                "Cognate lesson",
                "Plan a lesson that uses cognates to build academic vocabulary.",
                "The lesson plan and cognate list.",
                DOCS_IMAGES,
            ),
            (
                "Vocabulary growth",
                "Show evidence of students' vocabulary growth and reflect on it.",
                "Pre- and post-assessment results and a reflection.",
                DOCS_IMAGES,
            ),
        ],
    ),
    "ESL": (
        [
            (
                "Culture for learning",
                "2C",
                "a classroom culture where effort and curiosity are valued",
            ),
            ("Engaging tasks", "1E", "tasks that require students to think and make meaning"),
            (
                "Questioning and discussion",
                "3B",
                "questions and discussion that engage every student",
            ),
            ("Reflection", "4C", "reflection on students' engagement and next steps"),
        ],
        [
            (
                "Engaging lesson",
                "Plan and teach a lesson designed for high cognitive engagement.",
                "The lesson plan, student work samples or a short video, and a reflection.",
                ALL,
            ),
        ],
    ),
    "MCT": (
        [
            ("Coaching relationship", "2A", "a trusting, confidential coaching relationship"),
            ("Goal setting", "1E", "coaching goals grounded in evidence of practice"),
            (
                "Coaching conversations",
                "3B",
                "questioning that develops the colleague's own reflection",
            ),
            ("Feedback", "3A", "specific, actionable feedback to the colleague"),
            ("Reflection", "4C", "reflection on the coaching cycle's effect"),
        ],
        [
            (
                "Coaching cycle",
                "Carry out one coaching cycle with a colleague: pre-conference, observation, post-conference.",
                "Conference notes, observation notes and the agreed goals.",
                PDF_OFFICE,
            ),
            (
                "Coaching reflection",
                "Reflect on the cycle and the colleague's growth.",
                "A written reflection with the colleague's feedback.",
                DOCS_IMAGES,
            ),
        ],
    ),
    "TIC": (
        [
            (
                "Knowledge of trauma",
                "1B",
                "understanding of how trauma affects learning and behavior",
            ),
            (
                "Safe environment",
                "2B",
                "predictable routines and a physically and emotionally safe room",
            ),
            ("Responsive behavior support", "2D", "trauma-informed responses to behavior"),
            ("Reflection", "4C", "reflection on the practices and on self-care"),
        ],
        [
            (
                "Trauma-informed plan",
                "Plan changes to your classroom that make it trauma-informed.",
                "The plan and a photo or diagram of the environment.",
                DOCS_IMAGES,
            ),
            (
                "Practice and reflection",
                "Put the plan into practice and reflect on the effect on students.",
                "Evidence of implementation and a written reflection.",
                ALL,
            ),
        ],
    ),
    "BSCIT": (
        [
            ("Shared purpose", "2C", "a team purpose and norms that include every member"),
            (
                "Inclusive collaboration",
                "2A",
                "collaboration in which every member's voice is heard",
            ),
            ("Communication", "3A", "clear communication within the team and with others"),
            ("Collective reflection", "4C", "the team's reflection on its work and impact"),
        ],
        [
            (
                "Team charter",
                "Build a team charter with colleagues: purpose, norms and roles.",
                "The charter and meeting notes.",
                PDF_OFFICE,
            ),
            (
                "Team in action",
                "Document one cycle of the team's work and its effect on students.",
                "Agendas, artifacts and a written reflection.",
                DOCS_IMAGES,
            ),
        ],
    ),
}


def load(apps, now):
    """Create version 1 of every micro-credential's rubric where none exists (idempotent)."""
    MicroCredential = apps.get_model("catalogue", "MicroCredential")
    EvaluationDomain = apps.get_model("catalogue", "EvaluationDomain")
    Rubric = apps.get_model("grading", "Rubric")
    Criterion = apps.get_model("grading", "Criterion")
    Level = apps.get_model("grading", "Level")
    PerformanceTask = apps.get_model("grading", "PerformanceTask")
    domains = {d.code: d for d in EvaluationDomain.objects.all()}
    for code, (criteria, tasks) in RUBRICS.items():
        mc = MicroCredential.objects.filter(code=code).first()
        if mc is None or Rubric.objects.filter(micro_credential=mc).exists():
            continue
        rubric = Rubric.objects.create(
            micro_credential=mc, version=1, title=f"{mc.name} mastery rubric", published_at=now
        )
        for position, (name, domain, focus) in enumerate(criteria, start=1):
            criterion = Criterion.objects.create(
                rubric=rubric,
                position=position,
                name=name,
                description=f"Evidence of {focus}.",
                domain=domains.get(domain),
            )
            Level.objects.bulk_create(
                Level(
                    criterion=criterion,
                    rank=rank,
                    label=label,
                    points=points,
                    descriptor=pattern.format(focus=focus),
                )
                for rank, label, points, pattern in LEVELS
            )
        for position, (title, prompt, evidence, kinds) in enumerate(tasks, start=1):
            PerformanceTask.objects.create(
                rubric=rubric,
                position=position,
                title=title,
                prompt=prompt,
                evidence_expected=evidence,
                accepted_kinds=kinds,
            )
