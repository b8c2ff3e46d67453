#include "report/html_assets.hpp"

#include <cstdint>

#include "photoaudit/common/encoding.hpp"
#include "photoaudit/hashing/digest.hpp"

namespace photoaudit::audit::html {
namespace {

constexpr std::string_view kStyle = R"css(
:root{--error:#b42318;--error-bg:#fef3f2;--warning:#93370d;--warning-bg:#fffaeb;--info:#175cd3;--info-bg:#eff8ff;
--ok:#067647;--ok-bg:#ecfdf3;--line:#d0d5dd;--muted:#475467;--ink:#101828;--page:#f2f4f7}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;background:var(--page);color:var(--ink);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
main{max-width:1200px;margin:0 auto;padding:20px 24px 40px}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:19px;margin:28px 0 10px}
h3{font-size:16px;margin:0}
.sub{color:var(--muted);margin:0 0 16px}
.v{unicode-bidi:isolate;overflow-wrap:anywhere}
.banner{background:var(--error-bg);border:2px solid var(--error);color:var(--error);border-radius:8px;padding:12px 16px;margin:12px 0 16px}
.tiles{display:flex;flex-wrap:wrap;gap:10px;margin:0 0 14px}
.tile{background:#fff;border:1px solid var(--line);border-left-width:6px;border-radius:8px;padding:8px 14px;min-width:120px}
.tile .n{display:block;font-size:26px;font-weight:700;line-height:1.1}
.tile.error{border-left-color:var(--error)}.tile.error .n{color:var(--error)}
.tile.warning{border-left-color:#f79009}.tile.warning .n{color:var(--warning)}
.tile.info{border-left-color:var(--info)}.tile.info .n{color:var(--info)}
.panels{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:14px;align-items:start}
@media (max-width:800px){.panels{grid-template-columns:1fr}}
.panel{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 14px}
table{border-collapse:collapse;width:100%}
td,th{text-align:left;vertical-align:top;padding:4px 6px;border-bottom:1px solid #eaecf0}
th{font-size:13px;color:var(--muted);font-weight:600}
td.count{text-align:right;font-variant-numeric:tabular-nums}
td.rule-id{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:13px;white-space:nowrap}
.panel h3{font-size:14px;color:var(--muted);margin:2px 0 8px}
.chips{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:6px}
.chip{border-radius:14px;padding:2px 4px 2px 10px;font-size:13px;border:1px solid var(--line);background:#fff}
.chip .rule{color:inherit;font-size:13px}
.chip b{display:inline-block;min-width:22px;text-align:center;border-radius:10px;padding:0 6px;margin-left:2px;background:#eaecf0}
.chip.error{border-color:#fda29b;background:var(--error-bg);color:var(--error)}.chip.error b{background:var(--error);color:#fff}
.chip.warning{border-color:#fec84b;background:var(--warning-bg);color:var(--warning)}.chip.warning b{background:#fdb022;color:#3d1d00}
.chip.info{border-color:#b2ddff;background:var(--info-bg);color:var(--info)}.chip.info b{background:#b2ddff}
.hint{margin:8px 0 0;font-size:13px}
dl.kv{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:2px 12px;margin:0}
dl.kv dt{color:var(--muted)}dl.kv dd{margin:0}
.badge{display:inline-block;min-width:62px;text-align:center;border-radius:10px;padding:0 8px;font-size:12px;font-weight:700;text-transform:uppercase;letter-spacing:.03em}
.badge.error{background:var(--error);color:#fff}.badge.warning{background:#fdb022;color:#3d1d00}
.badge.info{background:var(--info-bg);color:var(--info);border:1px solid #b2ddff}.badge.ok{background:var(--ok-bg);color:var(--ok)}
.filters{position:sticky;top:0;z-index:2;background:#fff;border:1px solid var(--line);border-radius:8px;padding:8px 14px;margin:18px 0 0;display:flex;flex-wrap:wrap;gap:6px 18px;align-items:center}
.filters label{cursor:pointer;white-space:nowrap}
.filters .shown{margin-left:auto;color:var(--muted)}
.cluster{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 14px;margin:0 0 12px}
.cluster.alert{border-color:#f79009;border-width:2px}
.flag{display:inline-block;margin-left:8px;font-size:13px;font-weight:600;color:var(--warning);background:var(--warning-bg);border-radius:6px;padding:0 6px}
.members{display:flex;gap:12px;overflow-x:auto;padding:8px 0 2px}
.member{flex:0 0 190px;margin:0;font-size:13px}
.member .thumb{width:190px;height:150px}
.card{display:grid;grid-template-columns:170px minmax(0,1fr);gap:16px;background:#fff;border:1px solid var(--line);border-left:6px solid var(--line);border-radius:8px;padding:12px;margin:0 0 12px}
.card.error{border-left-color:var(--error)}.card.warning{border-left-color:#f79009}.card.info{border-left-color:#84caff}.card.ok{border-left-color:#47cd89}
.thumb{width:170px;height:140px;object-fit:contain;background:#eaecf0;border-radius:6px;display:block}
.placeholder{display:flex;align-items:center;justify-content:center;color:var(--muted);font-size:13px;border:1px dashed #98a2b3}
.path{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:15px}
.chain{margin:6px 0}
.chain .org{font-weight:600}.chain .arrow{color:var(--muted);padding:0 6px}
.chain .id{font-size:12px;color:var(--muted);margin-left:4px}
.status{margin:4px 0;color:var(--muted)}
.status b{color:var(--ink)}
.findings{list-style:none;padding:0;margin:8px 0}
.findings li{margin:4px 0;display:grid;grid-template-columns:max-content minmax(0,1fr);gap:8px;align-items:baseline}
.rule{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px;color:var(--muted);margin-right:6px}
.caption{color:#344054;font-size:14px;margin:6px 0;display:-webkit-box;-webkit-line-clamp:3;-webkit-box-orient:vertical;overflow:hidden}
.error-text{color:var(--error);font-weight:600}
details{margin-top:6px;font-size:13px}summary{cursor:pointer;color:var(--muted)}
details dl.kv{margin-top:6px}
.mono{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px}
footer{color:var(--muted);font-size:13px;margin-top:24px}
.verdicts{background:#fff;border:1px solid var(--line);border-radius:8px;padding:6px 14px 10px;margin:0 0 16px}
.verdicts h2{margin:6px 0 6px}
.verdicts td{padding:3px 6px}
.verdicts td.path{font-size:13px}
.verdict{display:inline-block;min-width:118px;text-align:center;border-radius:10px;padding:1px 8px;font-size:12px;font-weight:700;text-transform:uppercase;letter-spacing:.03em;white-space:nowrap}
.verdict.do-not-publish{background:var(--error);color:#fff}
.verdict.check{background:#fdb022;color:#3d1d00}
.verdict.publish{background:var(--ok-bg);color:var(--ok);border:1px solid #75e0a7}
.reasons{display:flex;flex-wrap:wrap;gap:4px 10px;font-size:13px}
.reasons .error{color:var(--error);font-weight:600}.reasons .warning{color:var(--warning);font-weight:600}
.reasons .info{color:var(--muted)}
.card h3 .verdict{margin-right:10px;vertical-align:2px}
details.c2pa ul{list-style:none;margin:2px 0;padding-left:16px;border-left:1px solid var(--line)}
details.c2pa .k{color:var(--muted);margin-right:4px}details.c2pa .rel{color:var(--muted);font-size:12px}
.c2pa-state{border-radius:4px;padding:0 5px;font-weight:600}.c2pa-state.trusted{background:var(--ok-bg);color:var(--ok)}
.c2pa-state.valid{background:#fef0c7;color:#93370d}.c2pa-state.invalid{background:var(--error);color:#fff}
details.c2pa code.fail{color:var(--error)}details.c2pa code.note{color:var(--muted)}
)css";

constexpr std::string_view kScript = R"js(
(function () {
  'use strict';
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[data-filter]'));
  var cards = Array.prototype.slice.call(document.querySelectorAll('article[data-severities]'));
  var counter = document.getElementById('shown-count');
  function apply() {
    var on = {};
    boxes.forEach(function (box) { on[box.getAttribute('data-filter')] = box.checked; });
    var shown = 0;
    cards.forEach(function (card) {
      var visible = card.getAttribute('data-severities').split(' ').some(function (s) { return on[s]; });
      card.hidden = !visible;
      if (visible) shown += 1;
    });
    if (counter) counter.textContent = String(shown);
  }
  var wanted = /^#only=([a-z,]+)$/.exec(window.location.hash);
  if (wanted) {
    var list = wanted[1].split(',');
    boxes.forEach(function (box) { box.checked = list.indexOf(box.getAttribute('data-filter')) >= 0; });
  }
  boxes.forEach(function (box) { box.addEventListener('change', apply); });
  apply();
  document.body.setAttribute('data-filters', 'ready');
})();
)js";

// "'sha256-<base64>'": the CSP source expression that allows exactly this inline text.
std::string hash_source(std::string_view text) {
  const auto digest = hashing::sha256_bytes(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
  return "'sha256-" + base64(digest.bytes) + "'";
}

}  // namespace

std::string_view report_style() { return kStyle; }

std::string_view report_script() { return kScript; }

std::string content_security_policy() {
  return "default-src 'none'; img-src data:; style-src " + hash_source(kStyle) + "; script-src " +
         hash_source(kScript) + "; base-uri 'none'; form-action 'none'";
}

}  // namespace photoaudit::audit::html
