#include "detect/detector.hpp"

#include <algorithm>

#include "detect/check.hpp"
#include "detect/npm_token.hpp"
#include "detect/redact.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

namespace nts::detect {
namespace {

constexpr std::size_t k_snippet_context = 60;  // bytes shown either side of a secret
constexpr std::string_view k_ignore_marker = "npm-token-scan: ignore[";
// A pattern's match must lie within this many bytes of one of its keywords:
// RE2 then reads only windows around keyword hits, not whole files.
constexpr std::size_t k_keyword_window = 512;
// Past this many windows, one pass over the whole text is cheaper.
constexpr std::size_t k_max_windows = 256;

bool applies(const rules::Rule& rule, std::string_view kind) {
  return rule.files.empty() ||
         std::find(rule.files.begin(), rule.files.end(), kind) != rule.files.end();
}

// Why a matched secret is not reported as-is: it passes, it is a placeholder
// (drop it), or it fails validation (report it under the rule's fallback).
enum class Verdict { pass, drop, demote };

Verdict judge(const rules::RuleSet& set, const rules::CompiledPattern& compiled,
              const rules::Rule& rule, std::string_view secret) {
  if (set.allowed(compiled, secret)) {
    return Verdict::drop;
  }
  bool valid = true;
  if (rule.validator == "npm-checksum") {
    valid = npm_checksum_ok(secret) && !npm_token_looks_synthetic(secret);
  }
  if (valid && rule.min_entropy > 0 && util::shannon_entropy(secret) < rule.min_entropy) {
    valid = false;
  }
  if (valid) {
    return Verdict::pass;
  }
  return rule.fallback.empty() ? Verdict::drop : Verdict::demote;
}

// `value` (a view into `text`) matched the pattern: judged, it becomes a hit
// of the rule or of its fallback, or nothing.
void add_hit(const rules::RuleSet& set, const rules::CompiledPattern& compiled,
             std::string_view text, std::string_view value, std::vector<Hit>& hits) {
  const rules::Rule& rule = set.rules()[compiled.rule_index];
  Verdict verdict = judge(set, compiled, rule, value);
  if (verdict == Verdict::drop) {
    return;
  }
  Hit hit;
  hit.rule_id = verdict == Verdict::pass ? rule.id : rule.fallback;
  hit.offset = static_cast<std::size_t>(value.data() - text.data());
  hit.length = value.size();
  hits.push_back(std::move(hit));
}

void run_pattern(const rules::RuleSet& set, const rules::CompiledPattern& compiled,
                 std::string_view text, std::size_t begin, std::size_t limit,
                 std::vector<Hit>& hits, RE2::Anchor anchor = RE2::UNANCHORED) {
  const RE2& re = *compiled.pattern;
  const int groups = compiled.secret_group + 1;
  std::vector<re2::StringPiece> match(static_cast<std::size_t>(groups));
  std::size_t pos = begin;
  while (pos <= limit && re.Match(re2::StringPiece(text.data(), text.size()), pos, limit, anchor,
                                  match.data(), groups)) {
    const auto& whole = match[0];
    const auto& secret = match[static_cast<std::size_t>(compiled.secret_group)];
    std::size_t end = static_cast<std::size_t>(whole.data() - text.data()) + whole.size();
    pos = whole.empty() ? end + 1 : end;
    if (anchor == RE2::ANCHOR_START) {
      pos = limit + 1;  // one attempt at this position only
    }
    if (secret.data() == nullptr || secret.empty()) {
      continue;
    }
    add_hit(set, compiled, text, std::string_view(secret.data(), secret.size()), hits);
  }
}

// For patterns that begin with their keyword: one anchored attempt per hit.
void run_at_keywords(const rules::RuleSet& set, const rules::CompiledPattern& compiled,
                     std::string_view text, const std::vector<util::KeywordHit>& keyword_hits,
                     std::vector<Hit>& hits) {
  for (const auto& keyword : keyword_hits) {
    if ((compiled.keyword_mask >> keyword.keyword & 1) == 0) {
      continue;
    }
    std::size_t limit = std::min(text.size(), keyword.offset + k_keyword_window);
    if (compiled.shape) {
      std::size_t length = compiled.shape->match(text, keyword.offset, limit);
      if (length > 0) {
        add_hit(set, compiled, text, text.substr(keyword.offset, length), hits);
      }
      continue;
    }
    run_pattern(set, compiled, text, keyword.offset, limit, hits, RE2::ANCHOR_START);
  }
}

// When two hits cover the same bytes (an npm_ token inside a URL, say), keep
// the more severe, then the more confident, then the earlier rule.
void drop_overlaps(const rules::RuleSet& set, std::vector<Hit>& hits) {
  auto rank = [&](const Hit& hit) {
    const rules::Rule* rule = set.find(hit.rule_id);
    int severity = rule ? static_cast<int>(rule->severity) : 0;
    int confidence =
        static_cast<int>(hit.confidence.value_or(rule ? rule->confidence : core::Confidence::low));
    return severity * 4 + confidence;
  };
  std::stable_sort(hits.begin(), hits.end(),
                   [](const Hit& a, const Hit& b) { return a.offset < b.offset; });
  std::vector<Hit> kept;
  for (auto& hit : hits) {
    if (!kept.empty()) {
      Hit& last = kept.back();
      bool overlaps = hit.offset < last.offset + std::max<std::size_t>(last.length, 1);
      if (overlaps) {
        if (rank(hit) > rank(last)) {
          last = std::move(hit);
        }
        continue;
      }
    }
    kept.push_back(std::move(hit));
  }
  hits = std::move(kept);
}

// Maps offsets in the scanned text to lines; built only when there is a hit.
class LineLocator {
 public:
  explicit LineLocator(std::string_view text) : m_text(text) {
    for (std::size_t at = text.find('\n'); at != std::string_view::npos;
         at = text.find('\n', at + 1)) {
      m_newlines.push_back(at);
    }
  }
  // 0-based index of the line holding `offset`.
  std::size_t line_of(std::size_t offset) const {
    return static_cast<std::size_t>(std::lower_bound(m_newlines.begin(), m_newlines.end(), offset) -
                                    m_newlines.begin());
  }
  std::size_t line_start(std::size_t line) const {
    return line == 0 ? 0 : m_newlines[line - 1] + 1;
  }
  std::size_t line_end(std::size_t line) const {
    return line < m_newlines.size() ? m_newlines[line] : m_text.size();
  }
  std::string_view line_text(std::size_t line) const {
    auto text = m_text.substr(line_start(line), line_end(line) - line_start(line));
    if (!text.empty() && text.back() == '\r') {
      text.remove_suffix(1);
    }
    return text;
  }

 private:
  std::string_view m_text;
  std::vector<std::size_t> m_newlines;
};

bool suppressed(std::string_view line, std::string_view rule_id) {
  for (auto at = line.find(k_ignore_marker); at != std::string_view::npos;
       at = line.find(k_ignore_marker, at + 1)) {
    auto list_begin = at + k_ignore_marker.size();
    auto close = line.find(']', list_begin);
    if (close == std::string_view::npos) {
      return false;
    }
    auto list = line.substr(list_begin, close - list_begin);
    std::size_t start = 0;
    while (start <= list.size()) {
      auto comma = list.find(',', start);
      auto item = util::trim(
          list.substr(start, comma == std::string_view::npos ? list.npos : comma - start));
      if (item == rule_id) {
        return true;
      }
      if (comma == std::string_view::npos) {
        break;
      }
      start = comma + 1;
    }
  }
  return false;
}

// Every pattern rule that applies to files of `kind`, over `text`: the keyword
// prefilter first, then RE2 only in windows around keyword hits.
void find_pattern_hits(const rules::RuleSet& set, std::string_view kind, std::string_view text,
                       std::vector<Hit>& hits) {
  std::vector<util::KeywordHit> keyword_hits;
  std::uint64_t present = set.keywords_in(text, &keyword_hits);
  for (const auto& compiled : set.patterns()) {
    const rules::Rule& rule = set.rules()[compiled.rule_index];
    if (!applies(rule, kind) ||
        (compiled.keyword_mask != 0 && (compiled.keyword_mask & present) == 0)) {
      continue;
    }
    if (compiled.keyword_mask == 0) {
      run_pattern(set, compiled, text, 0, text.size(), hits);
      continue;
    }
    if (compiled.starts_with_keyword) {
      run_at_keywords(set, compiled, text, keyword_hits, hits);
      continue;
    }
    // Merge the windows around this rule's keyword hits (hits are in text order).
    std::vector<std::pair<std::size_t, std::size_t>> windows;
    for (const auto& keyword : keyword_hits) {
      if ((compiled.keyword_mask >> keyword.keyword & 1) == 0) {
        continue;
      }
      std::size_t from = keyword.offset > k_keyword_window ? keyword.offset - k_keyword_window : 0;
      std::size_t to = std::min(text.size(), keyword.offset + k_keyword_window);
      if (!windows.empty() && from <= windows.back().second) {
        windows.back().second = std::max(windows.back().second, to);
      } else {
        windows.emplace_back(from, to);
      }
    }
    if (windows.size() > k_max_windows) {
      windows.assign(1, {0, text.size()});
    }
    for (const auto& [from, to] : windows) {
      run_pattern(set, compiled, text, from, to, hits);
    }
  }
}

// A finding's line as reports quote it: the text around the finding's secret
// (shown as `shown`), with every other secret found on the line by any rule
// redacted too, escaped for one-line display.
struct QuotedLine {
  std::string text;
  int column = 1;  // code point of `shown` in `text`
};

QuotedLine quote_line(std::string_view text, const LineLocator& lines, std::size_t line,
                      const Hit& own, const std::string& shown, const std::vector<Hit>& hits) {
  const std::size_t start = lines.line_start(line);
  const std::string_view line_text = lines.line_text(line);
  const std::size_t size = line_text.size();
  // A hit as a byte range of the line (clamped: a hit may span lines).
  auto range = [&](const Hit& hit) {
    std::size_t from = hit.offset > start ? std::min(hit.offset - start, size) : 0;
    std::size_t to =
        hit.offset + hit.length > start ? std::min(hit.offset + hit.length - start, size) : 0;
    return std::make_pair(from, std::max(from, to));
  };
  auto [own_from, own_to] = range(own);
  std::size_t from = own_from > k_snippet_context ? own_from - k_snippet_context : 0;
  std::size_t to = std::min(size, own_to + k_snippet_context);
  // `hits` are sorted by offset and do not overlap: the ones the window shows
  // are a run, found by binary search (a line may hold thousands).
  auto first = std::partition_point(hits.begin(), hits.end(), [&](const Hit& hit) {
    return hit.offset + std::max<std::size_t>(hit.length, 1) <= start + from;
  });
  std::vector<std::pair<std::size_t, const Hit*>> masked;  // (from, hit) in line order
  for (auto it = first; it != hits.end() && it->offset < start + to; ++it) {
    auto [hit_from, hit_to] = range(*it);
    if (&*it != &own && (it->reveal || hit_to <= hit_from)) {
      continue;
    }
    // Never cut a secret in half at the snippet's edges: widen to take it whole.
    from = std::min(from, hit_from);
    to = std::max(to, hit_to);
    masked.emplace_back(hit_from, &*it);
  }
  from = util::floor_code_point(line_text, from);
  to = util::ceil_code_point(line_text, to);

  QuotedLine out;
  std::string plain = from > 0 ? "\xE2\x80\xA6" : "";
  std::size_t at = from;
  for (const auto& [hit_from, hit] : masked) {
    out.text += util::escape_control(plain + std::string(line_text.substr(at, hit_from - at)));
    plain.clear();
    if (hit == &own) {
      out.column = util::count_code_points(out.text) + 1;
      out.text += shown;
    } else {
      out.text += redact(hit->decoded ? std::string_view(*hit->decoded)
                                      : text.substr(hit->offset, hit->length));
    }
    at = range(*hit).second;
  }
  out.text += util::escape_control(plain + std::string(line_text.substr(at, to - at)) +
                                   (to < size ? "\xE2\x80\xA6" : ""));
  return out;
}

}  // namespace

std::string Detector::mask_secrets(std::string_view text) const {
  const rules::RuleSet& set = *m_rules;
  std::vector<Hit> hits;
  for (const auto& compiled : set.patterns()) {  // short texts: no prefilter needed
    run_pattern(set, compiled, text, 0, text.size(), hits);
  }
  if (hits.empty()) {
    return std::string(text);
  }
  drop_overlaps(set, hits);
  std::string out;
  std::size_t at = 0;
  for (const auto& hit : hits) {
    out.append(text.substr(at, hit.offset - at));
    out += redact(text.substr(hit.offset, hit.length));
    at = hit.offset + hit.length;
  }
  out.append(text.substr(at));
  return out;
}

core::Result<Detector> Detector::create(const rules::RuleSet& set) {
  for (const auto& rule : set.rules()) {
    if (rule.engine != rules::Engine::builtin) {
      continue;
    }
    bool served = false;
    for (const auto& check : builtin_checks()) {
      for (auto id : check->rule_ids()) {
        served = served || id == rule.id;
      }
    }
    if (!served) {
      core::Error error;
      error.message =
          "rule '" + rule.id + "' says engine: builtin, but no builtin check reports it";
      error.location = core::Location{rule.source, 0, 0};
      error.hint = "use engine: pattern with a pattern, or remove the rule";
      return error;
    }
  }
  return Detector(set);
}

std::vector<core::Finding> Detector::scan(const ScanInput& input) const {
  const rules::RuleSet& set = *m_rules;
  std::vector<Hit> hits;
  auto kind = parse::to_string(input.kind);
  find_pattern_hits(set, kind, input.text, hits);
  if (input.whole_file) {
    std::vector<DecodedValue> decoded;
    for (const auto& check : builtin_checks()) {
      if (check->applies_to(input.kind)) {
        check->run(input.text, hits, decoded);
      }
    }
    // What the patterns find in a decoded value is reported at the value as written.
    for (const auto& value : decoded) {
      std::vector<Hit> inner;
      find_pattern_hits(set, kind, value.text, inner);
      for (auto& hit : inner) {
        hit.decoded = value.text.substr(hit.offset, hit.length);
        hit.offset = value.offset;
        hit.length = value.length;
        hits.push_back(std::move(hit));
      }
    }
  }
  std::vector<core::Finding> findings;
  if (hits.empty()) {
    return findings;
  }
  drop_overlaps(set, hits);

  LineLocator lines(input.text);
  for (const auto& hit : hits) {
    const rules::Rule* rule = set.find(hit.rule_id);
    if (rule == nullptr) {
      continue;  // a check reporting a rule that was not loaded; create() prevents this
    }
    std::size_t line = lines.line_of(hit.offset);
    std::string_view line_text = lines.line_text(line);
    // Kept, marked: whether the comment counts is the scan's policy (see Finding).
    std::optional<int> ignore_comment_line;
    if (suppressed(line_text, rule->id)) {
      ignore_comment_line = input.base_line + static_cast<int>(line);
    } else if (line > 0 && suppressed(lines.line_text(line - 1), rule->id)) {
      ignore_comment_line = input.base_line + static_cast<int>(line) - 1;
    }
    std::string_view secret =
        hit.decoded ? std::string_view(*hit.decoded) : input.text.substr(hit.offset, hit.length);
    std::size_t start = lines.line_start(line);
    std::size_t in_line = hit.offset - start;
    int column =
        util::count_code_points(line_text.substr(0, std::min(in_line, line_text.size()))) + 1;

    core::Finding finding;
    finding.rule_id = rule->id;
    finding.severity = rule->severity;
    finding.confidence = hit.confidence.value_or(rule->confidence);
    finding.message = hit.message.empty() ? rule->message : hit.message;
    finding.help = rule->help;
    finding.location.path = std::string(input.path);
    finding.location.line = input.base_line + static_cast<int>(line);
    finding.ignore_comment_line = ignore_comment_line;
    finding.location.column = column + (line == 0 ? input.base_column : 0);
    finding.secret = hit.reveal ? std::string(secret) : redact(secret);
    finding.fingerprint = fingerprint(rule->id, input.path, secret);
    finding.secret_digest = util::sha256_hex(secret);
    auto quoted = quote_line(input.text, lines, line, hit, finding.secret, hits);
    finding.snippet = std::move(quoted.text);
    finding.snippet_column = quoted.column;
    finding.highlight_width = util::count_code_points(finding.secret);
    findings.push_back(std::move(finding));
  }
  return findings;
}

}  // namespace nts::detect
