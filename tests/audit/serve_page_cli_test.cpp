// The editor's page of photoaudit serve in a real headless Chromium, driven over the DevTools protocol
// (--remote-debugging-pipe): the page loads from the server with nothing external, the token is typed in, a
// photo is put into its file input as a user would choose it, and the verdict and the catalogued copy appear;
// a credit with markup in the catalog stays text.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include "audit/serve_test_support.hpp"
#include "support/chromium.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using photoaudit::test::run_program;
using photoaudit::test::TempDir;
using namespace photoaudit::test::serve;

namespace {

// Headless Chromium with the DevTools protocol on fds 3 (commands in) and 4 (answers out), NUL-separated JSON.
class Browser {
 public:
  explicit Browser(const fs::path& profile) {
    const std::string chromium = photoaudit::test::find_chromium();
    if (chromium.empty()) throw std::runtime_error("chromium is not installed (scripts/setup test installs it)");
    int to_browser[2];
    int from_browser[2];
    if (::pipe(to_browser) != 0 || ::pipe(from_browser) != 0) throw std::runtime_error("pipe");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, to_browser[0], 3);
    posix_spawn_file_actions_adddup2(&actions, from_browser[1], 4);
    std::vector<std::string> args{chromium,
                                  "--headless",
                                  "--no-sandbox",
                                  "--disable-gpu",
                                  "--no-first-run",
                                  "--disable-background-networking",
                                  "--disable-component-update",
                                  "--disable-sync",
                                  "--disable-extensions",
                                  "--remote-debugging-pipe",
                                  "--user-data-dir=" + profile.string(),
                                  "about:blank"};
    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const int rc = posix_spawn(&pid_, chromium.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(to_browser[0]);
    ::close(from_browser[1]);
    if (rc != 0) throw std::runtime_error("cannot start chromium");
    in_ = to_browser[1];
    out_ = from_browser[0];
  }
  ~Browser() {
    ::close(in_);
    ::close(out_);
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  Browser(const Browser&) = delete;
  Browser& operator=(const Browser&) = delete;

  // Sends one command (to the page's session once attached) and returns its "result"; throws on an "error".
  json call(const std::string& method, const json& params = json::object()) {
    json message{{"id", ++next_id_}, {"method", method}, {"params", params}};
    if (!session_.empty()) message["sessionId"] = session_;
    const std::string text = message.dump() + std::string(1, '\0');
    if (::write(in_, text.data(), text.size()) != static_cast<ssize_t>(text.size())) throw std::runtime_error("write");
    for (;;) {
      const json answer = next_message();
      if (answer.value("id", -1) != next_id_) continue;  // events and other answers
      if (answer.contains("error")) throw std::runtime_error(method + ": " + answer["error"].dump());
      return answer["result"];
    }
  }

  // Opens a page target and attaches to it; later calls go to it.
  void open_page() {
    const json target = call("Target.createTarget", {{"url", "about:blank"}});
    const json attached = call("Target.attachToTarget", {{"targetId", target["targetId"]}, {"flatten", true}});
    session_ = attached["sessionId"].get<std::string>();
  }

  // The value of a JavaScript expression (awaited when it is a promise).
  json eval(const std::string& expression) {
    const json r = call("Runtime.evaluate",
                        {{"expression", expression}, {"returnByValue", true}, {"awaitPromise", true}});
    return r["result"].value("value", json());
  }

  // Polls expression every 100 ms until it is truthy or timeout; returns its last value.
  json wait_for(const std::string& expression, std::chrono::seconds timeout = std::chrono::seconds(30)) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    json value;
    while (std::chrono::steady_clock::now() < end) {
      value = eval(expression);
      if (!value.is_null() && value != false && value != "") return value;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return value;
  }

 private:
  json next_message() {
    std::string text;
    char c = 0;
    while (::read(out_, &c, 1) == 1) {
      if (c == '\0') return json::parse(text);
      text.push_back(c);
    }
    throw std::runtime_error("chromium closed its DevTools pipe");
  }

  pid_t pid_ = -1;
  int in_ = -1;
  int out_ = -1;
  int next_id_ = 0;
  std::string session_;
};

void write_bytes(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

}  // namespace

TEST_CASE("serve's page in headless Chromium: a chosen photo shows its verdict and the catalogued copy",
          "[serve][chromium]") {
  TempDir tmp;
  // A catalogued photo whose credit carries markup: the page must show it as text.
  // (No double quotes: exiv2 -M would read them as its own quoting.)
  const std::string hostile = "<img src=x onerror=document.title=1> <b>Photo</b> Agency";
  fs::create_directories(tmp.path / "hostile");
  const fs::path planted = tmp.path / "hostile" / "rocket.jpg";
  fs::copy_file(kArticle / "rocket-launch-epa.jpg", planted);
  // The credit in every field the reader reconciles (XMP wins over IIM when both are set).
  const auto tagged = run_program("exiv2", {"-M", "set Iptc.Application2.Credit String " + hostile, "-M",
                                            "set Xmp.photoshop.Credit " + hostile, planted.string()});
  REQUIRE(tagged.exit_code == 0);
  const fs::path db = scanned_catalog(tmp.path);
  REQUIRE(photoaudit::test::run_photoaudit({"scan", "--index", db.string(), "--quiet", (tmp.path / "hostile").string()})
              .exit_code == 0);
  ServeProcess server(db);
  const fs::path upload = tmp.path / "upload.jpg";
  write_bytes(upload, resized_jpeg("rocket-launch-epa.jpg", 0.7, 80));

  fs::create_directories(tmp.path / "profile");
  Browser browser(tmp.path / "profile");
  browser.open_page();
  browser.call("Page.navigate", {{"url", "http://127.0.0.1:" + std::to_string(server.port()) + "/"}});
  REQUIRE(browser.wait_for("document.body && document.body.dataset.ready") == "yes");
  browser.eval("document.getElementById('token').value = '" + kToken +
               "'; document.getElementById('channel').value = 'online'; true");
  const json root = browser.call("DOM.getDocument");
  const json input = browser.call("DOM.querySelector", {{"nodeId", root["root"]["nodeId"]}, {"selector", "#file"}});
  browser.call("DOM.setFileInputFiles", {{"files", {upload.string()}}, {"nodeId", input["nodeId"]}});
  const json state = browser.wait_for(
      "(() => { const s = document.getElementById('result').dataset.state; return s === 'done' || s === 'error' ? s : "
      "''; })()");
  INFO(browser.eval("document.getElementById('result').innerText").dump());
  REQUIRE(state == "done");
  const std::string verdict = browser.eval("document.getElementById('verdict').textContent");
  CHECK((verdict == "publish" || verdict == "check" || verdict == "do-not-publish"));
  const std::string table = browser.eval("document.getElementById('matches').innerText");
  CHECK(table.find("rocket-launch-epa.jpg") != std::string::npos);
  CHECK(table.find("rocket.jpg") != std::string::npos);
  // The hostile credit is in the table as text; no element was made of it and its script never ran.
  CHECK(table.find("<img src=x onerror=document.title=1> <b>Photo</b> Agency") != std::string::npos);
  CHECK(browser.eval("document.querySelectorAll('#result b').length") == 0);
  CHECK(browser.eval("document.querySelectorAll('#result img').length") == 0);
  CHECK(browser.eval("document.title") == "photoaudit: may we publish this photo?");

  // Dropped onto the page, as an editor drags it from the desktop: the same answer.
  const fs::path dropped = tmp.path / "dropped.jpg";
  fs::copy_file(upload, dropped);
  browser.eval("document.getElementById('result').dataset.state = ''; true");
  const json box = browser.eval(
      "(() => { const r = document.getElementById('drop').getBoundingClientRect(); "
      "return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()");
  const json drag{{"items", json::array()}, {"files", {dropped.string()}}, {"dragOperationsMask", 1}};
  for (const char* type : {"dragEnter", "dragOver", "drop"}) {
    browser.call("Input.dispatchDragEvent", {{"type", type}, {"x", box["x"]}, {"y", box["y"]}, {"data", drag}});
  }
  CHECK(browser.wait_for("(() => { const s = document.getElementById('result').dataset.state; "
                         "return s === 'done' || s === 'error' ? s : ''; })()") == "done");
  CHECK(std::string(browser.eval("document.getElementById('matches').innerText")).find("rocket-launch-epa.jpg") !=
        std::string::npos);

  // A wrong token: the page says so. (Another file, so that the input's change event fires again.)
  const fs::path second = tmp.path / "second.jpg";
  fs::copy_file(upload, second);
  browser.eval("document.getElementById('token').value = 'wrong-token-wrong-token'; true");
  browser.call("DOM.setFileInputFiles", {{"files", {second.string()}}, {"nodeId", input["nodeId"]}});
  CHECK(
      browser.wait_for(
          "(() => { const s = document.getElementById('result').dataset.state; return s === 'error' ? s : ''; })()") ==
      "error");
  const std::string said = browser.eval("document.getElementById('result').textContent");
  CHECK(said.find("401") != std::string::npos);
}
