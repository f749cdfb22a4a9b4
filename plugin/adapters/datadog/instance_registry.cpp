#include "instance_registry.hpp"

#include <algorithm>
#include <utility>

#include "instance_options.hpp"

namespace kcheck::datadog {

namespace {

Clock::duration idle_limit(const Instance& instance) {
  const Clock::duration interval =
      instance.observed_interval.value_or(Clock::duration(instance.configured_interval));
  return std::max<Clock::duration>(kMinIdleLimit, kIdleIntervals * interval);
}

}  // namespace

std::unique_ptr<Instance> make_instance(std::string_view init_config_text,
                                        std::string_view instance_text) {
  auto instance = std::make_unique<Instance>();
  instance->init_config_text = std::string(init_config_text);
  instance->instance_text = std::string(instance_text);
  auto prepared = prepare_instance(instance_text);
  if (!prepared.ok()) {
    instance->config_error = prepared.status();
    return instance;
  }
  instance->native_log = prepared->native_log;
  auto check = Check::create(init_config_text, prepared->core_text, 0);
  if (!check.ok()) {
    instance->config_error = check.status();
    return instance;
  }
  instance->check = std::move(check).value();
  instance->configured_interval = instance->check->config().min_collection_interval;
  return instance;
}

InstanceRegistry::Lease::~Lease() {
  if (registry_ != nullptr && instance_ != nullptr) registry_->release(*instance_);
}

InstanceRegistry::InstanceRegistry(InstanceFactory factory, NowFunction now)
    : factory_(std::move(factory)), now_(std::move(now)) {}

InstanceRegistry::Lease InstanceRegistry::acquire(std::string_view check_id,
                                                  std::string_view init_config_text,
                                                  std::string_view instance_text) {
  // Declared before any lock is taken: what is dropped is destroyed after the lock is released.
  Dropped dropped;
  const std::string key(check_id);
  const auto start = [this](Instance& instance) {
    const Clock::time_point now = now_();
    if (instance.last_start) instance.observed_interval = now - *instance.last_start;
    instance.last_start = now;
    ++instance.in_flight;
  };
  {
    std::lock_guard<std::mutex> lock(mutex_);
    drop_idle(now_(), dropped);
    auto it = by_check_id_.find(key);
    if (it != by_check_id_.end() && it->second->init_config_text == init_config_text &&
        it->second->instance_text == instance_text) {
      start(*it->second);
      return Lease(this, it->second);
    }
  }
  // Parsing a config may take a while: never under the lock other instances need.
  std::shared_ptr<Instance> fresh = factory_(init_config_text, instance_text);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto& slot = by_check_id_[key];
    if (slot != nullptr) dropped.push_back(std::move(slot));  // its texts changed
    slot = fresh;
    start(*fresh);  // in a Run from here on: never the one dropped beyond the cap
    drop_beyond_cap(dropped);
  }
  return Lease(this, std::move(fresh));
}

void InstanceRegistry::release(Instance& instance) {
  std::lock_guard<std::mutex> lock(mutex_);
  --instance.in_flight;
  instance.last_release = now_();
}

void InstanceRegistry::evict_idle() {
  Dropped dropped;
  std::lock_guard<std::mutex> lock(mutex_);
  drop_idle(now_(), dropped);
}

void InstanceRegistry::drop_idle(Clock::time_point now, Dropped& dropped) {
  for (auto it = by_check_id_.begin(); it != by_check_id_.end();) {
    const Instance& instance = *it->second;
    if (instance.in_flight == 0 && now - instance.last_release > idle_limit(instance)) {
      dropped.push_back(std::move(it->second));
      it = by_check_id_.erase(it);
    } else {
      ++it;
    }
  }
}

void InstanceRegistry::drop_beyond_cap(Dropped& dropped) {
  while (by_check_id_.size() > kMaxInstances) {
    auto oldest = by_check_id_.end();
    for (auto it = by_check_id_.begin(); it != by_check_id_.end(); ++it) {
      if (it->second->in_flight > 0) continue;
      if (oldest == by_check_id_.end() || it->second->last_release < oldest->second->last_release) {
        oldest = it;
      }
    }
    if (oldest == by_check_id_.end()) return;  // every instance is in a Run
    dropped.push_back(std::move(oldest->second));
    by_check_id_.erase(oldest);
  }
}

std::size_t InstanceRegistry::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return by_check_id_.size();
}

InstanceRegistry& process_registry() {
  static InstanceRegistry* const registry = new InstanceRegistry();  // never destroyed
  return *registry;
}

}  // namespace kcheck::datadog
