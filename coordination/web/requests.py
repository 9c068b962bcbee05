"""The request class: form fields and query strings without NUL characters.

A NUL byte is never meaningful in what delegates type, SQLite keeps it and PostgreSQL
refuses it in text columns (an error, not a validation message). Dropping it where the
input enters keeps every form and search working on both engines.
"""

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.utils import cached_property


def _without_nul(data: ImmutableMultiDict) -> ImmutableMultiDict:
    if not any("\x00" in key or "\x00" in value for key, value in data.items(multi=True)):
        return data
    return ImmutableMultiDict(
        (key.replace("\x00", ""), value.replace("\x00", ""))
        for key, value in data.items(multi=True)
    )


class CleanRequest(Request):
    @cached_property
    def args(self) -> ImmutableMultiDict:
        return _without_nul(super().args)

    def _load_form_data(self) -> None:
        super()._load_form_data()
        self.__dict__["form"] = _without_nul(self.__dict__["form"])
