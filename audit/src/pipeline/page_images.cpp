#include "pipeline/page_images.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <system_error>

#include "photoaudit/audit/fetch.hpp"
#include "photoaudit/audit/page_extract.hpp"
#include "photoaudit/audit/parallel.hpp"
#include "photoaudit/audit/url_scheme.hpp"
#include "photoaudit/common/file_read.hpp"

namespace photoaudit::audit::pipeline {
namespace {

// Page images are fetched this many at a time, so a page with hundreds of images never holds all their
// bytes at once.
constexpr std::size_t kFetchBatch = 16;

// Where an image of the page comes from.
struct ImageSource {
  std::string url;      // as the report names it (absolute URL, or the local file's path)
  std::string fetch;    // what to fetch: a web or data: URL ("" for a local file)
  std::string file;     // local file to read ("" for fetched ones)
  std::string refusal;  // why it is not read at all ("" when it is)
};

// The real path of file (symbolic links resolved; a missing file keeps its missing tail) when it lies inside the
// real path of folder; nullopt when it lies outside or cannot be resolved.
std::optional<std::filesystem::path> resolve_inside(const std::filesystem::path& file,
                                                    const std::filesystem::path& folder) {
  std::error_code ec;
  const auto real_folder = std::filesystem::canonical(folder, ec);
  if (ec) return std::nullopt;
  const auto real_file = std::filesystem::weakly_canonical(file, ec);
  if (ec) return std::nullopt;
  const auto inside = real_file.lexically_relative(real_folder);
  if (inside.empty() || *inside.begin() == ".." || inside == ".") return std::nullopt;
  return real_file;
}

// A local page's reference to a file: relative ones are read relative to the page's folder, root-relative ones
// ("/bilder/x.jpg") relative to site_root (--site-root), and refused without it. What is read must stay inside
// that folder, by name and by real path (no "..", no symbolic link out): fail closed.
void locate_file(ImageSource& src, const std::filesystem::path& page_dir, const std::filesystem::path& site_root) {
  const std::string& url = src.url;
  std::string rel = url.substr(0, url.find_first_of("?#"));
  if (rel.starts_with("//")) {
    src.refusal = "not read: a protocol-relative reference (another host) inside a local page is never followed";
    return;
  }
  const bool root_relative = rel.starts_with("/");
  if (root_relative && site_root.empty()) {
    src.refusal =
        "not read: a root-relative path in a local page; pass --site-root DIR (the folder the site's / "
        "is served from) to read it";
    return;
  }
  while (rel.starts_with("/")) rel.erase(0, 1);
  const std::filesystem::path& folder = root_relative ? site_root : page_dir;
  const std::string folder_name = root_relative ? "--site-root folder" : "page's folder";
  const std::filesystem::path joined = (folder / rel).lexically_normal();
  const auto inside = joined.lexically_relative(folder);
  if (rel.empty() || inside.empty() || *inside.begin() == "..") {
    src.refusal = "not read: the reference leaves the " + folder_name;
    return;
  }
  // The names stay inside; what they resolve to must too: a symbolic link in the folder (or a linked folder on
  // the way) to a file outside is not followed (issue 18). The file read is the resolved one, so what was
  // checked is what is read.
  const auto resolved = resolve_inside(joined, folder);
  if (!resolved) {
    src.refusal = "not read: the reference leaves the " + folder_name + " through a symbolic link";
    return;
  }
  src.url = joined.string();
  src.file = resolved->string();
}

ImageSource locate(const std::string& url, const std::filesystem::path& page_dir,
                   const std::filesystem::path& site_root, bool local_page) {
  ImageSource src;
  src.url = url;
  const std::string scheme = page::url_scheme(url);
  if (scheme == "http" || scheme == "https") {
    src.fetch = url;
    return src;
  }
  if (scheme == "data") {
    // The report names a data: image by its start and size, not by its (possibly megabytes of) text.
    src.fetch = url;
    src.url = url.substr(0, std::min<std::size_t>(url.size(), 40)) + "… (" + std::to_string(url.size()) +
              " characters)";
    return src;
  }
  if (!scheme.empty()) {
    src.refusal = "not fetched: a " + scheme + ": URL inside a page is never followed (only http, https and data:)";
    return src;
  }
  if (!local_page) {
    src.refusal = "not fetched: the page gives no base URL to resolve this relative reference against";
    return src;
  }
  locate_file(src, page_dir, site_root);
  return src;
}

Result<std::string> read_page_file(const std::string& path, std::size_t max_bytes) {
  auto html = read_file_bounded(path, max_bytes);
  if (!html && html.error().code == ErrorCode::kNotFound) {
    return fail(Error::not_found(path + ": no such page file (give a URL or an HTML file)"));
  }
  return html;
}

ImageUse use_of(const PageImage& image, const std::string& page) {
  return {.page = page,
          .context = image.context,
          .position = image.position,
          .caption = image.caption,
          .printed_credit = image.printed_credit,
          .alt = image.alt,
          .link = image.link_href,
          .number = image.number};
}

// How a message names the place: "figure", "teaser", "inline" (numbered as a reader counts the pictures),
// "og:image" and "JSON-LD image" (named, not numbered: a reader does not see them).
std::string place_name(ImageContext context) {
  return context == ImageContext::kJsonLd ? std::string("JSON-LD image") : std::string(to_string(context));
}

// Adds where a page shows the image to a finding's places: the first registry::kNamedItems, then only counted.
// The place's position is the reader's number less one (issue 17: "figure #5" counted og:image and JSON-LD).
void add_place(registry::PagePlaces& places, const ImageUse& use) {
  if (places.places.size() < registry::kNamedItems) {
    places.places.push_back({place_name(use.context), use.number == 0 ? 0 : use.number - 1, use.caption, use.alt});
  } else {
    ++places.unnamed;
  }
}

// Images smaller than this on their longer side are icons, buttons and tracking pixels, not photos.
constexpr std::uint32_t kMinPhotoSide = 150;

// The page's own findings for one image: which shown uses print no credit, and how often it is shown.
// Figures and teasers must print a credit (error); other inline images only when they are photo-sized
// (warning: a logo or an icon needs none).
void add_page_findings(ImageAudit& img) {
  const bool photo_sized = !img.fingerprints ||
                           std::max(img.fingerprints->width, img.fingerprints->height) >= kMinPhotoSide;
  std::vector<const ImageUse*> uncredited;
  bool uncredited_figure = false;
  std::size_t shown_uses = 0;
  for (const auto& use : img.uses) {
    const bool figure = use.context == ImageContext::kFigure || use.context == ImageContext::kTeaser;
    if (!figure && use.context != ImageContext::kInline) continue;
    ++shown_uses;
    if (!use.printed_credit.empty() || (!figure && !photo_sized)) continue;
    uncredited.push_back(&use);
    uncredited_figure = uncredited_figure || figure;
  }
  if (!uncredited.empty()) {
    registry::PagePlaces where;
    for (const auto* u : uncredited) add_place(where, *u);
    std::string embedded = img.credit.text.empty() ? img.copyright : img.credit.text;
    img.findings.push_back({.rule = Rule::kCaptionCreditMissing,
                            .severity = uncredited_figure ? Severity::kError : Severity::kWarning,
                            .embedded_credit = embedded,
                            .detail = std::move(where)});
  }
  if (shown_uses > 1) {
    registry::PagePlaces where;
    for (const auto& use : img.uses) {
      if (use.context == ImageContext::kFigure || use.context == ImageContext::kTeaser ||
          use.context == ImageContext::kInline) {
        add_place(where, use);
      }
    }
    img.findings.push_back({.rule = Rule::kDuplicate, .severity = Severity::kInfo, .detail = std::move(where)});
  }
}

}  // namespace

Result<PageOutcome> audit_page(const std::string& source, const AuditSetup& setup) {
  if (is_web_url(source)) {
    auto fetched = fetch(source, setup.fetch);
    if (!fetched) return fail(fetched.error());
    if (looks_like_image(fetched->body)) {
      return fail(Error::invalid_argument(source + ": is an image, not a page (audit it with photoaudit audit)"));
    }
    return audit_fetched_page(source, std::move(*fetched), setup);
  }
  ExtractOptions extract_options;
  auto text = read_page_file(source, extract_options.max_html_bytes);
  if (!text) return fail(text.error());
  FetchedResource page;
  page.url = source;
  page.body = std::move(*text);
  return audit_fetched_page(source, std::move(page), setup);
}

Result<PageOutcome> audit_fetched_page(const std::string& source, FetchedResource fetched, const AuditSetup& setup) {
  PageOutcome outcome;
  AuditedPage& page = outcome.page;
  page.source = source;
  const bool local = !is_web_url(source);
  ExtractOptions extract_options;
  std::string html = std::move(fetched.body);
  std::string page_url;
  std::filesystem::path page_dir;
  std::filesystem::path site_root;
  if (local) {
    std::error_code ec;
    page_dir = std::filesystem::absolute(source, ec).lexically_normal().parent_path();
    if (!setup.site_root.empty()) site_root = std::filesystem::absolute(setup.site_root, ec).lexically_normal();
    // A local page's relative references are read relative to its file: not worth a note.
    extract_options.note_relative_without_base = false;
  } else {
    page_url = fetched.final_url;
    extract_options.http_charset = fetched.charset;
  }
  auto extract = extract_page(html, page_url, extract_options);
  html.clear();
  html.shrink_to_fit();
  if (!extract) return fail(extract.error());
  page.url = local ? source : page_url;
  page.title = extract->title;
  page.charset = extract->charset;
  page.notes = std::move(extract->notes);
  page.images = extract->images.size();

  // One entry per distinct image URL, in order of first use.
  std::vector<ImageSource> sources;
  std::vector<std::vector<ImageUse>> uses;
  std::map<std::string, std::size_t> by_url;
  for (const PageImage& image : extract->images) {
    ImageSource src = locate(image.url, page_dir, site_root, local);
    const auto [it, inserted] = by_url.emplace(src.file.empty() ? image.url : src.file, sources.size());
    if (inserted) {
      sources.push_back(std::move(src));
      uses.emplace_back();
    }
    uses[it->second].push_back(use_of(image, page.url));
  }

  for (std::size_t start = 0; start < sources.size(); start += kFetchBatch) {
    const std::size_t end = std::min(sources.size(), start + kFetchBatch);
    std::vector<std::string> urls;
    for (std::size_t i = start; i < end; ++i) {
      if (!sources[i].fetch.empty()) urls.push_back(sources[i].fetch);
    }
    std::vector<Result<FetchedResource>> batch = fetch_all(urls, setup.fetch);
    std::size_t next_fetched = 0;
    std::vector<std::optional<Result<FetchedResource>>> bodies(end - start);
    for (std::size_t i = start; i < end; ++i) {
      if (!sources[i].fetch.empty()) bodies[i - start] = std::move(batch[next_fetched++]);
    }
    parallel_ordered<AuditedImage>(
        end - start, setup.threads,
        [&](std::size_t k) -> AuditedImage {
          const ImageSource& src = sources[start + k];
          const std::vector<ImageUse>& image_uses = uses[start + k];
          std::optional<std::string> printed;
          for (const auto& use : image_uses) {
            if (!use.printed_credit.empty()) {
              printed = use.printed_credit;
              break;
            }
          }
          const std::string display = display_path(src.url, setup.root);
          if (!src.refusal.empty())
            return unreadable_image(src.url, display, src.url.substr(0, 200) + ": " + src.refusal);
          if (!src.file.empty()) return audit_image(gather_evidence(src.file, setup.evidence), setup, printed);
          const Result<FetchedResource>& body = *bodies[k];
          if (!body) return unreadable_image(src.url, display, body.error().message);
          if (auto format = verify_image_response(*body); !format) {
            return unreadable_image(src.url, display, format.error().message);
          }
          const auto* data = reinterpret_cast<const std::uint8_t*>(body->body.data());
          return audit_fetched_image(src.url, std::span(data, body->body.size()), setup, printed);
        },
        [&](std::size_t k, AuditedImage done) {
          done.audit.uses = std::move(uses[start + k]);
          if (done.audit.credit.printed.empty()) {
            for (const auto& use : done.audit.uses) {
              if (!use.printed_credit.empty()) {
                done.audit.credit.printed = use.printed_credit;
                break;
              }
            }
          }
          add_page_findings(done.audit);
          outcome.images.push_back(std::move(done));
          if (setup.progress) setup.progress(AuditProgress{.done = outcome.images.size(), .total = sources.size()});
        });
  }
  return outcome;
}

}  // namespace photoaudit::audit::pipeline
