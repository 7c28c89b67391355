"""The vocabulary of what collect finds in a received file: every problem code, what it means, in one place.

A problem (intake/model.py ``Problem``) is a code, a severity and a message in Chinese naming the file, sheet
and cell; the code is what programs and tests read (problems.json keeps it), the message what a clerk and a
unit read. The codes by where they arise:

- the inbox (inbox.py): an entry that is not a regular file, too large, unreadable;
- the file's kind (sniff.py): not a spreadsheet at all, encrypted, damaged, hostile (zip bombs, XML entities);
- the reader's limits (isolate.py, checks.py): too slow, crashed, too much memory;
- the form's identity (identity.py): not our form, not this year's, not this unit's, edited;
- the cells (values.py, cells.py): each value checked against what its cell must hold;
- the versions (versions.py, collect.py): which of a unit's files counts.
"""

from __future__ import annotations

from enum import StrEnum


class Code(StrEnum):
    """A kind of problem; ``meaning`` says it for developers (the messages say it for users)."""

    meaning: str

    def __new__(cls, value: str, meaning: str) -> Code:
        member = str.__new__(cls, value)
        member._value_ = value
        member.meaning = meaning
        return member

    # the inbox
    NOT_A_FILE = "not_a_file", "a pipe, device or socket: never opened"
    SYMLINK = "symlink", "a link to a file, not the file: not followed"
    FOLDER = "folder", "a folder in the inbox: its files are not read"
    LOCK_FILE = "lock_file", "the lock file Office or WPS leaves beside an open file: ignored"
    UNREADABLE = "unreadable", "the file could not be read from disk"
    DUPLICATE = "duplicate", "the same bytes as another file already received: ignored"
    # the file's kind
    EMPTY_FILE = "empty_file", "0 bytes"
    TOO_LARGE = "too_large", "far larger than any form"
    PDF_FILE = "pdf_file", "a PDF, not the form"
    CSV_FILE = "csv_file", "a CSV or text export, not the form"
    TEXT_FILE = "text_file", "a text file, not the form"
    WORD_FILE = "word_file", "a Word document, not the form"
    UNKNOWN_FORMAT = "unknown_format", "not a spreadsheet any reader knows"
    UNKNOWN_ZIP = "unknown_zip", "a zip archive, not a spreadsheet"
    ENCRYPTED = "encrypted", "protected by a password"
    CORRUPT = "corrupt", "damaged or cut short"
    ZIP_BOMB = "zip_bomb", "parts that unpack to far more than a form holds"
    XML_ENTITIES = "xml_entities", "XML entity declarations (an attack on XML readers)"
    TOO_MUCH_TEXT = "too_much_text", "its shared text unpacks to far more than a form holds"
    TOO_LARGE_SHEET = "too_large_sheet", "a sheet unpacks to far more than a form holds"
    TOO_MANY_ROWS = "too_many_rows", "more rows than a form has"
    TOO_MANY_COLUMNS = "too_many_columns", "more columns than a form has"
    # the reader's limits
    READER_TIMEOUT = "reader_timeout", "reading took longer than the limit (not kept: may pass when less busy)"
    READER_CRASHED = "reader_crashed", "the reading process died (not kept: may pass when less busy)"
    TOO_MUCH_MEMORY = "too_much_memory", "reading needed more memory than the limit"
    # the form's identity
    NO_IDENTITY = "no_identity", "no signed identity: not a form this DRC issued"
    IDENTITY_EDITED = "identity_edited", "its identity or item list does not match its signature"
    NO_KEY = "no_key", "this machine has no signing key to check forms with"
    OTHER_KEY = "other_key", "signed with another key (another machine or configuration)"
    WRONG_FORM = "wrong_form", "another form or another form version"
    OTHER_PLAN = "other_plan", "made for another plan"
    WRONG_YEAR = "wrong_year", "another year's form"
    UNKNOWN_UNIT = "unknown_unit", "a unit not in the registry"
    FORMER_UNIT = "former_unit", "a form of a unit since renamed, merged or dissolved: its successor's (split: refused)"
    OTHER_UNIT = "other_unit", "another unit's form, uploaded through this unit's link (the desk): refused"
    SAMPLE_MIXED = "sample_mixed", "a sample form (published sample key) beside real ones: refused"
    LAYOUT_EDITED = "layout_edited", "a locked cell (a role, an item's text) was changed"
    SHEET_MISSING = "sheet_missing", "a sheet of the form was deleted or renamed"
    LAYOUT_COLUMNS = "layout_columns", "columns were inserted or deleted"
    LAYOUT_ROWS = "layout_rows", "rows were inserted, deleted or renumbered"
    # the cells
    REQUIRED = "required", "a cell the unit must fill is empty"
    NOT_A_NUMBER = "not_a_number", "text where a number belongs"
    NO_VALUE_MARKER = "no_value_marker", "'无' or '—' where a number belongs (leave it empty and say why)"
    PERCENT_SIGN = "percent_sign", "a number typed with its % sign"
    PERCENT_FORMAT = "percent_format", "a cell formatted as a percentage: read as the sender saw it"
    OUT_OF_RANGE = "out_of_range", "a number outside what the measure can be"
    NOT_WHOLE = "not_whole", "a fraction in a count of things (20.6家): read, and asked about"
    NOT_FINITE = "not_finite", "NaN, an infinity, or a number too large to be any measure's value"
    FORMULA = "formula", "a formula in a number cell: its cached result is used"
    FORMULA_IN_TEXT = "formula_in_text", "a formula where text belongs: refused (it could be a live link or command)"
    FORMULA_NO_VALUE = "formula_no_value", "a formula without a cached result"
    INVISIBLE_CHARS = "invisible_chars", "control characters, removed"
    TEXT_TOO_LONG = "text_too_long", "a cell, or the whole file, holds more text than the limit"
    BAD_STATUS = "bad_status", "a status that is not one of the form's choices"
    BAD_DATE = "bad_date", "the 填报日期 is not a date"
    NO_DATE = "no_date", "no 填报日期 (it is asked for the record; arrival orders the versions)"
    NO_WORK = "no_work", "a responsible unit wrote nothing of its part"
    NO_SUMMARY = "no_summary", "no summary of the plan period (the plan's last year)"
    DATE_OUTSIDE = "date_outside", "a 填报日期 outside the plan's years (it decides nothing: arrival does)"
    HIDDEN = "hidden", "a value in a hidden row or column, or under a merged cell: read, and said"
    # the versions
    SUPERSEDED = "superseded", "an older version; a newer accepted one counts"
    FALLBACK = "fallback", "the newest version was returned; an older accepted one counts meanwhile"


TRANSIENT = {Code.READER_TIMEOUT, Code.READER_CRASHED}  # verdicts not kept: they may go otherwise next time
