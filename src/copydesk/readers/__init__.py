"""readers: raw inputs (text files, JSON Lines, HTML pages, WARC and WET archives, gzipped or
not) → Page, Reject and Skipped records.

Entry point: read_inputs(inputs, HtmlReading(...), exclude=OUT). A text or HTML page's doc_id is
its path under the input that named it (inputs.InputFile). For text, Page.text is the input
text with only newlines normalised, so every input line can be accounted for downstream; the
`date YYYY-MM-DD` header stays in it (header_date tells where it ends). For HTML, Page.text is
the extractor's main text, paragraphs separated by a blank line, and Page.markup what the
tags say.
"""

from copydesk.readers.dates import header_date, normalise_date
from copydesk.readers.dispatch import READERS, read_inputs, reader_for
from copydesk.readers.html import HtmlReading
from copydesk.readers.jsonl import read_jsonl_file
from copydesk.readers.stream import MAX_RECORD_BYTES
from copydesk.readers.text import read_text_file

__all__ = [
    "MAX_RECORD_BYTES",
    "READERS",
    "HtmlReading",
    "header_date",
    "normalise_date",
    "read_inputs",
    "read_jsonl_file",
    "read_text_file",
    "reader_for",
]
