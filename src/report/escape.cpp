#include "report/escape.hpp"

#include <algorithm>

#include "util/text.hpp"

namespace nts::report {

std::string csv_field(std::string_view text) {
  std::string cell;
  cell.reserve(text.size());
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    bool control = (byte < 0x20 || byte == 0x7f) && c != '\n' && c != '\r' && c != '\t';
    // CR, LF and tab are data a quoted field may hold; any other control
    // character (ESC, BEL) is shown, never passed on to whoever views the file.
    cell += control ? util::escape_control(std::string_view(&c, 1)) : std::string(1, c);
  }
  // A cell starting with one of these is a formula in Excel, LibreOffice and
  // Sheets (OWASP "CSV injection"); the apostrophe makes it text.
  if (!cell.empty()) {
    char first = cell.front();
    if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' ||
        first == '\r') {
      cell.insert(cell.begin(), '\'');
    }
  }
  if (cell.find_first_of("\",\r\n") == std::string::npos) {
    return cell;
  }
  std::string out = "\"";
  for (char c : cell) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  out += '"';
  return out;
}

std::string markdown_escape(std::string_view text) {
  // escape_control first: a newline would end a table row or paragraph.
  std::string plain = util::escape_control(text);
  std::string out;
  out.reserve(plain.size());
  for (char c : plain) {
    // Backslash-escaping ASCII punctuation is always literal in CommonMark/GFM;
    // these are the characters that can start emphasis, links, HTML, code,
    // strikethrough, entities or a new table cell.
    switch (c) {
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '<':
      case '>':
      case '|':
      case '~':
      case '&':
        out += '\\';
        out += c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string markdown_code(std::string_view text, bool in_table) {
  std::string plain = util::escape_control(text);
  // GFM splits table cells at '|' even inside code spans; "\|" is its escape
  // there, but outside a table it would show the backslash.
  std::string body;
  std::size_t longest = 0;
  std::size_t run = 0;
  for (char c : plain) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
    if (c == '|' && in_table) {
      body += "\\|";
    } else {
      body += c;
    }
  }
  std::string fence(longest + 1, '`');
  // A space on both sides when the body starts or ends with a backtick (CommonMark strips one).
  bool pad = !body.empty() && (body.front() == '`' || body.back() == '`');
  return fence + (pad ? " " : "") + body + (pad ? " " : "") + fence;
}

std::string markdown_prose(std::string_view text, bool in_table) {
  std::string out;
  while (!text.empty()) {
    auto open = text.find('`');
    auto close = open == std::string_view::npos ? open : text.find('`', open + 1);
    if (close == std::string_view::npos) {
      out += markdown_escape(text);
      break;
    }
    out += markdown_escape(text.substr(0, open));
    if (close > open + 1) {
      out += markdown_code(text.substr(open + 1, close - open - 1), in_table);
    } else {
      out += markdown_escape("``");
    }
    text.remove_prefix(close + 1);
  }
  return out;
}

std::string html_escape(std::string_view text) {
  std::string plain = util::escape_control(text);
  std::string out;
  out.reserve(plain.size());
  for (char c : plain) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace nts::report
