#include "instance_registry.hpp"

#include <algorithm>
#include <utility>

#include "instance_options.hpp"

namespace kcheck::datadog {

namespace {

// An instance unused for this long is presumed unscheduled; an instance with a longer
// min_collection_interval gets ten of its intervals.
constexpr std::chrono::milliseconds kMinIdleLimit = std::chrono::hours(1);
constexpr int kIdleIntervals = 10;

}  // namespace

std::unique_ptr<Instance> make_instance(std::string_view init_config_text,
                                        std::string_view instance_text) {
  auto instance = std::make_unique<Instance>();
  instance->init_config_text = std::string(init_config_text);
  instance->instance_text = std::string(instance_text);
  instance->idle_limit = kMinIdleLimit;
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
  instance->idle_limit =
      std::max(kMinIdleLimit, kIdleIntervals * instance->check->config().min_collection_interval);
  return instance;
}

InstanceRegistry::Lease::~Lease() {
  if (registry_ != nullptr && instance_ != nullptr) registry_->release(*instance_);
}

InstanceRegistry::InstanceRegistry(InstanceFactory factory) : factory_(std::move(factory)) {}

InstanceRegistry::Lease InstanceRegistry::acquire(std::string_view check_id,
                                                  std::string_view init_config_text,
                                                  std::string_view instance_text) {
  evict_idle(Clock::now());
  const std::string key(check_id);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = by_check_id_.find(key);
    if (it != by_check_id_.end() && it->second->init_config_text == init_config_text &&
        it->second->instance_text == instance_text) {
      ++it->second->in_flight;
      return Lease(this, it->second);
    }
  }
  // Parsing a config may take a while: never under the lock other instances need.
  std::shared_ptr<Instance> fresh = factory_(init_config_text, instance_text);
  std::shared_ptr<Instance> replaced;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto& slot = by_check_id_[key];
    replaced = std::move(slot);  // destroyed below, outside the lock (it may close sockets)
    slot = fresh;
    ++fresh->in_flight;
  }
  return Lease(this, std::move(fresh));
}

void InstanceRegistry::release(Instance& instance) {
  std::lock_guard<std::mutex> lock(mutex_);
  --instance.in_flight;
  instance.last_release = Clock::now();
}

void InstanceRegistry::evict_idle(Clock::time_point now) {
  std::vector<std::shared_ptr<Instance>> evicted;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = by_check_id_.begin(); it != by_check_id_.end();) {
      const Instance& instance = *it->second;
      if (instance.in_flight == 0 && now - instance.last_release > instance.idle_limit) {
        evicted.push_back(std::move(it->second));
        it = by_check_id_.erase(it);
      } else {
        ++it;
      }
    }
  }
  // `evicted` is destroyed here, after the lock is released.
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
