// The public facade (kcheck/check.hpp) over Check: a pimpl, so that collectors linking
// kcheck::check never see the config/http/map headers nor their third-party includes.
#include <exception>
#include <new>
#include <string>
#include <utility>

#include "core/check.hpp"
#include "kcheck/check.hpp"

namespace kcheck {

Result<KrakendCheck> KrakendCheck::create(std::string_view init_config_text,
                                          std::string_view instance_text, int instance_index) {
  // Errors are values at the public boundary too: allocation or a lower layer's
  // constructor may still throw.
  try {
    auto check = Check::create(init_config_text, instance_text, instance_index);
    if (!check.ok()) return check.status();
    return KrakendCheck(std::move(check).value());
  } catch (const std::bad_alloc&) {
    return resource_exhausted("out of memory while configuring the check");
  } catch (const std::exception& e) {
    return internal_error(std::string("unexpected exception while configuring the check: ") +
                          e.what());
  } catch (...) {
    return internal_error("unexpected exception while configuring the check");
  }
}

KrakendCheck::KrakendCheck(std::unique_ptr<Check> check) noexcept : check_(std::move(check)) {}
KrakendCheck::KrakendCheck(KrakendCheck&&) noexcept = default;
KrakendCheck& KrakendCheck::operator=(KrakendCheck&&) noexcept = default;
KrakendCheck::~KrakendCheck() = default;

Status KrakendCheck::run(Sink& sink) {
  if (!check_) return internal_error("run: this KrakendCheck was moved from");
  return check_->run(sink);
}

void KrakendCheck::cancel() noexcept {
  if (check_) check_->cancel();
}

std::string_view KrakendCheck::endpoint() const noexcept {
  return check_ ? std::string_view(check_->config().http.endpoint) : std::string_view();
}

}  // namespace kcheck
