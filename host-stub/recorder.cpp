#include "recorder.hpp"

#include <string>
#include <utility>
#include <vector>

#include "records.hpp"

namespace kcheck::stub {

namespace {

std::vector<std::string> copy_tags(const kcheck_str* tags, std::size_t count) {
  std::vector<std::string> out;
  if (tags == nullptr) return out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) out.push_back(to_string(tags[i]));
  return out;
}

template <typename Body>
void record(void* host_ctx, Body&& body) noexcept {
  auto* rec = static_cast<Recorder*>(host_ctx);
  try {
    body(*rec);
  } catch (...) {
    rec->lost = true;
  }
}

/// A submission: counted, and copied for the reporter unless it only counts.
template <typename Body>
void submission(void* host_ctx, Body&& body) noexcept {
  auto* rec = static_cast<Recorder*>(host_ctx);
  if (rec->count_only) {
    ++rec->submissions;
    return;
  }
  record(host_ctx, std::forward<Body>(body));
}

void on_metric(void* host_ctx, const kcheck_metric* m) {
  submission(host_ctx, [m](Recorder& rec) {
    MetricRecord r;
    r.type = m->type;
    r.name = to_string(m->name);
    r.value = m->value;
    r.tags = copy_tags(m->tags, m->tag_count);
    r.hostname = to_string(m->hostname);
    r.flush_first_value = m->flush_first_value != 0;
    ++rec.submissions;
    rec.reporter->submission(rec.instance, Submission(std::move(r)));
  });
}

void on_service_check(void* host_ctx, const kcheck_service_check* sc) {
  submission(host_ctx, [sc](Recorder& rec) {
    ServiceCheckRecord r;
    r.status = sc->status;
    r.name = to_string(sc->name);
    r.tags = copy_tags(sc->tags, sc->tag_count);
    r.hostname = to_string(sc->hostname);
    r.message = to_string(sc->message);
    ++rec.submissions;
    rec.reporter->submission(rec.instance, Submission(std::move(r)));
  });
}

void on_bucket(void* host_ctx, const kcheck_histogram_bucket* b) {
  submission(host_ctx, [b](Recorder& rec) {
    BucketRecord r;
    r.name = to_string(b->name);
    r.value = b->value;
    r.lower_bound = b->lower_bound;
    r.upper_bound = b->upper_bound;
    r.monotonic = b->monotonic != 0;
    r.tags = copy_tags(b->tags, b->tag_count);
    r.hostname = to_string(b->hostname);
    r.flush_first_value = b->flush_first_value != 0;
    ++rec.submissions;
    rec.reporter->submission(rec.instance, Submission(std::move(r)));
  });
}

void on_log_record(void* host_ctx, const kcheck_log_record* l) {
  submission(host_ctx, [l](Recorder& rec) {
    LogRecordCopy r;
    r.status = l->status;
    r.timestamp_ms = l->timestamp_ms;
    r.json = to_string(l->json);
    r.message = to_string(l->message);
    ++rec.submissions;
    rec.reporter->submission(rec.instance, Submission(std::move(r)));
  });
}

void on_log(void* host_ctx, kcheck_log_level level, kcheck_str message) {
  record(host_ctx, [level, message](Recorder& rec) {
    rec.reporter->log(rec.instance, level, to_string(message));
  });
}

constexpr kcheck_host_callbacks kCallbacks = {
    .struct_size = sizeof(kcheck_host_callbacks),
    .submit_metric = on_metric,
    .submit_service_check = on_service_check,
    .submit_histogram_bucket = on_bucket,
    .log = on_log,
    .submit_log = on_log_record,
};

}  // namespace

const kcheck_host_callbacks& recorder_callbacks() noexcept {
  return kCallbacks;
}

}  // namespace kcheck::stub
