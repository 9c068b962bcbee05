"""The built-in lists: themes, obstacles (the non-claiming factors), steps and outcomes,
with their labels (translated). A leaf: models, forms and figures all read it."""

from flask_babel import lazy_gettext as _l

THEME, OBSTACLE = "theme", "obstacle"
TERM_KINDS = (THEME, OBSTACLE)
OWN_PREFIX = "own-"

THEMES = {
    "ame": _l("AME (state medical aid)"),
    "c2s": _l("C2S (complementary health cover)"),
    "health_coverage": _l("Health coverage (PUMa)"),
    "rsa": _l("RSA"),
    "activity_bonus": _l("Activity bonus"),
    "apl": _l("APL (housing benefit)"),
    "family_benefits": _l("Family benefits"),
    "pension": _l("Pension"),
    "domiciliation": _l("Postal address (domiciliation)"),
    "residence_permit": _l("Residence permit"),
    "asylum": _l("Asylum"),
    "schooling": _l("Schooling"),
    "housing": _l("Housing"),
    "employment": _l("Employment"),
    "disability": _l("Disability"),
    "child_protection": _l("Child protection"),
    "energy": _l("Energy, debts"),
    "other": _l("Other"),
}

OBSTACLES = {
    "missing_documents": _l("Missing documents"),
    "language": _l("Language"),
    "online_only": _l("Online-only procedure"),
    "no_appointment": _l("No appointment available"),
    "office_closed": _l("Office closed"),
    "no_answer": _l("No answer"),
    "wrong_information": _l("Wrong information given"),
    "lost_file": _l("File lost or incomplete"),
    "cost": _l("Cost, advance of fees"),
}

REFERRED, ANSWERED, UNBLOCKED, REFUSED = "referred", "answered", "unblocked", "refused"
CLOSED, REOPENED = "closed", "reopened"
STEP_KINDS = (REFERRED, ANSWERED, UNBLOCKED, REFUSED, CLOSED, REOPENED)
STEP_LABELS = {
    REFERRED: _l("Referred to the institution"),
    ANSWERED: _l("Answer received"),
    UNBLOCKED: _l("Unblocked"),
    REFUSED: _l("Refused"),
    CLOSED: _l("Closed"),
    REOPENED: _l("Reopened"),
}
STEP_CHOICES = (REFERRED, ANSWERED, UNBLOCKED, REFUSED)  # what a delegate records by hand

RESOLVED, PARTLY, REFUSED_OUTCOME, NO_ANSWER, ABANDONED = (
    "resolved",
    "partly",
    "refused",
    "no_answer",
    "abandoned",
)
OUTCOMES = (RESOLVED, PARTLY, REFUSED_OUTCOME, NO_ANSWER, ABANDONED)
OUTCOME_LABELS = {
    RESOLVED: _l("Resolved"),
    PARTLY: _l("Partly resolved"),
    REFUSED_OUTCOME: _l("Refused"),
    NO_ANSWER: _l("No answer"),
    ABANDONED: _l("Abandoned"),
}
# What counts as a resolution for the delays: resolved, wholly or in part.
RESOLUTIONS = (RESOLVED, PARTLY)
