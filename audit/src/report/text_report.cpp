#include <algorithm>
#include <string>

#include "photoaudit/audit/image_verdict.hpp"
#include "photoaudit/audit/report_writers.hpp"
#include "photoaudit/audit/terminal_text.hpp"
#include "photoaudit/common/plural.hpp"

namespace photoaudit::audit {
namespace {

struct Palette {
  const char* red = "";
  const char* yellow = "";
  const char* cyan = "";
  const char* bold = "";
  const char* dim = "";
  const char* reset = "";
};

Palette palette(bool color) {
  if (!color) return {};
  return {"\x1b[31m", "\x1b[33m", "\x1b[36m", "\x1b[1m", "\x1b[2m", "\x1b[0m"};
}

const char* verdict_colour(ImageVerdict verdict, const Palette& p) {
  switch (verdict) {
    case ImageVerdict::kDoNotPublish:
      return p.red;
    case ImageVerdict::kCheck:
      return p.yellow;
    case ImageVerdict::kPublish:
      break;
  }
  return "";
}

// "do not publish", "check", "publish", upper-case and padded to one column.
std::string verdict_word(ImageVerdict verdict) {
  std::string word(describe(verdict));
  std::transform(word.begin(), word.end(), word.begin(), [](char c) { return c >= 'a' && c <= 'z' ? c - 32 : c; });
  word.resize(std::max<std::size_t>(word.size(), 14), ' ');
  return word;
}

// The contract the image's verdict names, with the registry's note (issue 16): "contract PA-2026: Vertragsnr. ...".
void write_contract(std::ostream& out, const ImageAudit& img, const AuditContext& context, const Palette& p) {
  if (img.license.contract.empty()) return;
  out << "      " << p.dim << "contract " << printable(img.license.contract);
  const std::string_view note = context.contract_note(img.license.contract);
  if (!note.empty()) out << ": " << printable(note);
  out << p.reset << "\n";
}

// One image: its verdict, path, printed credit and every finding (errors first; the notes stay, they carry the
// hints), the rule ids in one column.
void write_image(std::ostream& out, const ImageAudit& img, const AuditContext& context, ImageVerdict verdict,
                 std::size_t width, const Palette& p) {
  out << "  " << verdict_colour(verdict, p) << p.bold << verdict_word(verdict) << p.reset << "  "
      << printable(img.display) << "\n";
  if (!img.credit.printed.empty())
    out << "      " << p.dim << "printed: " << printable(img.credit.printed) << p.reset << "\n";
  for (const auto& note : img.notes) out << "      " << p.dim << "decoder: " << printable(note) << p.reset << "\n";
  write_contract(out, img, context, p);
  for (const auto& f : img.findings) {
    const char* colour = f.severity == Severity::kError ? p.red : f.severity == Severity::kWarning ? p.yellow : p.cyan;
    const std::string_view severity = registry::to_string(f.severity);
    const std::string_view rule = registry::to_string(f.rule);
    out << "      " << colour << severity << std::string(8 - severity.size(), ' ') << rule << p.reset
        << std::string(width - rule.size() + 2, ' ') << printable(registry::render_message(f)) << "\n";
  }
}

// Every image with its verdict, "do not publish" first, then "check", then "publish"; report order within.
void write_verdicts(std::ostream& out, const AuditReport& report, const Palette& p) {
  if (report.images.size() == 0) return;
  VerdictCounts counts{};
  std::vector<ImageVerdict> verdicts;
  verdicts.reserve(report.images.size());
  std::size_t width = 0;
  for (const auto& img : report.images) {
    verdicts.push_back(verdict_of(img));
    ++counts[static_cast<std::size_t>(verdicts.back())];
    for (const auto& f : img.findings) width = std::max(width, registry::to_string(f.rule).size());
  }
  out << p.bold << "VERDICT PER IMAGE" << p.reset << ": " << describe(counts) << "\n";
  for (const ImageVerdict verdict : {ImageVerdict::kDoNotPublish, ImageVerdict::kCheck, ImageVerdict::kPublish}) {
    if (counts[static_cast<std::size_t>(verdict)] == 0) continue;
    for (std::size_t i = 0; i < report.images.size(); ++i) {
      if (verdicts[i] == verdict) write_image(out, report.images[i], report.context, verdict, width, p);
    }
  }
  out << "\n";
}

// The pages audited (issue 17): "  page: URL — title", its image uses and distinct images, its notes.
void write_pages(std::ostream& out, const AuditReport& report, const Palette& p) {
  for (const auto& page : report.pages) {
    std::size_t distinct = 0;
    for (const auto& img : report.images) {
      distinct += std::any_of(img.uses.begin(), img.uses.end(), [&](const ImageUse& u) { return u.page == page.url; });
    }
    out << "  page: " << printable(page.url);
    if (!page.title.empty()) out << " — " << printable(page.title);
    out << "\n    " << counted(page.images, "image use") << ", " << counted(distinct, "distinct image") << "\n";
    for (const auto& note : page.notes) out << p.dim << "    note: " << printable(note) << p.reset << "\n";
  }
}

// What proves what was checked (issue 16): when, by which version, against which registry and catalog, with which
// options.
void write_provenance_lines(std::ostream& out, const AuditContext& c) {
  out << "  generated " << c.generated_at << " by photoaudit " << c.tool_version << "\n";
  out << "  registry " << printable(c.registry) << " (" << describe(c.registry_source) << ")";
  if (!c.registry_sha256.empty()) out << ", sha256 " << c.registry_sha256;
  out << "\n";
  if (!c.index.empty()) {
    out << "  archive catalog " << printable(c.index);
    out << (c.index_scanned_at.empty() ? std::string(", never scanned") : ", last scan " + c.index_scanned_at) << "\n";
  }
  out << "  options: date " << c.date << (c.as_used ? " (each image at its own first use)" : "") << ", channel "
      << (c.channel.empty() ? "any" : c.channel) << ", territory " << (c.territory.empty() ? "any" : c.territory)
      << ", purpose " << c.purpose << ", fail-on " << c.fail_on << "\n";
}

}  // namespace

void write_text_report(std::ostream& out, const AuditReport& report, bool color) {
  const Palette p = palette(color);
  const AuditContext& c = report.context;
  out << p.bold << "photoaudit " << c.command << p.reset << ": " << counted(report.summary.images, "image") << ", date "
      << c.date << ", channel " << (c.channel.empty() ? "any (not checked)" : c.channel);
  if (!c.territory.empty()) out << ", territory " << c.territory;
  out << "\n";
  write_provenance_lines(out, c);
  if (!c.changed_since.empty()) out << "  only files changed since " << printable(c.changed_since) << "\n";
  if (c.staged) out << "  only the staged content (the git index), not the work tree\n";
  if (c.context_images > 0)
    out << "  " << counted(c.context_images, "unchanged image") << " read as context for duplicates and credits\n";
  if (!c.duplicates_note.empty()) out << p.yellow << "  note: " << printable(c.duplicates_note) << p.reset << "\n";
  write_pages(out, report, p);
  if (c.registry_is_example) {
    out << p.yellow << "  (this is the EXAMPLE registry shipped with photoaudit: pass --registry with your house's "
        << "contracts)" << p.reset << "\n";
  }
  out << "\n";
  write_verdicts(out, report, p);

  if (!report.clusters.empty()) {
    out << p.bold << "SAME PHOTO, SEVERAL FILES (" << report.clusters.size() << ")" << p.reset << "\n";
    for (std::size_t i = 0; i < report.clusters.size(); ++i) {
      const auto& cl = report.clusters[i];
      out << "  " << i + 1 << ". " << registry::to_string(cl.kind) << " copies";
      if (cl.credit_lost) out << p.yellow << ", a copy lost its credit" << p.reset;
      if (cl.credit_disagreement) out << p.yellow << ", credits disagree" << p.reset;
      if (cl.generated_and_photographic) out << p.yellow << ", one copy AI-generated and one a photograph" << p.reset;
      if (cl.private_and_agency) out << p.yellow << ", one copy private and one an agency's" << p.reset;
      out << "\n";
      for (const auto& m : cl.members) {
        const std::string path = m.archive_path.empty() ? report.images.display(m.image) : m.archive_path;
        out << "     " << printable(path);
        if (m.context) out << p.dim << " (unchanged, context)" << p.reset;
        else if (!m.archive_path.empty()) out << p.dim << " (in the archive)" << p.reset;
        // How it matched (docs/json.md: the first member, or for an archive copy the audited image whose search
        // found it): "PDQ distance 14, pdq", "PDQ distance 58, local-features"; nothing for the first member.
        if (m.relation == Relation::kExact && !m.method.empty()) {
          out << p.dim << " (identical file)" << p.reset;
        } else if (m.relation == Relation::kContent) {
          out << p.dim << " (the same image data)" << p.reset;
        } else if (m.distance > 0 || !m.method.empty()) {
          out << p.dim << " (PDQ distance " << m.distance << (m.method.empty() ? "" : ", " + printable(m.method)) << ")"
              << p.reset;
        }
        out << "  " << (m.credit.empty() ? std::string("[no credit]") : "[" + printable(m.credit) + "]") << "\n";
      }
    }
    out << "\n";
  }

  const AuditSummary& s = report.summary;
  out << p.bold << "SUMMARY" << p.reset << ": " << counted(s.images, "image");
  if (s.photos != s.images) out << " (" << counted(s.photos, "distinct photo") << ")";
  if (s.unreadable != 0) out << " (" << s.unreadable << " unreadable)";
  out << ", " << counted(s.errors, "error") << ", " << counted(s.warnings, "warning") << ", " << s.infos << " info";
  if (s.images_with_errors == 1) out << "; 1 image must not be published as it is";
  if (s.images_with_errors > 1) out << "; " << s.images_with_errors << " images must not be published as they are";
  out << ". " << (s.failed ? std::string(p.red) + "FAIL" : std::string("PASS")) << p.reset << " (--fail-on "
      << c.fail_on << ")\n";
}

}  // namespace photoaudit::audit
