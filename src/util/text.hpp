#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nts::util {

// Number of Unicode code points in `text`; an invalid UTF-8 byte counts as one.
int count_code_points(std::string_view text);
// Bytes of the code point that starts at `at` (1 for an invalid byte), as
// count_code_points counts them; 0 at the end.
std::size_t code_point_length(std::string_view text, std::size_t at);
// The code point boundary at or before byte `at`: where the code point that
// holds it starts (text.size() at or past the end). Cutting text there never
// splits a UTF-8 sequence; the one place that backs up over continuation bytes.
std::size_t floor_code_point(std::string_view text, std::size_t at);
// The code point boundary at or after byte `at` (text.size() at or past the end).
std::size_t ceil_code_point(std::string_view text, std::size_t at);
// The byte where code point `index` (0-based) starts, text.size() past the end:
// a 1-based column `c` is at byte_of_code_point(line, c - 1).
std::size_t byte_of_code_point(std::string_view text, std::size_t index);

// Shannon entropy in bits per byte.
double shannon_entropy(std::string_view text);

// Standard or URL-safe base64, padding optional. nullopt when `text` is not base64.
std::optional<std::string> decode_base64(std::string_view text);
std::string encode_base64(std::string_view bytes);

// UTF-16 text that starts with a byte order mark (FF FE little-endian, FE FF
// big-endian) as UTF-8, without the mark; an unpaired surrogate or an odd last
// byte becomes U+FFFD. nullopt when `bytes` has no UTF-16 byte order mark.
std::optional<std::string> decode_utf16_with_bom(std::string_view bytes);

bool is_printable_ascii(std::string_view text);
bool starts_with_icase(std::string_view text, std::string_view prefix);
bool equals_icase(std::string_view a, std::string_view b);
std::string to_lower(std::string_view text);
std::string_view trim(std::string_view text);
// The lines of `text` as std::getline gives them: split at '\n' (a '\r'
// stays), no empty last line for a final newline.
std::vector<std::string_view> split_lines(std::string_view text);

// Makes a path or other untrusted text safe for a one-line display: control
// characters become \n, \t, \x1b ... so a file name cannot forge report lines.
// A leading `::` or `##[` (after blanks) starts with \x3a / \x23 instead: on a
// GitHub runner a log line that begins so is parsed as a workflow command
// (`::stop-commands::`, `::error`, `::add-mask::`). Every piece of repository
// text that reaches stdout or stderr goes through this one function.
std::string escape_control(std::string_view text);

// One argument of a command shown for people to paste into a POSIX shell:
// returned as is when it is made only of characters no shell treats
// specially, otherwise in single quotes (a quote inside becomes '\''), so
// that repository text (a package name, an environment) never runs.
std::string shell_quote(std::string_view word);

}  // namespace nts::util

namespace nts::util {

// The candidate closest to `word` by edit distance, if it is close enough to be
// a likely typo ("did you mean …?").
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates);

}  // namespace nts::util
