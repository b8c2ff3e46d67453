#include "cli/progress_line.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

#include "photoaudit/common/plural.hpp"

namespace photoaudit::audit::cli {
namespace {

using Clock = std::chrono::steady_clock;

// "0:07", "12:34", "1:02:03".
std::string clock_time(double seconds) {
  const auto total = std::llround(seconds);
  char text[32];
  if (total >= 3600) {
    std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", total / 3600, total / 60 % 60, total % 60);
  } else {
    std::snprintf(text, sizeof text, "%lld:%02lld", total / 60, total % 60);
  }
  return text;
}

std::string line_for(const AuditProgress& p, double elapsed) {
  std::string line = "photoaudit: " + std::to_string(p.done) + "/" + counted(p.total, "image");  // "3/4 images"
  if (p.total > 0) line += " (" + std::to_string(p.done * 100 / p.total) + "%)";
  const double rate = elapsed > 0 ? static_cast<double>(p.done) / elapsed : 0.0;
  char rate_text[32];
  std::snprintf(rate_text, sizeof rate_text, "%.1f", rate);
  line += std::string(", ") + rate_text + " images/s";
  if (p.done < p.total && rate > 0) {
    line += ", ETA " + clock_time(static_cast<double>(p.total - p.done) / rate);
  } else if (p.done >= p.total) {
    line += ", " + clock_time(elapsed);
  }
  return line;
}

struct ProgressState {
  std::ostream* err;
  ProgressStyle style;
  Clock::time_point started = Clock::now();
  Clock::time_point last_drawn{};
  bool drawn = false;
};

}  // namespace

std::function<void(const AuditProgress&)> make_progress_line(std::ostream& err, ProgressStyle style) {
  auto state = std::make_shared<ProgressState>(ProgressState{.err = &err, .style = style});
  return [state](const AuditProgress& p) {
    const auto now = Clock::now();
    const bool last = p.done >= p.total;
    const auto interval = state->style == ProgressStyle::kTerminal ? std::chrono::milliseconds(100)
                                                                   : std::chrono::milliseconds(1000);
    if (!last && state->drawn && now - state->last_drawn < interval) return;
    const double elapsed = std::chrono::duration<double>(now - state->started).count();
    std::ostream& out = *state->err;
    if (state->style == ProgressStyle::kTerminal) {
      out << '\r' << line_for(p, elapsed) << "\x1b[K";
      if (last) out << "\r\x1b[K";  // the report follows on a clean line
    } else {
      out << line_for(p, elapsed) << '\n';
    }
    out.flush();
    state->drawn = true;
    state->last_drawn = now;
  };
}

}  // namespace photoaudit::audit::cli
