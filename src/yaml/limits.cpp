#include "yaml/limits.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "yaml/mark.hpp"

namespace nts::yaml {
namespace {

struct Exceeded {
  YAML::Mark mark;
  std::string message;
  std::string hint;
};

// Counts, from yaml-cpp's parse events, how deep collections nest and how many
// nodes the aliases stand for, and throws Exceeded at the first node over a
// limit, before the document is ever built.
class LimitCounter final : public YAML::EventHandler {
 public:
  explicit LimitCounter(const Limits& limits) : m_limits(limits) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t anchor) override { leaf(anchor); }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t anchor,
                const std::string&) override {
    leaf(anchor);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = m_anchor_sizes.find(anchor);
    std::size_t size = it == m_anchor_sizes.end() ? 1 : it->second;
    m_alias_nodes = saturating_add(m_alias_nodes, size);
    if (m_alias_nodes > m_limits.max_alias_nodes) {
      throw Exceeded{mark,
                     "YAML aliases expand to more than " +
                         std::to_string(m_limits.max_alias_nodes) + " nodes (the limit)",
                     "a \"billion laughs\" document; write the values out instead of aliasing "
                     "aliases"};
    }
    add(size);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    YAML::anchor_t anchor;
    std::size_t nodes;  // this collection and everything in it, aliases expanded
  };

  std::size_t saturating_add(std::size_t a, std::size_t b) const {
    std::size_t cap = m_limits.max_alias_nodes + 1;
    return std::min(cap, std::min(cap, a) + std::min(cap, b));
  }
  void add(std::size_t nodes) {
    if (!m_stack.empty()) {
      m_stack.back().nodes = saturating_add(m_stack.back().nodes, nodes);
    }
  }
  void leaf(YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor) {
      m_anchor_sizes[anchor] = 1;
    }
    add(1);
  }
  void open(const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (static_cast<int>(m_stack.size()) >= m_limits.max_depth) {
      throw Exceeded{
          mark,
          "YAML nested deeper than " + std::to_string(m_limits.max_depth) + " levels (the limit)",
          "no workflow, rule or config file needs this depth; flatten the document"};
    }
    m_stack.push_back({anchor, 1});
  }
  void close() {
    if (m_stack.empty()) {
      return;
    }
    Frame done = m_stack.back();
    m_stack.pop_back();
    if (done.anchor != YAML::NullAnchor) {
      m_anchor_sizes[done.anchor] = done.nodes;
    }
    add(done.nodes);
  }

  Limits m_limits;
  std::vector<Frame> m_stack;
  std::map<YAML::anchor_t, std::size_t> m_anchor_sizes;
  std::size_t m_alias_nodes = 0;
};

}  // namespace

core::Status check_limits(std::string_view path, std::string_view text, const Limits& limits) {
  std::istringstream in{std::string(text)};
  YAML::Parser parser(in);
  LimitCounter counter(limits);
  try {
    // The first document only, as YAML::Load reads. (Looping until
    // HandleNextDocument returns false never ends on some malformed input:
    // found by fuzz/workflow_fuzzer, corpus/workflow/timeout-first-document-only.)
    parser.HandleNextDocument(counter);
  } catch (const Exceeded& e) {
    return error_at(path, text, mark_of(e.mark), e.message, e.hint);
  } catch (const YAML::Exception&) {
    // Not valid YAML (or over yaml-cpp's own limits): the loader reports it.
  }
  return core::ok_status();
}

}  // namespace nts::yaml
