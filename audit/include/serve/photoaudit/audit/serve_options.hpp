// What `photoaudit serve` is started with (docs/api.md describes each flag): plain values with their defaults.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "photoaudit/audit/match_service.hpp"
#include "photoaudit/audit/rate_limiter.hpp"

namespace photoaudit::audit::serve {

struct ServeOptions {
  std::string host = "127.0.0.1";  // Default: loopback only; a proxy in front serves the world (docs/api.md)
  int port = 8080;                 // Default: 8080; 0 = any free port (Server::port() tells which)
  // The bearer token every /v1 request must carry. "" is allowed only with allow_no_auth and a loopback host.
  std::string token;
  // --no-auth: serve /v1 without a token. Refused unless host is 127.0.0.1, ::1 or localhost. Default: false.
  bool allow_no_auth = false;
  // Largest request body (an image upload or a JSON query); a larger declared Content-Length is refused with 413
  // before the body is read, and a chunked or compressed body is cut off once past it. Default: 50 MiB.
  std::uint64_t max_upload_bytes = std::uint64_t{50} << 20;
  // Worker threads answering requests (a bounded pool; readable connections beyond it wait in its queue).
  // Default: 16.
  unsigned threads = 16;
  // Longest wait for the next piece of a request (headers or body) and for the client to take the answer; also
  // the bound of one request from its first byte to the end of its body (408 past it). Default: 10 s.
  std::chrono::seconds request_timeout{10};
  // Requests answered on one connection before it is closed (HTTP keep-alive); between two requests the
  // connection waits without a worker (match_server.hpp). After an answer of 400 or more (whose body may be
  // unread) the connection is always closed. Default: 100.
  std::size_t keep_alive_requests = 100;
  // Seconds between index rebuilds from the catalog. Default: 300; 0 = only on POST /v1/reload.
  std::chrono::seconds refresh{300};
  RateLimit rate_limit;  // per client address on /v1; Default: rate_limiter.hpp
  MatchServiceOptions match;
  std::string index;  // the --index given (what reports call the catalog)
};

}  // namespace photoaudit::audit::serve
