// RateLimiter: token buckets in a map, swept of idle clients at most once a second.
#include "photoaudit/audit/rate_limiter.hpp"

#include <algorithm>

namespace photoaudit::audit::serve {

bool RateLimiter::allow(const std::string& client, Clock::time_point now) {
  if (limit_.per_second <= 0) return true;
  const std::lock_guard lock(mu_);
  forget_idle(now);
  auto [it, inserted] = buckets_.try_emplace(client, Bucket{.tokens = limit_.burst, .updated = now});
  Bucket& b = it->second;
  if (!inserted) {
    const double elapsed = std::chrono::duration<double>(now - b.updated).count();
    b.tokens = std::min(limit_.burst, b.tokens + elapsed * limit_.per_second);
    b.updated = now;
  }
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

void RateLimiter::forget_idle(Clock::time_point now) {
  if (now - last_sweep_ < std::chrono::seconds(1) && buckets_.size() < limit_.max_clients) return;
  last_sweep_ = now;
  std::erase_if(buckets_, [&](const auto& entry) { return now - entry.second.updated > std::chrono::minutes(1); });
  while (buckets_.size() >= limit_.max_clients) {
    const auto oldest = std::min_element(buckets_.begin(), buckets_.end(), [](const auto& a, const auto& b) {
      return a.second.updated < b.second.updated;
    });
    buckets_.erase(oldest);
  }
}

}  // namespace photoaudit::audit::serve
