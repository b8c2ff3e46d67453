// RateLimiter: a token bucket per client (the peer's IP address): `burst` requests at once, refilled at
// `per_second`. A client that has not been seen for a minute is forgotten; the table holds at most max_clients
// entries (the oldest are dropped first), so a flood of addresses cannot grow memory without bound.
// Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace photoaudit::audit::serve {

struct RateLimit {
  double per_second = 20;             // Default: 20 requests a second per client; <= 0 turns the limit off
  double burst = 40;                  // Default: 40 requests at once
  std::size_t max_clients = 100'000;  // Default: 100,000 clients remembered
};

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  explicit RateLimiter(RateLimit limit) : limit_(limit) {}

  // True when client may make a request now (and takes one token), false when it is over its limit.
  bool allow(const std::string& client, Clock::time_point now = Clock::now());

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point updated;
  };
  void forget_idle(Clock::time_point now);

  RateLimit limit_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
  Clock::time_point last_sweep_{};
};

}  // namespace photoaudit::audit::serve
