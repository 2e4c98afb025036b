#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/repo_view.hpp"
#include "workflow/facts.hpp"
#include "workflow/knowledge.hpp"
#include "workflow/locate.hpp"
#include "workflow/model.hpp"
#include "workflow/resolve.hpp"

namespace nts::workflow {

// The most the analysis reads of one workflow, composite action or Yarn
// config: yaml-cpp holds a node tree many times the text's size and takes
// seconds per megabyte of a hostile document (a 1 MB workflow of 13,000
// steps: 1.7 s), while real workflows are a few kilobytes. A larger file is
// not parsed, with a note.
constexpr std::uint64_t k_max_yaml_bytes = std::uint64_t{512} << 10;

// What every analysis step of one workflow file needs.
struct FileContext {
  const Workflow& workflow;
  const SourceText& source;
  const core::RepoView& repo;
  const Knowledge& k;

  // Evidence for `length` bytes of a scalar's decoded value from `offset`,
  // located in the file; the text stops at the end of its first line.
  Evidence evidence(const Scalar& scalar, std::size_t offset = 0,
                    std::size_t length = std::string::npos) const;
  Evidence at_mark(const Mark& mark, std::string text) const;
};

}  // namespace nts::workflow
