// The routes of docs/api.md: the editor's page, health, metrics, match, reload and the index's status.
#include <chrono>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "photoaudit/audit/audit_pipeline.hpp"
#include "serve/server_context.hpp"
#include "serve/upload_body.hpp"

namespace photoaudit::audit::serve {
namespace {

using Clock = std::chrono::steady_clock;

std::string utc_text(std::int64_t seconds) { return seconds == 0 ? std::string() : utc_rfc3339(seconds); }

nlohmann::json index_json(const SnapshotStatus& s, const std::string& name) {
  nlohmann::json out{{"index", name},
                     {"rows", s.rows},
                     {"present_rows", s.present_rows},
                     {"hashes", s.indexed_hashes},
                     {"built_at", s.built_at == 0 ? nlohmann::json(nullptr) : nlohmann::json(utc_text(s.built_at))},
                     {"build_seconds", s.build_seconds},
                     {"rebuilds", s.rebuilds},
                     {"failed_rebuilds", s.failed_rebuilds},
                     {"last_error", s.last_error ? nlohmann::json(s.last_error->message) : nlohmann::json(nullptr)}};
  return out;
}

std::string dump(const nlohmann::json& doc) {
  return doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string field(const UploadBody& body, const std::string& name) {
  const auto it = body.fields.find(name);
  return it == body.fields.end() ? std::string() : it->second;
}

int status_of(const Error& e) {
  switch (e.code) {
    case ErrorCode::kInvalidArgument:
      return 400;
    case ErrorCode::kUnsupported:
      return 503;  // no snapshot yet
    case ErrorCode::kCorruption:
    case ErrorCode::kLimitExceeded:
      return 422;  // the upload could not be read: a decoder crashed or hung on it in its worker
    default:
      return 500;
  }
}

void answer_upload_failure(httplib::Response& res, UploadFailure failure, const std::string& message,
                           std::uint64_t limit) {
  res.set_header("Connection", "close");
  switch (failure) {
    case UploadFailure::kTooLarge:
      send_error(res, 413, "too_large", "the body is over the limit of " + std::to_string(limit) + " bytes");
      return;
    case UploadFailure::kTimedOut:
      send_error(res, 408, "timeout", "the body did not arrive within the request timeout");
      return;
    default:
      send_error(res, 400, "bad_request", message);
  }
}

// Builds the query from what was uploaded; "" when it is complete, else the client's error.
std::string make_query(const UploadBody& body, MatchQuery& query) {
  query.pdq_hex = field(body, "pdq");
  query.channel = field(body, "channel");
  query.date = field(body, "date");
  query.territory = field(body, "territory");
  const std::string missing = field(body, "include_missing");
  query.include_missing = missing == "true" || missing == "1";
  if (!body.filename.empty()) query.name = body.filename;
  const bool has_image = !body.image.empty() && !body.json;
  if (has_image == !query.pdq_hex.empty()) {
    return has_image ? "send either an image or a PDQ hash (pdq), not both"
                     : "send an image (the body, or a form's \"file\" part) or a PDQ hash (pdq)";
  }
  query.image = std::span(reinterpret_cast<const std::uint8_t*>(body.image.data()), has_image ? body.image.size() : 0);
  return {};
}

void handle_match(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader,
                  ServerContext& ctx) {
  UploadBody body;
  std::string message;
  const UploadLimits limits{.max_bytes = ctx.options.max_upload_bytes,
                            .deadline = Clock::now() + ctx.options.request_timeout};
  if (const auto failure = read_upload(req, reader, limits, body, message); failure != UploadFailure::kNone) {
    answer_upload_failure(res, failure, message, ctx.options.max_upload_bytes);
    return;
  }
  MatchQuery query;
  if (const std::string wrong = make_query(body, query); !wrong.empty()) {
    send_error(res, 400, "bad_request", wrong);
    return;
  }
  const auto answer = ctx.service.match(query);
  if (!answer) {
    const int status = status_of(answer.error());
    send_error(res, status,
               status == 400   ? "bad_request"
               : status == 422 ? "unreadable_image"
               : status == 503 ? "not_ready"
                               : "internal",
               answer.error().message);
    return;
  }
  send_json(res, dump(*answer));
}

void handle_reload(httplib::Response& res, ServerContext& ctx) {
  if (auto rebuilt = ctx.holder.rebuild(); !rebuilt) {
    send_error(res, 503, "reload_failed", rebuilt.error().message + " (the previous index is still served)");
    return;
  }
  send_json(res, dump(index_json(ctx.holder.status(), ctx.options.index)));
}

void handle_health(httplib::Response& res, ServerContext& ctx) {
  const SnapshotStatus s = ctx.holder.status();
  const bool ready = s.rebuilds > 0;
  nlohmann::json doc{{"status", ready ? "ok" : "loading"}, {"rows", s.rows}};
  send_json(res, dump(doc), ready ? 200 : 503);
}

// 405 with Allow for every method but `allowed` on path.
void method_not_allowed(httplib::Server& server, const std::string& path, const std::string& allowed) {
  const httplib::Server::Handler handler = [allowed](const httplib::Request&, httplib::Response& res) {
    res.set_header("Allow", allowed);
    send_error(res, 405, "method_not_allowed", "this endpoint takes " + allowed);
  };
  if (allowed != "GET") server.Get(path, handler);
  if (allowed != "POST") server.Post(path, handler);
  server.Put(path, handler);
  server.Delete(path, handler);
  server.Patch(path, handler);
  server.Options(path, handler);
}

}  // namespace

void install_routes(httplib::Server& server, ServerContext& ctx) {
  server.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Security-Policy", editor_page_policy());
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_content(std::string(editor_page_html()), "text/html; charset=utf-8");
  });
  server.Get("/healthz", [&ctx](const httplib::Request&, httplib::Response& res) { handle_health(res, ctx); });
  server.Get("/metrics", [&ctx](const httplib::Request&, httplib::Response& res) {
    std::ostringstream out;
    ctx.metrics.write(out, ctx.holder.status());
    res.set_content(out.str(), "text/plain; version=0.0.4");
  });
  server.Post("/v1/match", [&ctx](const httplib::Request& req, httplib::Response& res,
                                  const httplib::ContentReader& reader) { handle_match(req, res, reader, ctx); });
  server.Post("/v1/reload", [&ctx](const httplib::Request&, httplib::Response& res) { handle_reload(res, ctx); });
  server.Get("/v1/index", [&ctx](const httplib::Request&, httplib::Response& res) {
    send_json(res, dump(index_json(ctx.holder.status(), ctx.options.index)));
  });
  for (const auto& [path, allowed] :
       {std::pair{"/v1/match", "POST"}, std::pair{"/v1/reload", "POST"}, std::pair{"/v1/index", "GET"},
        std::pair{"/healthz", "GET"}, std::pair{"/metrics", "GET"}, std::pair{"/", "GET"}}) {
    method_not_allowed(server, path, allowed);
  }
}

}  // namespace photoaudit::audit::serve
