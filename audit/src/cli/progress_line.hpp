// The progress line of audit and page on stderr (issue 17: `audit` printed nothing on a terminal during a long
// run): "photoaudit: 120/500 images (24%), 35.2 images/s, ETA 0:11". The pipeline reports each audited image
// through AuditOptions::progress; this draws it.
#pragma once

#include <functional>
#include <ostream>

#include "photoaudit/audit/audit_pipeline.hpp"

namespace photoaudit::audit::cli {

enum class ProgressStyle {
  kTerminal,  // one line redrawn in place (at most every 100 ms) and erased when the last image is done
  kLines,     // --progress when stderr is not a terminal: a line at most every second, and the last one
};

// A progress callback writing to err, which must outlive it. Rate and ETA count from this call.
std::function<void(const AuditProgress&)> make_progress_line(std::ostream& err, ProgressStyle style);

}  // namespace photoaudit::audit::cli
