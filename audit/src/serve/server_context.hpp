// Private to serve: what every route shares. Lives as long as the MatchServer.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

#include "photoaudit/audit/match_service.hpp"
#include "photoaudit/audit/rate_limiter.hpp"
#include "photoaudit/audit/serve_metrics.hpp"
#include "photoaudit/audit/serve_options.hpp"
#include "photoaudit/audit/snapshot_holder.hpp"

namespace photoaudit::audit::serve {

struct ServerContext {
  ServerContext(ServeOptions opts, CatalogOpener opener)
      : options(std::move(opts)),
        holder(std::move(opener), options.index),
        service(options.match, holder),
        limiter(options.rate_limit) {}

  ServeOptions options;
  SnapshotHolder holder;
  MatchService service;
  ServeMetrics metrics;
  RateLimiter limiter;
};

// The error answer of every route (docs/api.md, "Errors"): status, and the body
// {"error": {"status": STATUS, "code": CODE, "message": MESSAGE}} as application/json.
void send_error(httplib::Response& res, int status, std::string_view code, std::string_view message);

// The JSON answer: status 200 unless given, body as application/json.
void send_json(httplib::Response& res, const std::string& body, int status = 200);

// The route a request's path counts under in the metrics: one of the API's paths, else "other" (so that a scan
// of random paths cannot grow the metrics without bound).
std::string route_label(std::string_view path);

// Runs before the body is read, on every request: refuses a /v1 request with a credential in its query string
// (400), without the bearer token (401), over its client's rate (429), or declaring a body over the upload limit
// (413); refuses unknown paths (404) before their body is read. Handled means the answer is set.
httplib::Server::HandlerResponse guard_request(const httplib::Request& req, httplib::Response& res, ServerContext& ctx);

// Adds the routes of docs/api.md to server.
void install_routes(httplib::Server& server, ServerContext& ctx);

// The editor's page served at "/" (HTML, its script and style inline, nothing external) and the
// Content-Security-Policy it is served with (only its own script and style, fetches to its own origin).
std::string_view editor_page_html();
std::string editor_page_policy();

}  // namespace photoaudit::audit::serve
