// The HTML report (docs/reports.md): one self-contained page for a picture editor. Every value from an image
// or a page goes through html::escape(); thumbnails only when html::is_safe_image_data_uri() accepts them.
#include <algorithm>
#include <map>
#include <numeric>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "photoaudit/audit/image_verdict.hpp"
#include "photoaudit/audit/report_writers.hpp"
#include "photoaudit/common/plural.hpp"
#include "report/html_assets.hpp"
#include "report/html_credentials.hpp"
#include "report/html_escape.hpp"

namespace photoaudit::audit {
namespace {

using html::escape;

constexpr std::string_view kTitle = "photoaudit report";

// A data value as text: escaped, isolated for bidirectional text (a right-to-left override in a caption
// cannot reorder the rest of the line).
std::string value(std::string_view text) { return "<span class=\"v\">" + escape(text) + "</span>"; }

std::string_view severity_name(Severity severity) { return registry::to_string(severity); }

std::string badge(std::string_view severity) {
  return "<span class=\"badge " + std::string(severity) + "\">" + std::string(severity) + "</span>";
}

std::optional<Severity> worst_severity(const ImageAudit& image) {
  std::optional<Severity> worst;
  for (const Finding& f : image.findings) {
    if (!worst || f.severity > *worst) worst = f.severity;
  }
  return worst;
}

std::size_t count_of(const ImageAudit& image, Severity severity) {
  return static_cast<std::size_t>(std::count_if(image.findings.begin(), image.findings.end(),
                                                [&](const Finding& f) { return f.severity == severity; }));
}

// Most severe first: by worst finding, then by number of errors and warnings; stable otherwise.
std::vector<std::size_t> image_order(const AuditReport& report) {
  std::vector<std::size_t> order(report.images.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::vector<std::tuple<int, std::size_t, std::size_t>> rank;  // each image read once
  rank.reserve(order.size());
  for (const ImageAudit& image : report.images) {
    const auto worst = worst_severity(image);
    rank.emplace_back(worst ? static_cast<int>(*worst) + 1 : 0, count_of(image, Severity::kError),
                      count_of(image, Severity::kWarning));
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return rank[a] > rank[b]; });
  return order;
}

std::string thumbnail(const ImageAudit& image, std::string_view css_class) {
  const std::string uri = html::jpeg_data_uri(image.thumbnail_jpeg);
  if (!html::is_safe_image_data_uri(uri)) {
    return "<div class=\"" + std::string(css_class) + " placeholder\">No preview</div>";
  }
  return "<img class=\"" + std::string(css_class) + "\" src=\"" + escape(uri) + "\" alt=\"Preview of " +
         escape(image.display) + "\">";
}

void write_head(std::ostream& out) {
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"" << html::content_security_policy() << "\">\n"
      << "<meta name=\"referrer\" content=\"no-referrer\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>" << kTitle << "</title>\n<style>" << html::report_style() << "</style>\n</head>\n";
}

void write_context_line(std::ostream& out, const AuditContext& c) {
  out << "<p class=\"sub\">Publication date " << value(c.date.empty() ? "today" : c.date) << " · channel "
      << value(c.channel.empty() ? "not checked" : c.channel) << " · territory "
      << value(c.territory.empty() ? "not checked" : c.territory) << "</p>\n";
  if (c.registry_is_example) {
    out << "<div class=\"banner\" role=\"alert\"><strong>Example registry.</strong> These license verdicts come "
           "from the example registry that ships with photoaudit, not from your house's contracts. Run "
           "<code>photoaudit audit --registry your-registry.yaml</code> before relying on them.</div>\n";
  }
}

std::string verdict_badge(ImageVerdict verdict) {
  return "<span class=\"verdict " + std::string(to_string(verdict)) + "\">" + std::string(describe(verdict)) +
         "</span>";
}

// The first thing on the page: every image with its verdict and why, most severe first, each linked to its card.
// The rows are made first (each image decoded once) so that the heading can count them.
void write_verdicts(std::ostream& out, const AuditReport& report, const std::vector<std::size_t>& order) {
  VerdictCounts counts{};
  std::ostringstream rows;
  for (const std::size_t i : order) {
    const ImageAudit image = report.images[i];
    const ImageVerdict verdict = verdict_of(image);
    ++counts[static_cast<std::size_t>(verdict)];
    rows << "<tr data-verdict=\"" << to_string(verdict) << "\"><td>" << verdict_badge(verdict)
         << "</td><td class=\"path\"><a href=\"#image-" << i << "\">" << value(report.images.display(i))
         << "</a></td><td><span class=\"reasons\">";
    const std::vector<Rule> reasons = verdict_reasons(image);
    if (reasons.empty()) rows << "<span class=\"info\">no findings</span>";
    for (const Rule rule : reasons) {
      const registry::RuleInfo& info = registry::rule_info(rule);
      const auto worst = std::find_if(image.findings.begin(), image.findings.end(),
                                      [&](const Finding& f) { return f.rule == rule; });
      rows << "<span class=\"" << severity_name(worst->severity) << "\" title=\"" << escape(info.id) << "\">"
           << escape(info.title) << "</span>";
    }
    rows << "</span></td></tr>\n";
  }
  out << "<section class=\"verdicts\" id=\"verdicts\" aria-label=\"Verdict per image\"><h2>Verdict per image ("
      << escape(describe(counts)) << ")</h2><table><thead><tr><th>Verdict</th><th>Image</th>"
      << "<th>Why</th></tr></thead><tbody>\n"
      << rows.str() << "</tbody></table></section>\n";
}

// The pages audited, under the title (issue 17: the report of a page named neither its URL nor its title).
void write_pages(std::ostream& out, const std::vector<AuditedPage>& pages) {
  for (const AuditedPage& page : pages) {
    out << "<p class=\"sub page\">Page " << value(page.url);
    if (!page.title.empty()) out << " — " << value(page.title);
    out << "</p>\n";
  }
}

void write_tile(std::ostream& out, std::size_t n, std::string_view label, std::string_view css_class) {
  out << "<div class=\"tile " << css_class << "\"><span class=\"n\">" << n << "</span>" << label << "</div>";
}

// Rules that fired, most severe first, then by count: (rule, worst severity reached, count).
struct RuleCount {
  Rule rule;
  Severity worst;
  std::size_t count;
};

std::vector<RuleCount> rule_counts(const AuditReport& report) {
  std::map<std::string, RuleCount> by_rule;
  for (const ImageAudit& image : report.images) {
    for (const Finding& f : image.findings) {
      auto [it, inserted] = by_rule.emplace(std::string(registry::to_string(f.rule)), RuleCount{f.rule, f.severity, 0});
      if (f.severity > it->second.worst) it->second.worst = f.severity;
      ++it->second.count;
    }
  }
  std::vector<RuleCount> rows;
  for (auto& [rule, row] : by_rule) rows.push_back(std::move(row));
  std::stable_sort(rows.begin(), rows.end(), [](const RuleCount& a, const RuleCount& b) {
    return std::pair(a.worst, a.count) > std::pair(b.worst, b.count);
  });
  return rows;
}

// Compact counts by rule for the top of the page; the legend at the bottom explains each rule.
void write_rule_chips(std::ostream& out, const std::vector<RuleCount>& rows) {
  out << "<div class=\"panel\"><h3>Findings by rule</h3>";
  if (rows.empty()) out << "<p>No findings.</p>";
  out << "<ul class=\"chips\">";
  for (const RuleCount& row : rows) {
    out << "<li class=\"chip " << severity_name(row.worst) << "\" title=\""
        << escape(registry::rule_info(row.rule).help) << "\"><span class=\"rule\">"
        << escape(registry::to_string(row.rule)) << "</span><b>" << row.count << "</b></li>";
  }
  out << "</ul><p class=\"hint\"><a href=\"#rules\">What the rules mean</a></p></div>\n";
}

void write_rule_legend(std::ostream& out, const std::vector<RuleCount>& rows) {
  if (rows.empty()) return;
  out << "<section id=\"rules\"><h2>What the rules mean</h2><div class=\"panel\"><table><thead><tr>"
         "<th>Severity</th><th>Rule</th><th>Count</th><th>Meaning</th></tr></thead><tbody>\n";
  for (const RuleCount& row : rows) {
    out << "<tr><td>" << badge(severity_name(row.worst)) << "</td><td class=\"rule-id\">"
        << escape(registry::to_string(row.rule)) << "</td><td class=\"count\">" << row.count << "</td><td>"
        << escape(registry::rule_info(row.rule).help) << "</td></tr>\n";
  }
  out << "</tbody></table></div></section>\n";
}

void write_context_panel(std::ostream& out, const AuditContext& c) {
  const auto row = [&](std::string_view label, std::string_view text) {
    out << "<dt>" << label << "</dt><dd>" << value(text) << "</dd>";
  };
  out << "<div class=\"panel\"><dl class=\"kv\">";
  row("Generated", c.generated_at + " (UTC)");
  row("Registry", c.registry + " (" + std::string(c.registry_is_example ? "the example, " : "") +
                      std::string(describe(c.registry_source)) + ")");
  row("Registry SHA-256", c.registry_sha256);
  row("Channel", c.channel.empty() ? "not checked" : c.channel);
  row("Date", c.as_used ? "as used (each image at its own first use)" : c.date);
  row("Territory", c.territory.empty() ? "not checked" : c.territory);
  row("Purpose", c.purpose);
  row("Catalog", c.index.empty() ? "none" : c.index);
  if (!c.changed_since.empty()) row("Changed since", c.changed_since);
  if (c.staged) row("Audited", "the staged content (the git index), not the work tree");
  if (c.context_images > 0)
    row("Context", counted(c.context_images, "unchanged image") + ", for duplicates and credits");
  if (!c.index.empty()) row("Catalog last scan", c.index_scanned_at.empty() ? "never" : c.index_scanned_at + " (UTC)");
  row("Fail on", c.fail_on);
  row("Paths relative to", c.root);
  if (!c.duplicates_note.empty()) row("Duplicates", c.duplicates_note);
  row("photoaudit", c.tool_version);
  out << "</dl></div>\n";
}

void write_summary(std::ostream& out, const AuditReport& report) {
  const AuditSummary& s = report.summary;
  out << "<section class=\"summary\" aria-label=\"Summary\"><div class=\"tiles\">";
  write_tile(out, s.errors, "errors", "error");
  write_tile(out, s.warnings, "warnings", "warning");
  write_tile(out, s.infos, "notes", "info");
  write_tile(out, s.images, "images", "");
  write_tile(out, s.images_with_errors, "images with errors", "");
  write_tile(out, s.unreadable, "unreadable", "");
  write_tile(out, s.clusters, "duplicate clusters", "");
  out << "</div>\n<div class=\"panels\">\n";
  write_rule_chips(out, rule_counts(report));
  write_context_panel(out, report.context);
  out << "</div></section>\n";
}

void write_filters(std::ostream& out, const AuditReport& report) {
  const std::size_t without = static_cast<std::size_t>(std::count_if(
      report.images.begin(), report.images.end(), [](const ImageAudit& i) { return i.findings.empty(); }));
  const auto box = [&](std::string_view filter, std::string_view label, std::size_t n) {
    out << "<label><input type=\"checkbox\" data-filter=\"" << filter << "\" checked> " << badge(filter) << ' ' << label
        << " (" << n << ")</label>";
  };
  out << "<nav class=\"filters\" aria-label=\"Filter by severity\"><strong>Show</strong>";
  box("error", "errors", report.summary.errors);
  box("warning", "warnings", report.summary.warnings);
  box("info", "notes", report.summary.infos);
  box("ok", "images without findings", without);
  out << "<span class=\"shown\">showing <span id=\"shown-count\">" << report.images.size() << "</span> of "
      << counted(report.images.size(), "image") << "</span></nav>\n";
}

void write_cluster(std::ostream& out, const AuditReport& report, std::size_t index) {
  const DuplicateCluster& cluster = report.clusters[index];
  const bool alert = cluster.credit_disagreement || cluster.credit_lost || cluster.generated_and_photographic ||
                     cluster.private_and_agency;
  out << "<div class=\"cluster" << (alert ? " alert" : "") << "\" id=\"cluster-" << index << "\"><h3>Cluster "
      << index + 1 << " · " << escape(registry::to_string(cluster.kind)) << " · " << cluster.members.size()
      << " copies";
  if (cluster.credit_disagreement) out << "<span class=\"flag\">credits disagree</span>";
  if (cluster.credit_lost) out << "<span class=\"flag\">a copy lost its credit</span>";
  if (cluster.generated_and_photographic) out << "<span class=\"flag\">AI-generated and photograph</span>";
  if (cluster.private_and_agency) out << "<span class=\"flag\">private and agency</span>";
  out << "</h3><div class=\"members\">";
  for (const ClusterMember& m : cluster.members) {
    const bool in_set = m.archive_path.empty() && m.image < report.images.size();
    out << "<figure class=\"member\">";
    if (in_set) {
      out << thumbnail(report.images[m.image], "thumb") << "<figcaption><a href=\"#image-" << m.image
          << "\" class=\"path\">" << value(report.images.display(m.image)) << "</a>";
    } else {
      out << "<div class=\"thumb placeholder\">" << (m.context ? "Unchanged (context)" : "In the archive")
          << "</div><figcaption><span class=\"path\">" << value(m.archive_path) << "</span>";
    }
    out << "<br>" << escape(registry::to_string(m.relation)) << ", PDQ distance " << m.distance
        << (m.method.empty() ? std::string() : ", " + value(m.method))
        << "<br>Credit: " << (m.credit.empty() ? std::string("<em>none</em>") : value(m.credit))
        << "</figcaption></figure>";
  }
  out << "</div></div>\n";
}

// distributor → agency → photographer: the organisations outermost first, then the photographers.
void write_chain(std::ostream& out, const CreditSummary& credit) {
  if (credit.chain.empty() && credit.photographers.empty()) {
    out << "<p class=\"chain\"><em>No credit chain recognised.</em></p>";
    return;
  }
  out << "<p class=\"chain\">";
  bool first = true;
  const auto arrow = [&] {
    if (!first) out << "<span class=\"arrow\">→</span>";
    first = false;
  };
  for (const CreditChainLink& link : credit.chain) {
    arrow();
    out << "<span class=\"org\">" << value(link.name) << "</span>";
    if (!link.canonical.empty() && link.canonical != link.name)
      out << "<span class=\"id\">" << value(link.canonical) << "</span>";
  }
  for (const std::string& photographer : credit.photographers) {
    arrow();
    out << "<span class=\"person\">" << value(photographer) << "</span>";
  }
  for (const std::string& modifier : credit.modifiers) out << " <span class=\"flag\">" << escape(modifier) << "</span>";
  out << "</p>";
}

void write_status(std::ostream& out, const ImageAudit& image, const AuditContext& context) {
  const LicenseSummary& l = image.license;
  out << "<p class=\"status\">License <b>"
      << escape(registry::to_string(l.status.value_or(registry::LicenseStatus::kUnknown))) << "</b>";
  if (!l.licensor.empty()) out << " · licensor <b>" << value(l.licensor) << "</b>";
  if (!l.contract.empty()) out << " · contract <b>" << value(l.contract) << "</b>";
  if (const std::string_view note = context.contract_note(l.contract); !note.empty()) {
    out << " <span class=\"note\">(" << value(note) << ")</span>";
  }
  if (!l.date.empty()) out << " · at " << value(l.date);
  if (l.single_use) out << " · single use";
  if (l.editorial_only) out << " · editorial only";
  if (l.digital_source && *l.digital_source != registry::DigitalSource::kUnknown) {
    out << " · source: " << escape(registry::to_string(*l.digital_source));
  }
  if (image.cluster)
    out << " · <a href=\"#cluster-" << *image.cluster << "\">duplicate cluster " << *image.cluster + 1 << "</a>";
  out << "</p>";
}

void write_details(std::ostream& out, const ImageAudit& image) {
  const auto row = [&](std::string_view label, std::string_view text, bool mono = false) {
    if (text.empty()) return;
    out << "<dt>" << label << "</dt><dd" << (mono ? " class=\"mono\"" : "") << ">" << value(text) << "</dd>";
  };
  out << "<details><summary>Metadata and fingerprints</summary><dl class=\"kv\">";
  row("Path", image.path, true);
  row("Credit line", image.credit.text);
  row("Printed credit", image.credit.printed);
  row("By-line", image.creator);
  row("Copyright", image.copyright);
  row("Caption", image.caption);
  row("Date created", image.date_created);
  if (image.fingerprints) {
    const FingerprintSummary& f = *image.fingerprints;
    row("Format", f.format + " " + std::to_string(f.width) + "×" + std::to_string(f.height));
    row("SHA-256", f.sha256, true);
    row("PDQ", f.pdq + " (quality " + std::to_string(f.pdq_quality) + ")", true);
  }
  for (const std::string& note : image.notes) row("Decoder said", note, true);
  out << "</dl></details>";
}

void write_card(std::ostream& out, const ImageAudit& image, const AuditContext& context, std::size_t index) {
  const auto worst = worst_severity(image);
  std::string severities;
  for (const Severity s : {Severity::kError, Severity::kWarning, Severity::kInfo}) {
    if (count_of(image, s) == 0) continue;
    if (!severities.empty()) severities += ' ';
    severities += severity_name(s);
  }
  if (severities.empty()) severities = "ok";
  out << "<article class=\"card " << (worst ? severity_name(*worst) : "ok") << "\" id=\"image-" << index
      << "\" data-severities=\"" << severities << "\">" << thumbnail(image, "thumb") << "<div>"
      << "<h3>" << verdict_badge(verdict_of(image)) << "<span class=\"path\">"
      << value(image.display.empty() ? image.path : image.display) << "</span></h3>";
  if (image.error) {
    // The pipeline reports an unreadable file as a metadata-unreadable finding too, whose reason is the error;
    // say it once.
    const bool in_findings = std::any_of(image.findings.begin(), image.findings.end(), [&](const Finding& f) {
      return f.rule == Rule::kMetadataUnreadable && f.reason == *image.error;
    });
    if (!in_findings) out << "<p class=\"error-text\">Could not read the file: " << value(*image.error) << "</p>";
  } else {
    write_chain(out, image.credit);
  }
  write_status(out, image, context);
  if (image.credentials) html::write_credentials(out, *image.credentials);
  out << "<ul class=\"findings\">";
  if (image.findings.empty()) out << "<li>" << badge("ok") << "<span>No findings.</span></li>";
  for (const Finding& f : image.findings) {
    out << "<li data-severity=\"" << severity_name(f.severity) << "\">" << badge(severity_name(f.severity))
        << "<span><span class=\"rule\">" << escape(registry::to_string(f.rule)) << "</span>"
        << value(registry::render_message(f)) << "</span></li>";
  }
  out << "</ul>";
  if (!image.caption.empty()) out << "<p class=\"caption\">" << value(image.caption) << "</p>";
  write_details(out, image);
  out << "</div></article>\n";
}

}  // namespace

void write_html_report(std::ostream& out, const AuditReport& report) {
  write_head(out);
  out << "<body>\n<main>\n<h1>" << kTitle << "</h1>\n";
  write_pages(out, report.pages);
  write_context_line(out, report.context);
  const std::vector<std::size_t> order = image_order(report);
  write_verdicts(out, report, order);
  write_summary(out, report);
  write_filters(out, report);
  out << "<section id=\"images\"><h2>Images (" << report.images.size() << "), most severe first</h2>\n";
  for (const std::size_t i : order) write_card(out, report.images[i], report.context, i);
  out << "</section>\n";
  if (!report.clusters.empty()) {
    out << "<section id=\"clusters\"><h2>Duplicate clusters (" << report.clusters.size() << ")</h2>\n";
    for (std::size_t i = 0; i < report.clusters.size(); ++i) write_cluster(out, report, i);
    out << "</section>\n";
  }
  write_rule_legend(out, rule_counts(report));
  out << "<footer>Made by photoaudit " << escape(report.context.tool_version)
      << ". This page loads nothing from the network.</footer>\n</main>\n<script>" << html::report_script()
      << "</script>\n</body>\n</html>\n";
}

}  // namespace photoaudit::audit
