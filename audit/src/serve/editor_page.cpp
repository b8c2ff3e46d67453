// The picture editor's page at "/": drop a photo, see the verdict. One document with its script and style
// inline; the Content-Security-Policy allows exactly those two (by hash) and fetches to this origin. Every value
// from an answer is put into the page with textContent, never as markup.
#include <string>
#include <string_view>

#include "photoaudit/common/encoding.hpp"
#include "photoaudit/hashing/digest.hpp"
#include "serve/server_context.hpp"

namespace photoaudit::audit::serve {
namespace {

constexpr std::string_view kStyle = R"(
body{font:15px/1.4 system-ui,sans-serif;margin:2em auto;max-width:60em;padding:0 1em;color:#222}
#drop{border:3px dashed #888;border-radius:8px;padding:3em;text-align:center;margin:1em 0}
#drop.over{border-color:#06c;background:#eef5ff}
label{margin-right:1em}
.verdict{font-size:1.6em;font-weight:bold;padding:.3em .6em;border-radius:6px;display:inline-block}
.do-not-publish{background:#fdd;color:#900}.check{background:#ffe9b3;color:#734d00}.publish{background:#dfd;color:#060}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3em;text-align:left}
.error{color:#900}
)";

constexpr std::string_view kScript = R"(
'use strict';
const $ = (id) => document.getElementById(id);
function text(tag, value, cls) {
  const el = document.createElement(tag);
  el.textContent = value === null || value === undefined ? '' : String(value);
  if (cls) el.className = cls;
  return el;
}
function row(cells, tag) {
  const tr = document.createElement('tr');
  for (const c of cells) tr.appendChild(text(tag || 'td', c));
  return tr;
}
function showError(message) {
  const out = $('result');
  out.replaceChildren(text('p', message, 'error'));
  out.dataset.state = 'error';
}
function showAnswer(answer) {
  const out = $('result');
  out.replaceChildren();
  const image = answer.report && answer.report.images && answer.report.images[0];
  if (image) {
    out.appendChild(text('div', image.verdict, 'verdict ' + image.verdict));
    out.lastChild.id = 'verdict';
    const lic = image.license || {};
    out.appendChild(text('p', 'License: ' + lic.status + (lic.licensor ? ' (' + lic.licensor + ', ' + lic.contract + ')' : '') +
                                  (lic.date ? ' on ' + lic.date : '')));
    out.appendChild(text('p', 'Credit: ' + ((image.credit && image.credit.text) || '(none)')));
    const findings = document.createElement('ul');
    findings.id = 'findings';
    for (const f of image.findings || []) findings.appendChild(text('li', f.severity + ' ' + f.rule + ': ' + f.message));
    out.appendChild(findings);
  }
  out.appendChild(text('h2', answer.matches.length + ' catalogued copies' + (answer.hidden ? ' (' + answer.hidden + ' past uses hidden)' : '')));
  const table = document.createElement('table');
  table.id = 'matches';
  table.appendChild(row(['distance', 'state', 'first use', 'credit', 'license at first use', 'path'], 'th'));
  for (const m of answer.matches) {
    table.appendChild(row([m.distance, m.state, m.first_use, m.credit, m.license ? m.license.status : '', m.path]));
  }
  out.appendChild(table);
  out.dataset.state = 'done';
}
async function send(file) {
  const token = $('token').value.trim();
  if (!token) { showError('Enter the access token first.'); return; }
  const form = new FormData();
  form.append('file', file, file.name);
  if ($('channel').value) form.append('channel', $('channel').value);
  if ($('date').value) form.append('date', $('date').value);
  $('result').replaceChildren(text('p', 'Checking ' + file.name + ' ...'));
  $('result').dataset.state = 'busy';
  try {
    const res = await fetch('/v1/match', {method: 'POST', headers: {'Authorization': 'Bearer ' + token}, body: form});
    const answer = await res.json();
    if (!res.ok) { showError(res.status + ': ' + (answer.error ? answer.error.message : 'error')); return; }
    showAnswer(answer);
  } catch (e) {
    showError('The server could not be reached: ' + e);
  }
}
const drop = $('drop');
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  if (e.dataTransfer.files.length) send(e.dataTransfer.files[0]);
});
$('file').addEventListener('change', () => { if ($('file').files.length) send($('file').files[0]); });
document.body.dataset.ready = 'yes';
)";

std::string csp_hash(std::string_view text) {
  const auto digest = hashing::sha256_bytes(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
  return "'sha256-" + base64(digest.bytes) + "'";
}

std::string build_page() {
  std::string page = R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>photoaudit: may we publish this photo?</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>)";
  page += kStyle;
  page += R"(</style></head><body>
<h1>May we publish this photo?</h1>
<p><label>Access token <input id="token" type="password" autocomplete="off" size="40"></label></p>
<p><label>Channel <select id="channel"><option value="">not checked</option><option>print</option>
<option>online</option><option>social</option><option>app</option><option>tv</option></select></label>
<label>Publication date <input id="date" type="date"></label></p>
<div id="drop">Drop a photo here, or <input id="file" type="file" accept="image/*"></div>
<div id="result" data-state="empty"></div>
<p><small>The photo is checked by this server only; nothing is fetched from elsewhere.</small></p>
<script>)";
  page += kScript;
  page += "</script></body></html>\n";
  return page;
}

}  // namespace

std::string_view editor_page_html() {
  static const std::string page = build_page();
  return page;
}

std::string editor_page_policy() {
  static const std::string policy = "default-src 'none'; script-src " + csp_hash(kScript) + "; style-src " +
                                    csp_hash(kStyle) +
                                    "; connect-src 'self'; img-src 'self'; form-action 'none'; "
                                    "base-uri 'none'; frame-ancestors 'none'";
  return policy;
}

}  // namespace photoaudit::audit::serve
