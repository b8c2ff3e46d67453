// guard_request: the checks that must run before a body is read, and the error answers' shape.
#include <array>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "photoaudit/audit/serve_auth.hpp"
#include "serve/server_context.hpp"

namespace photoaudit::audit::serve {
namespace {

constexpr std::array<std::string_view, 6> kRoutes{"/", "/healthz", "/metrics", "/v1/match", "/v1/reload", "/v1/index"};

// The largest body an endpoint other than /v1/match takes (a client that sends "{}" to /v1/reload).
constexpr std::uint64_t kMaxOtherBody = 4096;

bool is_v1(std::string_view path) { return path.starts_with("/v1/"); }

std::string query_of(const std::string& target) {
  const auto q = target.find('?');
  return q == std::string::npos ? std::string() : target.substr(q + 1);
}

// 413 before the body is read: the declared length is over the limit.
bool declares_too_much(const httplib::Request& req, std::uint64_t limit) {
  if (!req.has_header("Content-Length")) return false;
  const std::string value = req.get_header_value("Content-Length");
  if (value.empty() || value.find_first_not_of("0123456789") != std::string::npos || value.size() > 19) return true;
  return std::stoull(value) > limit;
}

// Why the body this request declares is refused before it is read ("" when it is not): over the upload limit by
// its Content-Length, or, on an endpoint other than /v1/match (which reads its body under its own bounds), over
// kMaxOtherBody or chunked (cpp-httplib would read a chunked body whole).
std::string body_refusal(const httplib::Request& req, std::uint64_t limit) {
  const bool match = req.path == "/v1/match";
  if (declares_too_much(req, match ? limit : kMaxOtherBody)) {
    return "the body is over the limit of " + std::to_string(match ? limit : kMaxOtherBody) +
           " bytes (Content-Length); it was not read";
  }
  if (!match && req.has_header("Transfer-Encoding")) {
    return "this endpoint takes no chunked body; it was not read";
  }
  return {};
}

}  // namespace

void send_error(httplib::Response& res, int status, std::string_view code, std::string_view message) {
  const nlohmann::json body{{"error", {{"status", status}, {"code", code}, {"message", message}}}};
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n", "application/json");
}

void send_json(httplib::Response& res, const std::string& body, int status) {
  res.status = status;
  res.set_content(body, "application/json");
}

std::string route_label(std::string_view path) {
  for (const auto route : kRoutes) {
    if (path == route) return std::string(route);
  }
  return "other";
}

httplib::Server::HandlerResponse guard_request(const httplib::Request& req, httplib::Response& res,
                                               ServerContext& ctx) {
  using Handled = httplib::Server::HandlerResponse;
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Content-Type-Options", "nosniff");
  if (route_label(req.path) == "other") {
    send_error(res, 404, "not_found",
               "no such endpoint: see docs/api.md (/v1/match, /v1/reload, /v1/index, /healthz, "
               "/metrics, /)");
    return Handled::Handled;
  }
  if (const std::string why = body_refusal(req, ctx.options.max_upload_bytes); !why.empty()) {
    send_error(res, 413, "too_large", why);
    return Handled::Handled;
  }
  if (!is_v1(req.path)) return Handled::Unhandled;
  if (query_has_credential(query_of(req.target))) {
    send_error(res, 400, "token_in_query",
               "credentials are not accepted in the URL (they end up in access logs): send the header "
               "\"Authorization: Bearer TOKEN\"");
    return Handled::Handled;
  }
  // Before the token check, so that guessing tokens is rate limited too.
  if (!ctx.limiter.allow(req.remote_addr)) {
    res.set_header("Retry-After", "1");
    send_error(res, 429, "rate_limited", "too many requests from this client; retry after a second");
    return Handled::Handled;
  }
  if (!ctx.options.token.empty() && !bearer_matches(req.get_header_value("Authorization"), ctx.options.token)) {
    res.set_header("WWW-Authenticate", "Bearer realm=\"photoaudit\"");
    send_error(res, 401, "unauthorized",
               req.has_header("Authorization") ? "the bearer token is wrong"
                                               : "missing header \"Authorization: Bearer TOKEN\"");
    return Handled::Handled;
  }
  return Handled::Unhandled;
}

}  // namespace photoaudit::audit::serve
