#pragma once

#include <string>
#include <string_view>

// The one place that makes repository-controlled text (paths, repository names,
// messages) safe for each output format. Every writer — the single-repository
// report writers and the org report writers — uses these; none has its own copy.
namespace nts::report {

// One CSV field: RFC 4180 quoting, a leading ' on cells a spreadsheet would run
// as a formula (= + - @ tab CR), and control characters other than CR, LF and
// tab shown as \x1b...: a terminal showing the file would run an escape sequence.
std::string csv_field(std::string_view text);

// Text for a Markdown paragraph or table cell: no markup, no line breaks, no
// raw HTML, no control characters.
std::string markdown_escape(std::string_view text);

// An inline code span that survives backticks (and, in a GFM table cell, '|');
// control characters are shown escaped.
std::string markdown_code(std::string_view text, bool in_table = true);

// Advice or help written with `code` in backticks: each backtick pair becomes a
// code span, the rest is escaped prose. Repository text stays inert either way
// (a code span shows its content literally; an unpaired backtick is escaped).
std::string markdown_prose(std::string_view text, bool in_table);

// Text for HTML element content or a quoted attribute value; control
// characters are shown escaped.
std::string html_escape(std::string_view text);

}  // namespace nts::report
