#include "datadog_host.hpp"

#include <dlfcn.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <regex>
#include <thread>

namespace kcheck::test {

namespace {

std::vector<std::string> tags_of(char** tags) {
  std::vector<std::string> out;
  for (char** t = tags; t != nullptr && *t != nullptr; ++t) out.emplace_back(*t);
  return out;
}

void on_metric(char* check_id, dd_metric_type_t type, char* name, double value, char** tags,
               char* hostname, bool flush_first_value) {
  Submission s;
  s.kind = Submission::Kind::kMetric;
  s.name = name;
  s.type = static_cast<int>(type);
  s.value = value;
  s.tags = tags_of(tags);
  s.hostname = hostname;
  s.flush_first_value = flush_first_value;
  Recorder::instance().add(check_id, std::move(s));
}

void on_service_check(char* check_id, char* name, int status, char** tags, char* hostname,
                      char* message) {
  Submission s;
  s.kind = Submission::Kind::kServiceCheck;
  s.name = name;
  s.type = status;
  s.tags = tags_of(tags);
  s.hostname = hostname;
  s.message = message;
  Recorder::instance().add(check_id, std::move(s));
}

void on_event(char*, dd_event_t*) {
  std::abort();
}  // the check never submits events

void on_histogram_bucket(char* check_id, char* name, long long value, float lower_bound,
                         float upper_bound, int monotonic, char* hostname, char** tags,
                         bool flush_first_value) {
  Submission s;
  s.kind = Submission::Kind::kBucket;
  s.name = name;
  s.count = value;
  s.lower_bound = lower_bound;
  s.upper_bound = upper_bound;
  s.monotonic = monotonic;
  s.tags = tags_of(tags);
  s.hostname = hostname;
  s.flush_first_value = flush_first_value;
  Recorder::instance().add(check_id, std::move(s));
}

void on_platform_event(char*, char*, int, char*) {
  std::abort();
}

void on_log(char* message, int level) {
  Submission s;
  s.kind = Submission::Kind::kLog;
  s.name = message;
  s.type = level;
  Recorder::instance().add("<log>", std::move(s));
}

bool owner_allowed(uid_t uid) {
  if (uid == 0) return true;
  const passwd* dd = ::getpwnam("dd-agent");
  return dd != nullptr && dd->pw_uid == uid;
}

std::optional<std::string> mode_error(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return path.string() + ": cannot stat";
  if (!owner_allowed(st.st_uid)) return path.string() + ": not owned by root or dd-agent";
  if ((st.st_mode & S_IRWXO) != 0) return path.string() + ": accessible by others";
  if ((st.st_mode & S_IWGRP) != 0) return path.string() + ": writable by the group";
  if ((st.st_mode & S_IXUSR) == 0) return path.string() + ": not executable by its owner";
  return std::nullopt;
}

}  // namespace

bool valid_check_name(std::string_view name) {
  static const std::regex kName("^[a-zA-Z0-9][a-zA-Z0-9_-]*$");
  return std::regex_match(name.begin(), name.end(), kName);
}

std::optional<std::string> permission_error(const std::filesystem::path& path) {
  if (auto e = mode_error(path.parent_path())) return e;
  return mode_error(path);
}

std::filesystem::path library_path(const std::filesystem::path& folder, std::string_view name) {
  return folder / ("libdatadog-agent-" + std::string(name) + ".so");
}

Recorder& Recorder::instance() {
  static Recorder recorder;
  return recorder;
}

void Recorder::add(const char* check_id, Submission s) {
  std::lock_guard<std::mutex> lock(mutex_);
  by_check_id_[check_id].push_back(std::move(s));
  pointers_[check_id].push_back(check_id);
}

std::vector<Submission> Recorder::take(const std::string& check_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  // Erased, not just emptied: a host that churns through check_ids must not grow here either.
  std::vector<Submission> out;
  if (auto node = by_check_id_.extract(check_id)) out = std::move(node.mapped());
  return out;
}

std::vector<const void*> Recorder::check_id_pointers(const std::string& check_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<const void*> out;
  if (auto node = pointers_.extract(check_id)) out = std::move(node.mapped());
  return out;
}

void Recorder::clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  by_check_id_.clear();
  pointers_.clear();
}

AggregatorTable::AggregatorTable(bool with_log_slot) {
  const std::size_t slots = with_log_slot ? 6 : 5;
  void* block = std::malloc(slots * sizeof(void (*)()));
  if (block == nullptr) std::abort();
  table_ = static_cast<dd_aggregator_t*>(block);
  table_->submit_metric = on_metric;
  table_->submit_service_check = on_service_check;
  table_->submit_event = on_event;
  table_->submit_histogram_bucket = on_histogram_bucket;
  table_->submit_event_platform_event = on_platform_event;
  if (with_log_slot) table_->log = on_log;
}

AggregatorTable::~AggregatorTable() {
  std::free(table_);
}

LoadedCheck::LoadedCheck(const std::filesystem::path& path) {
  ::dlerror();
  handle_ = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle_ == nullptr) {
    error_ = ::dlerror();
    return;
  }
  run_ = reinterpret_cast<dd_run_function_t>(::dlsym(handle_, "Run"));
  if (run_ == nullptr) {
    error_ = "no Run symbol";
    close();
    return;
  }
  auto version = reinterpret_cast<dd_version_function_t>(::dlsym(handle_, "Version"));
  if (version != nullptr) {
    const char* err = nullptr;
    const char* text = version(&err);
    if (text != nullptr) version_ = text;  // static storage: never freed
    if (err != nullptr) {
      version_error_ = err;
      std::free(const_cast<char*>(err));
    }
  }
}

LoadedCheck::~LoadedCheck() {
  close();
}

void LoadedCheck::close() {
  if (handle_ != nullptr) ::dlclose(handle_);
  handle_ = nullptr;
}

LoadedCheck::Outcome LoadedCheck::run(const std::string& check_id, const std::string& init_config,
                                      const std::string& instance_config,
                                      const AggregatorTable& table) const {
  Outcome outcome;
  // The Agent hands over C strings it owns for the duration of the call.
  std::string id = check_id, init = init_config, instance = instance_config;
  const char* error = nullptr;
  const dd_run_function_t run_fn = run_;
  std::thread runner([&] { run_fn(id.data(), init.data(), instance.data(), table.get(), &error); });
  runner.join();
  for (const void* seen : Recorder::instance().check_id_pointers(check_id)) {
    if (seen != static_cast<const void*>(id.data())) outcome.check_id_unchanged = false;
  }
  if (error != nullptr) {
    outcome.error = std::string(error);
    std::free(const_cast<char*>(error));  // what the Agent does: a literal here would crash
  }
  return outcome;
}

namespace {

int entries(const char* folder) {
  int n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(folder)) ++n;
  return n;
}

}  // namespace

int thread_count() {
  return entries("/proc/self/task");
}

int settled_thread_count(int expected, std::chrono::milliseconds bound) {
  const auto until = std::chrono::steady_clock::now() + bound;
  int n = thread_count();
  while (n > expected && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    n = thread_count();
  }
  return n;
}

int fd_count() {
  return entries("/proc/self/fd") - 1;  // the iterator's own descriptor on the folder
}

long resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  long size_pages = 0;
  long resident_pages = 0;
  statm >> size_pages >> resident_pages;
  return resident_pages * ::sysconf(_SC_PAGESIZE);
}

}  // namespace kcheck::test
