// Writers of the catalog commands: `photoaudit scan`, `find` and `dupes` (command_writers.hpp).
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "photoaudit/audit/catalog_dupes.hpp"
#include "photoaudit/audit/command_writers.hpp"
#include "photoaudit/audit/license_json.hpp"
#include "photoaudit/audit/metadata_date.hpp"
#include "photoaudit/audit/terminal_text.hpp"
#include "photoaudit/common/plural.hpp"
#include "report/date_json.hpp"
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

// "2026-12-06T11:03:14Z" for seconds since the epoch; "" for 0 (not known).
std::string utc_time(std::int64_t seconds) {
  if (seconds == 0) return {};
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  if (::gmtime_r(&t, &tm) == nullptr) return {};
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::int64_t seconds_of(std::int64_t ns) {
  return ns >= 0 ? ns / 1'000'000'000 : -((-ns + 999'999'999) / 1'000'000'000);
}

nlohmann::json time_json(std::int64_t seconds) {
  const std::string t = utc_time(seconds);
  return t.empty() ? nlohmann::json(nullptr) : nlohmann::json(t);
}

nlohmann::json text_or_null(const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); }

nlohmann::json date_json(const std::string& raw) {
  return raw.empty() ? nlohmann::json(nullptr) : metadata_date_json(raw);
}

nlohmann::json license_json(const CopyLicense* license) {
  if (license == nullptr) return nullptr;
  nlohmann::json out = verdict_to_json(license->verdict);
  out["date"] = registry::format_date(license->date);
  return out;
}

// The fields of one copy's record, shared by find's matches and dupes' members (docs/json.md).
// A copy's Content Credentials as the catalog keeps them (docs/json.md, find): null when it carries none.
nlohmann::json credentials_json(const std::optional<CatalogCredentials>& c) {
  if (!c) return nullptr;
  return {{"state", c->state},
          {"signer", c->signer},
          {"issuer", c->issuer},
          {"signed_at", text_or_null(c->signed_at)},
          {"generator", c->generator}};
}

void add_copy_json(nlohmann::json& out, std::int64_t mtime_ns, const std::optional<hashing::Digest256>& sha256,
                   const CatalogProvenance& provenance, const CopyHistory& h, const CopyLicense* license) {
  out["state"] = std::string(to_string(h.state));
  out["mtime"] = time_json(seconds_of(mtime_ns));
  out["mtime_ns"] = mtime_ns;
  out["first_seen"] = time_json(h.first_seen);
  out["last_seen"] = time_json(h.last_seen);
  out["first_use"] = time_json(first_use(h.first_seen, mtime_ns));
  out["moved_to"] = text_or_null(h.moved_to);
  out["moved_from"] = text_or_null(h.moved_from);
  out["sha256"] = sha256 ? nlohmann::json(sha256->to_hex()) : nlohmann::json(nullptr);
  out["date_created"] = date_json(provenance.date_created);
  out["license"] = license_json(license);
  out["content_credentials"] = credentials_json(provenance.credentials);
}

nlohmann::json match_json(const CatalogMatch& m, const CopyLicense* license) {
  nlohmann::json out{{"path", m.path},
                     {"distance", m.distance},
                     {"method", std::string(hashing::to_string(m.method))},
                     {"via", text_or_null(m.via)},
                     {"credit", m.credit}};
  add_copy_json(out, m.mtime_ns, m.sha256, m.provenance, m.history, license);
  return out;
}

// The C2PA cell: "-" without credentials, else "state: signer" ("trusted: C2PA Signer (C2PA Test Signing Cert)").
std::string credentials_cell(const std::optional<CatalogCredentials>& c) {
  if (!c) return "-";
  return c->signer.empty() ? printable(c->state) : printable(c->state) + ": " + printable(c->signer);
}

// Text columns of one copy: state, mtime, first seen, first use, date created, SHA-256, license, C2PA, credit, path.
std::vector<std::string> copy_cells(const std::string& path, const std::string& credit, std::int64_t mtime_ns,
                                    const std::optional<hashing::Digest256>& sha256,
                                    const CatalogProvenance& provenance, const CopyHistory& h,
                                    const CopyLicense* license, bool with_license) {
  auto or_dash = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
  const std::string& date_created = provenance.date_created;
  std::string created = "-";
  if (!date_created.empty()) {
    const MetadataDate d = parse_metadata_date(date_created);
    created = d.valid() ? d.iso : "unreadable: \"" + printable(date_created.substr(0, 40)) + "\"";
  }
  std::string state(to_string(h.state));
  if (h.state == CopyState::kMoved) state += " -> " + printable(h.moved_to);
  std::vector<std::string> cells{state,
                                 or_dash(utc_time(seconds_of(mtime_ns))),
                                 or_dash(utc_time(h.first_seen)),
                                 or_dash(utc_time(first_use(h.first_seen, mtime_ns)).substr(0, 10)),
                                 created,
                                 sha256 ? sha256->to_hex() : std::string("-")};
  if (with_license) {
    std::string verdict = "-";
    if (license != nullptr) {
      verdict = std::string(registry::to_string(license->verdict.status));
      if (!license->verdict.contract.empty()) verdict += " (" + printable(license->verdict.contract) + ")";
      verdict += " on " + registry::format_date(license->date);
    }
    cells.push_back(verdict);
  }
  cells.push_back(credentials_cell(provenance.credentials));
  cells.push_back(credit.empty() ? std::string("(no credit)") : "\"" + printable(credit) + "\"");
  cells.push_back(printable(path));
  return cells;
}

std::vector<std::string> copy_header(bool with_license) {
  std::vector<std::string> h{"STATE", "MTIME (UTC)", "FIRST SEEN (UTC)", "FIRST USE", "DATE CREATED", "SHA-256"};
  if (with_license) h.push_back("LICENSE AT FIRST USE");
  h.push_back("C2PA");
  h.push_back("CREDIT");
  h.push_back("PATH");
  return h;
}

// Columns on a terminal: UTF-8 code points (printable() has made the text safe; wide characters count as one).
std::size_t display_width(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Rows under a header, each column padded to its widest cell (the last one is not padded), indented by two.
void write_table(std::ostream& out, const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], display_width(row[i]));
  }
  for (const auto& row : rows) {
    out << " ";
    for (std::size_t i = 0; i < row.size(); ++i) {
      out << " " << row[i];
      if (i + 1 < row.size()) out << std::string(widths[i] - display_width(row[i]) + 1, ' ');
    }
    out << "\n";
  }
}

std::string hidden_note(std::size_t hidden) {
  if (hidden == 0) return {};
  return " (" + std::to_string(hidden) + (hidden == 1 ? " copy that is" : " copies that are") +
         " no longer present hidden: --include-missing shows " + (hidden == 1 ? "it" : "them") + ")";
}

std::optional<hashing::Digest256> sha_of(const catalog::PhotoItem& item) {
  if (!item.fingerprints) return std::nullopt;
  return item.fingerprints->sha256;
}

void write_find_errors(std::ostream& err, const FindResult& result) {
  for (const auto& item : result.items) {
    if (!item.matches) err << "photoaudit find: " << printable(item.matches.error().message) << "\n";
    for (const auto& note : item.notes) err << "photoaudit find: " << printable(note) << "\n";
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
      << " updated (" << r.replaced << " replaced), " << r.moved << " moved, " << r.unchanged << " unchanged, "
      << r.marked_missing << " marked missing, " << r.failed << " failed (" << rate << " files/s read)\n";
}

void write_scan_json(std::ostream& out, std::ostream& err, const ScanRun& run) {
  write_scan_errors(err, run);
  if (run.stopped) return;
  const ScanResult& r = run.result;
  const nlohmann::json doc{{"index", run.index},       {"files", r.files},
                           {"unchanged", r.unchanged}, {"added", r.added},
                           {"updated", r.updated},     {"replaced", r.replaced},
                           {"moved", r.moved},         {"marked_missing", r.marked_missing},
                           {"failed", r.failed},       {"skipped_not_image", r.skipped_not_image},
                           {"seconds", run.seconds},   {"errors", r.errors}};
  out << doc.dump(2, ' ', false, kReplace) << "\n";
}

std::size_t FindResult::failed() const {
  std::size_t n = stopped ? 1 : 0;
  for (const auto& item : items) n += (item.matches ? 0 : 1) + item.notes.size();
  return n;
}

void write_find_text(std::ostream& out, std::ostream& err, const FindResult& result) {
  for (const auto& item : result.items) {
    if (!item.matches) {
      err << "photoaudit find: " << printable(item.matches.error().message) << "\n";
      continue;
    }
    for (const auto& note : item.notes) err << "photoaudit find: " << printable(note) << "\n";
    out << printable(item.path) << ": " << counted(item.matches->size(), "same photo") << " in the catalog"
        << hidden_note(item.hidden) << "\n";
    if (item.not_followed > 0) {
      out << "  (" << counted(item.not_followed, "copy", "copies") << " not searched further: more than "
          << Catalog::kMaxCopiesFollowed << " copies; their own copies may be missing)\n";
    }
    if (item.unchecked > 0) {
      out << "  (" << counted(item.unchecked, "catalog row") << " not compared: more flat pictures or pictures of "
          << "this frame shape than a search compares; copies among them may be missing)\n";
    }
    if (item.matches->empty()) continue;
    const bool with_license = !result.registry.empty();
    // A copy found through another names it (VIA), after the path: its distance and method are to that copy.
    const bool with_via = std::any_of(item.matches->begin(), item.matches->end(),
                                      [](const CatalogMatch& m) { return !m.via.empty(); });
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> header = copy_header(with_license);
    header.insert(header.begin() + 1, {"DIST", "METHOD"});
    if (with_via) header.emplace_back("VIA");
    rows.push_back(std::move(header));
    for (std::size_t i = 0; i < item.matches->size(); ++i) {
      const CatalogMatch& m = (*item.matches)[i];
      const CopyLicense* license = i < item.licenses.size() ? &item.licenses[i] : nullptr;
      auto cells = copy_cells(m.path, m.credit, m.mtime_ns, m.sha256, m.provenance, m.history, license, with_license);
      cells.insert(cells.begin() + 1, {std::to_string(m.distance), std::string(hashing::to_string(m.method))});
      if (with_via) cells.push_back(m.via.empty() ? std::string("-") : printable(m.via));
      rows.push_back(std::move(cells));
    }
    write_table(out, rows);
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
    for (std::size_t i = 0; i < item.matches->size(); ++i) {
      list.push_back(match_json((*item.matches)[i], i < item.licenses.size() ? &item.licenses[i] : nullptr));
    }
    queries.push_back({{"path", item.path},
                       {"matches", list},
                       {"hidden", item.hidden},
                       {"not_followed", item.not_followed},
                       {"unchecked", item.unchecked}});
  }
  const nlohmann::json doc{{"index", result.index}, {"registry", text_or_null(result.registry)}, {"images", queries}};
  out << doc.dump(2, ' ', false, kReplace) << "\n";
}

void write_dupes_text(std::ostream& out, std::ostream& err, const catalog::DupesReport& report) {
  write_dupes_errors(err, report);
  for (const auto& c : report.clusters) {
    out << c.kind << " cluster of " << c.members.size() << " copies";
    if (c.credit_disagreement) out << ": CREDITS DISAGREE";
    if (c.credit_lost) out << (c.credit_disagreement ? ", " : ": ") << "CREDIT LOST in a copy";
    out << "\n";
    const bool with_license = !report.registry.empty();
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> header = copy_header(with_license);
    header.insert(header.begin(), {"RELATION", "DIST"});
    rows.push_back(std::move(header));
    for (const auto& m : c.members) {
      const auto& item = report.items[m.item];
      const CopyLicense* license = m.item < report.licenses.size() ? &report.licenses[m.item] : nullptr;
      auto cells = copy_cells(item.path, item.credit, item.mtime_ns, sha_of(item), item.provenance, item.history,
                              license, with_license);
      cells.insert(cells.begin(), {m.relation, std::to_string(m.distance)});
      rows.push_back(std::move(cells));
    }
    write_table(out, rows);
  }
  out << counted(report.items.size(), "image") << ", " << counted(report.clusters.size(), "cluster")
      << " of the same photo" << hidden_note(report.hidden) << "\n";
}

void write_dupes_json(std::ostream& out, std::ostream& err, const catalog::DupesReport& report) {
  write_dupes_errors(err, report);
  nlohmann::json clusters = nlohmann::json::array();
  for (const auto& c : report.clusters) {
    nlohmann::json members = nlohmann::json::array();
    for (const auto& m : c.members) {
      const auto& item = report.items[m.item];
      nlohmann::json member{{"path", item.path},
                            {"relation", m.relation},
                            {"distance", m.distance},
                            {"credit", item.credit},
                            {"organizations", item.organizations}};
      add_copy_json(member, item.mtime_ns, sha_of(item), item.provenance, item.history,
                    m.item < report.licenses.size() ? &report.licenses[m.item] : nullptr);
      members.push_back(std::move(member));
    }
    clusters.push_back({{"kind", c.kind},
                        {"credit_disagreement", c.credit_disagreement},
                        {"credit_lost", c.credit_lost},
                        {"members", members}});
  }
  const nlohmann::json doc{{"images", report.items.size()},
                           {"hidden", report.hidden},
                           {"registry", text_or_null(report.registry)},
                           {"clusters", clusters},
                           {"errors", report.errors}};
  out << doc.dump(2, ' ', false, kReplace) << "\n";
}

}  // namespace photoaudit::audit
