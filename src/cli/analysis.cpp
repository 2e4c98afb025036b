#include "cli/context.hpp"

namespace nts::cli {

scan::SnapshotAnalysis snapshot_analysis() { return {}; }

}  // namespace nts::cli
