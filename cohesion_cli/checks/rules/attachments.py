"""attachments: the photos, recordings and receipts a mystery-shopper record names
(``attachments:``) exist, as files in the observations file's folder. One that is not
found, is a folder, or is a link leading out of the folder is missing, with its path: the
finding it backs has no evidence to show. Records without attachments are not judged.
"""

from __future__ import annotations

from collections.abc import Iterator

from cohesion_cli.checks.context import Context, result
from cohesion_cli.checks.rule import Rule
from cohesion_cli.checks.visits import contacts
from cohesion_cli.domain import Attachment, Outcome, Result
from cohesion_cli.message import Msg, msg
from cohesion_cli.ruleinfo import RuleInfo, Words

ID = "attachments"


def check(ctx: Context) -> Iterator[Result]:
    for data, visit, evidence, subject in contacts(ctx):
        if not visit.attachments:
            continue
        bad = [a for a in visit.attachments if a.problem]
        count = len(visit.attachments)
        problems = tuple(_problem(a) for a in bad)
        yield result(ID, data, subject, Outcome.MISSING if bad else Outcome.OK,
                     expected=msg("files_filed", "{n} file(s) filed", n=count),
                     observed=msg("sentences", "{sentences:; }", sentences=problems)
                     if bad else msg("files_found", "{n} file(s) found", n=count),
                     evidence=evidence)


_PROBLEMS = {"not found": "file_not_found", "not a file": "not_a_file"}


def _problem(attachment: Attachment) -> Msg:
    """``path: problem``, the problem a sentence of the catalogue when it is a known one."""
    problem = attachment.problem
    key = "file_outside" if problem.startswith("outside") else _PROBLEMS.get(problem)
    said = msg(key, problem.replace("{", "{{").replace("}", "}}")) if key else problem
    return msg("file_problem", "{path}: {problem}", path=attachment.path, problem=said)


RULE = Rule(
    info=RuleInfo(id=ID, severity="low", doc=__doc__ or "", tag="service", words={
        "en": Words("Visit attachments", "attachment",
                    actions={"missing": "File the photo or recording the record names"}),
        "pt-BR": Words("Anexos da visita", "anexo",
                       actions={"missing": "Arquivar a foto ou gravação que o registro cita"}),
        "pt-PT": Words("Anexos da visita", "anexo",
                       actions={"missing": "Arquivar a fotografia ou gravação que o registo "
                                           "cita"}),
    }),
    check=check, consumes=("visit",),
)
