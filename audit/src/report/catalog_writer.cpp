// Writers of the catalog commands: `photoaudit scan`, `find` and `dupes` (command_writers.hpp).
#include <algorithm>
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "photoaudit/audit/catalog_dupes.hpp"
#include "photoaudit/audit/command_writers.hpp"
#include "photoaudit/audit/terminal_text.hpp"
#include "photoaudit/common/plural.hpp"
#include "report/error_json.hpp"

namespace photoaudit::audit {
namespace {

constexpr auto kReplace = nlohmann::json::error_handler_t::replace;

std::string duration_text(double seconds) {
  const long s = static_cast<long>(seconds + 0.5);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

// Progress on err: a redrawn bar on a terminal, a plain line every 10 s otherwise.
class ScanProgressWriter {
 public:
  ScanProgressWriter(std::ostream& err, bool terminal) : err_(&err), terminal_(terminal) {}

  void operator()(const ScanProgress& p) {
    const double rate = p.elapsed_seconds > 0 ? static_cast<double>(p.files_hashed) / p.elapsed_seconds : 0.0;
    const std::size_t left = p.files_total - std::min(p.files_done, p.files_total);
    const std::string eta = rate > 0 ? duration_text(static_cast<double>(left) / rate) : "?";
    char line[160];
    if (terminal_) {
      constexpr int kWidth = 30;
      const int filled = p.files_total == 0 ? kWidth
                                            : static_cast<int>(kWidth * static_cast<double>(p.files_done) /
                                                               static_cast<double>(p.files_total));
      std::snprintf(line, sizeof line, "\r[%-*s] %zu/%zu files  %.1f files/s  ETA %s ", kWidth,
                    std::string(static_cast<std::size_t>(filled), '#').c_str(), p.files_done, p.files_total, rate,
                    eta.c_str());
      *err_ << line << (p.finished ? "\n" : "") << std::flush;
      return;
    }
    if (!p.finished && p.elapsed_seconds < next_line_at_) return;
    next_line_at_ = p.elapsed_seconds + 10.0;
    std::snprintf(line, sizeof line, "scan: %zu/%zu files, %.1f files/s, ETA %s", p.files_done, p.files_total, rate,
                  eta.c_str());
    *err_ << line << "\n";
  }

 private:
  std::ostream* err_;
  bool terminal_;
  double next_line_at_ = 10.0;
};

void write_scan_errors(std::ostream& err, const ScanRun& run) {
  if (run.stopped) {
    err << "photoaudit scan: " << printable(run.stopped->message)
        << " (the catalog keeps what was written before; run the scan again to complete it)\n";
    return;
  }
  for (const auto& e : run.result.errors) err << "photoaudit scan: " << printable(e) << "\n";
}

nlohmann::json match_json(const CatalogMatch& m) {
  return {{"path", m.path},
          {"distance", m.distance},
          {"method", std::string(hashing::to_string(m.method))},
          {"credit", m.credit}};
}

void write_find_errors(std::ostream& err, const FindResult& result) {
  for (const auto& item : result.items) {
    if (!item.matches) err << "photoaudit find: " << printable(item.matches.error().message) << "\n";
  }
}

void write_dupes_errors(std::ostream& err, const catalog::DupesReport& report) {
  for (const auto& e : report.errors) err << "photoaudit dupes: " << printable(e) << "\n";
}

}  // namespace

std::function<void(const ScanProgress&)> make_scan_progress_writer(std::ostream& err, bool terminal) {
  return ScanProgressWriter(err, terminal);
}

void write_scan_text(std::ostream& out, std::ostream& err, const ScanRun& run, bool quiet) {
  write_scan_errors(err, run);
  if (run.stopped || quiet) return;
  const ScanResult& r = run.result;
  char rate[32];
  std::snprintf(rate, sizeof rate, "%.1f",
                run.seconds > 0 ? static_cast<double>(r.files - r.unchanged) / run.seconds : 0.0);
  out << printable(run.index) << ": " << counted(r.files, "image file") << ": " << r.added << " added, " << r.updated
      << " updated, " << r.moved << " moved, " << r.unchanged << " unchanged, " << r.marked_missing
      << " marked missing, " << r.failed << " failed (" << rate << " files/s read)\n";
}

void write_scan_json(std::ostream& out, std::ostream& err, const ScanRun& run) {
  write_scan_errors(err, run);
  if (run.stopped) return;
  const ScanResult& r = run.result;
  const nlohmann::json doc{{"index", run.index},
                           {"files", r.files},
                           {"unchanged", r.unchanged},
                           {"added", r.added},
                           {"updated", r.updated},
                           {"moved", r.moved},
                           {"marked_missing", r.marked_missing},
                           {"failed", r.failed},
                           {"skipped_not_image", r.skipped_not_image},
                           {"seconds", run.seconds},
                           {"errors", r.errors}};
  out << doc.dump(2, ' ', false, kReplace) << "\n";
}

std::size_t FindResult::failed() const {
  std::size_t n = stopped ? 1 : 0;
  for (const auto& item : items) n += item.matches ? 0 : 1;
  return n;
}

void write_find_text(std::ostream& out, std::ostream& err, const FindResult& result) {
  for (const auto& item : result.items) {
    if (!item.matches) {
      err << "photoaudit find: " << printable(item.matches.error().message) << "\n";
      continue;
    }
    out << printable(item.path) << ": " << counted(item.matches->size(), "same photo") << " in the catalog\n";
    for (const auto& m : *item.matches) {
      out << "  " << m.distance << "  " << printable(m.path) << "  ("
          << (m.credit.empty() ? std::string("no credit") : "credit: \"" + printable(m.credit) + "\"") << ", "
          << hashing::to_string(m.method) << ")\n";
    }
  }
  if (result.stopped) err << "photoaudit find: " << printable(result.stopped->message) << "\n";
}

void write_find_json(std::ostream& out, std::ostream& err, const FindResult& result) {
  write_find_errors(err, result);
  if (result.stopped) {
    err << "photoaudit find: " << printable(result.stopped->message) << "\n";
    return;
  }
  nlohmann::json queries = nlohmann::json::array();
  for (const auto& item : result.items) {
    if (!item.matches) {
      queries.push_back(failed_path_json(item.path, item.matches.error()));
      continue;
    }
    nlohmann::json list = nlohmann::json::array();
    for (const auto& m : *item.matches) list.push_back(match_json(m));
    queries.push_back({{"path", item.path}, {"matches", list}});
  }
  const nlohmann::json doc{{"index", result.index}, {"images", queries}};
  out << doc.dump(2, ' ', false, kReplace) << "\n";
}

void write_dupes_text(std::ostream& out, std::ostream& err, const catalog::DupesReport& report) {
  write_dupes_errors(err, report);
  for (const auto& c : report.clusters) {
    out << c.kind << " cluster of " << c.members.size() << " copies";
    if (c.credit_disagreement) out << ": CREDITS DISAGREE";
    if (c.credit_lost) out << (c.credit_disagreement ? ", " : ": ") << "CREDIT LOST in a copy";
    out << "\n";
    for (const auto& m : c.members) {
      const auto& item = report.items[m.item];
      out << "  " << m.relation << " " << m.distance << "  " << printable(item.path) << "  "
          << (item.credit.empty() ? std::string("(no credit)") : "credit: \"" + printable(item.credit) + "\"") << "\n";
    }
  }
  out << counted(report.items.size(), "image") << ", " << counted(report.clusters.size(), "cluster")
      << " of the same photo\n";
}

void write_dupes_json(std::ostream& out, std::ostream& err, const catalog::DupesReport& report) {
  write_dupes_errors(err, report);
  nlohmann::json clusters = nlohmann::json::array();
  for (const auto& c : report.clusters) {
    nlohmann::json members = nlohmann::json::array();
    for (const auto& m : c.members) {
      const auto& item = report.items[m.item];
      members.push_back({{"path", item.path},
                         {"relation", m.relation},
                         {"distance", m.distance},
                         {"credit", item.credit},
                         {"organizations", item.organizations}});
    }
    clusters.push_back({{"kind", c.kind},
                        {"credit_disagreement", c.credit_disagreement},
                        {"credit_lost", c.credit_lost},
                        {"members", members}});
  }
  const nlohmann::json doc{{"images", report.items.size()}, {"clusters", clusters}, {"errors", report.errors}};
  out << doc.dump(2, ' ', false, kReplace) << "\n";
}

}  // namespace photoaudit::audit
