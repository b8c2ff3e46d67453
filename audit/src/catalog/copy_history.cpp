// The names of copy states and the first-use date (catalog.hpp).
#include <algorithm>

#include "photoaudit/audit/catalog.hpp"

namespace photoaudit::audit {

std::string_view to_string(CopyState state) {
  switch (state) {
    case CopyState::kPresent:
      return "present";
    case CopyState::kMissing:
      return "missing";
    case CopyState::kMoved:
      return "moved";
    case CopyState::kReplaced:
      return "replaced";
  }
  return "missing";
}

std::int64_t first_use(std::int64_t first_seen, std::int64_t mtime_ns) {
  // Floor division: an mtime before 1970 is a valid (if odd) time, and must not round towards it.
  const std::int64_t mtime = mtime_ns >= 0 ? mtime_ns / 1'000'000'000 : -((-mtime_ns + 999'999'999) / 1'000'000'000);
  if (first_seen == 0) return mtime;
  if (mtime_ns == 0) return first_seen;
  return std::min(first_seen, mtime);
}

}  // namespace photoaudit::audit
