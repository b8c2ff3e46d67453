// photoaudit serve --index CATALOG [--listen HOST:PORT] [--token-file FILE | --no-auth] [--registry FILE] ...:
// the match service over HTTP (docs/api.md). Flags -> ServeOptions -> MatchServer, until SIGINT or SIGTERM.
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/audit/match_server.hpp"
#include "photoaudit/audit/serve_auth.hpp"
#include "photoaudit/audit/terminal_text.hpp"

namespace photoaudit::audit::cli {
namespace {

struct ServeFlags {
  serve::ServeOptions options;
  std::string listen = "127.0.0.1:8080";
  std::string token_file;
  std::uint64_t refresh_seconds = 300;
  std::uint64_t timeout_seconds = 10;
  IsolationFlags isolation;  // uploads are decoded in worker processes unless --isolation none
};

// "HOST:PORT", "[::1]:PORT" -> host and port. Fails with kInvalidArgument.
Result<void> parse_listen(const std::string& text, serve::ServeOptions& o) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon + 1 == text.size()) {
    return fail(Error::invalid_argument("--listen " + text + ": expected HOST:PORT, e.g. 127.0.0.1:8080"));
  }
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::string port = text.substr(colon + 1);
  if (host.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(port) > 65535) {
    return fail(Error::invalid_argument("--listen " + text + ": expected HOST:PORT with a port from 0 to 65535"));
  }
  o.host = host;
  o.port = std::stoi(port);
  return ok();
}

// The token and the listen address: what must hold before the catalog is loaded (MatchServer::start checks the
// registry).
Result<void> complete(ServeFlags& flags) {
  if (auto listen = parse_listen(flags.listen, flags.options); !listen) return fail(listen.error());
  const char* env = std::getenv("PHOTOAUDIT_TOKEN");
  auto token = serve::load_token(flags.token_file, env == nullptr ? "" : env);
  if (!token) return fail(token.error());
  if (*token && flags.options.allow_no_auth) {
    return fail(Error::invalid_argument("--no-auth and a token (PHOTOAUDIT_TOKEN or --token-file) exclude each other"));
  }
  flags.options.token = token->value_or("");
  flags.options.refresh = std::chrono::seconds(flags.refresh_seconds);
  flags.options.request_timeout = std::chrono::seconds(flags.timeout_seconds);
  flags.options.match.max_image_bytes = flags.options.max_upload_bytes;
  flags.options.match.isolation = isolation_from(flags.isolation);
  flags.options.match.reading_workers = flags.options.threads;
  return ok();
}

void add_serve_flags(CLI::App& cmd, ServeFlags& f) {
  cmd.add_option("--index", f.options.index, "Catalog made by photoaudit scan")->required();
  cmd.add_option("--listen", f.listen, "HOST:PORT to listen on (default 127.0.0.1:8080; port 0: any free port)");
  cmd.add_option("--token-file", f.token_file, "File whose first line is the bearer token (else PHOTOAUDIT_TOKEN)");
  cmd.add_flag("--no-auth", f.options.allow_no_auth, "Serve /v1 without a token (only on 127.0.0.1, ::1, localhost)");
  cmd.add_option("--registry", f.options.match.registry_path,
                 "License registry (YAML), as audit's --registry (default: PHOTOAUDIT_REGISTRY, then the default)");
  cmd.add_option("--trust", f.options.match.c2pa_trust_path, "PEM trust anchors for Content Credentials signers");
  cmd.add_option("--max-upload-bytes", f.options.max_upload_bytes, "Largest request body (default 52428800: 50 MiB)")
      ->check(CLI::Range(std::uint64_t{1024}, Limits{}.max_file_bytes));
  cmd.add_option("-j,--threads", f.options.threads, "Worker threads answering requests (default 16)")
      ->check(CLI::Range(1, 1024));
  cmd.add_option("--timeout", f.timeout_seconds, "Seconds a request may take to arrive (default 10)")
      ->check(CLI::Range(1, 3600));
  cmd.add_option("--refresh", f.refresh_seconds, "Seconds between index rebuilds (default 300; 0: on reload only)")
      ->check(CLI::Range(0, 86400 * 7));
  cmd.add_option("--rate", f.options.rate_limit.per_second,
                 "Requests per second per client on /v1 (default 20; 0: off)")
      ->check(CLI::Range(0.0, 1e6));
  cmd.add_option("--burst", f.options.rate_limit.burst, "Requests a client may make at once (default 40)")
      ->check(CLI::Range(1.0, 1e6));
  cmd.add_option("--keep-alive", f.options.keep_alive_requests,
                 "Requests per connection before it is closed (default 100)")
      ->check(CLI::Range(1, 1000));
  add_isolation_options(cmd, f.isolation);
}

int run_serve_command(const ServeFlags& given) {
  ServeFlags flags = given;
  if (auto completed = complete(flags); !completed) return refuse("photoaudit serve", completed.error());
  // SIGINT and SIGTERM are taken by sigwait below: blocked before any thread starts, so every thread inherits it.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  const std::string index = flags.options.index;
  auto server = serve::MatchServer::start(
      flags.options, [index] { return open_catalog(index, CatalogOptions{.mode = CatalogMode::kReadOnly}); });
  if (!server) return refuse("photoaudit serve", server.error());
  std::cerr << "photoaudit serve: listening on http://" << printable(flags.options.host) << ":" << (*server)->port()
            << (flags.options.token.empty() ? " without authentication (--no-auth)" : "") << std::endl;
  int signal = 0;
  sigwait(&stop_signals, &signal);
  std::cerr << "photoaudit serve: stopping (signal " << signal << ")" << std::endl;
  (*server)->stop();
  return kExitOk;
}

}  // namespace

void add_serve_command(CLI::App& app, CliContext& ctx) {
  add_command(app, ctx, "serve", "Answer match queries over HTTP: copies, credit, license verdict (docs/api.md)",
              add_serve_flags, run_serve_command);
}

}  // namespace photoaudit::audit::cli
